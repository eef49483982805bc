"""Roles: viewers see everything and change nothing; editors sign in; every write checks the role itself."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from realize.contract.roles import Editor, NotAllowed
from realize.intake.ingest import parse_upload
from realize.ledger.store import Store
from realize.service import review_actions
from realize.service.history import history_table
from realize.web import auth
from tests.conftest import APP, editor, initiatives_csv

PASSWORD = "correct horse battery staple"


def open_app(secrets: dict | None = None, page: str | None = None) -> AppTest:
    test = AppTest.from_file(str(APP), default_timeout=90)
    for key, value in (secrets or {}).items():
        test.secrets[key] = value
    test.run()
    if page:
        test.switch_page(page).run()
    return test


def sign_in(test: AppTest, name: str, password: str) -> AppTest:
    test.sidebar.text_input(key="auth_name").set_value(name)
    test.sidebar.text_input(key="auth_password").set_value(password)
    next(button for button in test.sidebar.button if button.label == "Sign in").click().run()
    return test


# --------------------------------------------------------------------------- the store checks


@pytest.mark.parametrize("who", ["Ann", None, Editor(""), Editor("   ")])
def test_every_write_refuses_someone_who_is_not_an_editor(store: Store, who: object) -> None:
    store.apply(parse_upload([initiatives_csv(("INI-1", "Cloud", "Ann"))], store), editor("Ann"))
    review_actions.record(
        store,
        {
            "title": "Check",
            "owner": "Ann",
            "raised_on": "2026-11-01",
            "due_date": "2026-12-01",
            "initiative_id": "INI-1",
        },
        editor("Ann"),
    )
    version = store.data_version()
    upload = parse_upload([initiatives_csv(("INI-2", "ERP", "Bo"))], store)
    writes = [
        lambda: store.apply(upload, who),
        lambda: store.revert(1, who),
        lambda: store.save_settings({"discount_rate": 0.1}, who),
        lambda: review_actions.record(
            store,
            {"title": "x", "owner": "A", "raised_on": "2026-11-01", "due_date": "2026-12-01", "initiative_id": "INI-1"},
            who,
        ),
        lambda: review_actions.close(store, "ACT-001", who, status="done", closed_on=dt.date(2026, 11, 2), outcome=""),
    ]
    for write in writes:
        with pytest.raises(NotAllowed, match="Only editors can change data"):
            write()
    assert store.data_version() == version
    assert store.current("initiatives")["initiative_id"].tolist() == ["INI-1"]


# --------------------------------------------------------------------------- the modes


def test_the_mode_follows_the_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REALIZE_EDITOR_PASSWORD", raising=False)
    assert auth.mode() == "local"
    monkeypatch.setenv("REALIZE_EDITOR_PASSWORD", PASSWORD)
    assert auth.mode() == "password"
    assert auth.editor_password() == PASSWORD


def test_editors_under_single_sign_on_are_listed_by_email(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REALIZE_EDITORS", "Ann.Lee@Example.com, bo@example.com")
    editors = auth.editors_list()
    assert auth.is_editor_email("ann.lee@example.com", editors)
    assert auth.is_editor_email(" BO@example.com ", editors)
    assert not auth.is_editor_email("mallory@example.com", editors)
    assert not auth.is_editor_email(None, editors)


def test_passwords_compare_in_constant_time_and_failures_slow_down() -> None:
    assert auth.password_matches(PASSWORD, PASSWORD)
    assert not auth.password_matches(PASSWORD + " ", PASSWORD)
    assert [auth.failure_delay(failures) for failures in range(7)] == [0, 1, 2, 4, 8, 16, 16]


# --------------------------------------------------------------------------- in the app


def test_a_local_run_lets_everyone_edit_and_says_so(fresh_streamlit: Path) -> None:
    test = open_app()
    assert any("Local mode" in caption.value for caption in test.sidebar.caption)
    test.switch_page("app_pages/data.py").run()
    assert [title.value for title in test.title] == ["Data"]


def test_a_viewer_has_no_data_page_and_no_edit_controls(fresh_streamlit: Path) -> None:
    secrets = {"realize": {"editor_password": PASSWORD}}
    test = open_app(secrets)
    assert not test.exception
    with pytest.raises(ValueError):
        test.switch_page("app_pages/data.py")
    test.switch_page("app_pages/review.py").run()
    assert not test.exception
    labels = [button.label for button in test.button]
    assert "Record" not in labels and "Close the action" not in labels
    assert not [element for element in test.text_input if element.key == "editor_name_input"]


def test_a_wrong_password_is_refused_and_the_right_one_lets_an_editor_upload(fresh_streamlit: Path) -> None:
    test = open_app({"realize": {"editor_password": PASSWORD}})
    sign_in(test, "Maya Chen", "guess")
    assert not test.exception
    assert any("not the editor password" in error.value for error in test.sidebar.error)
    with pytest.raises(ValueError):
        test.switch_page("app_pages/data.py")

    sign_in(test, "Maya Chen", PASSWORD)
    assert any("Signed in as editor **Maya Chen**" in caption.value for caption in test.sidebar.caption)
    test.switch_page("app_pages/data.py").run()
    assert [title.value for title in test.title] == ["Data"]
    source = initiatives_csv(("MY-1", "Ours", "Maya Chen"))
    test.file_uploader[0].set_value([(source.name, source.content, "text/csv")]).run()
    next(button for button in test.button if button.label == "Apply this upload").click().run()
    assert not test.exception
    assert any("Applied upload #3 by Maya Chen" in message.value for message in test.success)
    store = Store(fresh_streamlit)
    try:
        assert history_table(store)["who"].iloc[0] == "Maya Chen"
    finally:
        store.close()


def test_under_single_sign_on_nobody_sees_data_before_signing_in(fresh_streamlit: Path) -> None:
    secrets = {
        "auth": {
            "redirect_uri": "http://localhost:8501/oauth2callback",
            "cookie_secret": "a-long-random-secret-for-the-test-only",
            "client_id": "realize",
            "client_secret": "secret",
            "server_metadata_url": "https://login.example.com/.well-known/openid-configuration",
        }
    }
    test = open_app(secrets)
    assert not test.exception
    assert [title.value for title in test.title] == ["Realize"]
    assert [button.label for button in test.button] == ["Sign in"]
    assert not test.dataframe and not test.metric
