# `make run` and `make test` work on a fresh machine with Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
# the upload size limit in MB: Streamlit's own and Realize's refuse the same files
REALIZE_MAX_UPLOAD_MB ?= 50
export REALIZE_MAX_UPLOAD_MB

.PHONY: run test bench lint format sample clean

$(VENV)/.runtime: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	$(BIN)/python -m streamlit run app.py --server.port $(PORT) --server.maxUploadSize $(REALIZE_MAX_UPLOAD_MB)

test: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

bench: $(VENV)/.dev
	$(BIN)/python bench/run.py

lint: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

sample: $(VENV)/.runtime
	$(BIN)/python data/make_sample.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache tests/screenshots
