"""The benchmark (`make bench`): speed at portfolio scale, as ratios measured in one run.

Each import and its bare read are timed in turns, five times, and their medians compared.

- importing the large workbook end to end (read, validate, apply) against fastexcel's bare read of the
  same file (target at most 1.5x) and against pandas.read_excel(engine="openpyxl") (target at least 10x
  faster; measured on the 200-initiative workbook, as openpyxl would take minutes on the large one);
- importing the CSV files against DuckDB's bare read_csv of the same files (target at most 2x);
- the same two as whole processes: `python -m realize import FILE... --db NEW` against a Python process
  that only reads the same files (fastexcel; DuckDB's read_csv), start-up included;
- `python -m realize --help`: the command line's start-up (median of 5; target under 0.3 s);
- recognising the sheets and headers of the large workbook (realize.intake.recognize), as a share of its import
  (target at most 5%);
- every view at three scales (the sample, 200 and 2,000 initiatives): median milliseconds and the growth
  factor from 200 to 2,000;
- every page's warm rerun through AppTest at the large scale, before and after a filter change (median;
  target at most 500 ms);
- peak memory of a process running every page on the large portfolio (target at most 1.5 GB);
- the stores side by side: importing, every view and every page's warm rerun at 200 and 2,000 initiatives
  on a DuckDB file and on a lake (DuckLake on a SQLite catalog), with the ratio lake / file.

Prints a table and writes bench/out/results.json. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import fastexcel  # noqa: E402
import pandas as pd  # noqa: E402

from bench import generate  # noqa: E402
from realize import measures  # noqa: E402
from realize.contract import catalog  # noqa: E402
from realize.contract.roles import Editor  # noqa: E402
from realize.intake.ingest import NothingStored, SourceFile, read_upload  # noqa: E402
from realize.intake.recognize import recognise  # noqa: E402
from realize.ledger.location import Location  # noqa: E402
from realize.ledger.store import SAMPLE_WORKBOOK, Store  # noqa: E402
from realize.service import uploads  # noqa: E402

AS_OF = dt.date(2026, 11, 22)
LARGE, MEDIUM = 2000, 200
PAGES = ("portfolio", "benefits", "costs", "delivery", "scorecard", "review", "brief", "data")
BENCHMARKER = Editor("benchmark", "command line")


def seconds(action: Callable[[], object], repeat: int) -> float:
    """The median wall time of `repeat` runs."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def scale_folder(initiatives: int) -> Path:
    folder = OUT / str(initiatives)
    if not (folder / "portfolio.xlsx").exists():
        print(f"Generating the {initiatives}-initiative portfolio...", flush=True)
        generate.write(initiatives, folder)
    return folder


def lake_at(path: Path) -> Location:
    """A lake on a SQLite catalog at `path`, its Parquet files beside it."""
    return Location("sqlite", str(path), f"{path}.files")


def fresh_store(where: Path | Location) -> Store:
    if isinstance(where, Location):
        Path(where.target).unlink(missing_ok=True)
        shutil.rmtree(str(where.data_path), ignore_errors=True)
        return Store(where)
    for leftover in (where, where.with_suffix(".duckdb.wal")):
        leftover.unlink(missing_ok=True)
    return Store(where)


def import_files(sources: list[SourceFile], database: Path | Location) -> float:
    """Seconds to read, validate and apply an upload into an empty database (opening it not counted), as the
    command line's import does it."""
    store = fresh_store(database)
    started = time.perf_counter()
    upload, applied = uploads.check_and_apply(sources, store, BENCHMARKER)
    assert applied is not None, upload.issue_frame().head().to_string()
    elapsed = time.perf_counter() - started
    store.close()
    return elapsed


def paired_seconds(bare: Callable[[], object], ours: Callable[[], float], repeat: int) -> tuple[float, float]:
    """Medians of a bare read and of our import (which times itself), run in turns: a machine that slows down
    or speeds up during the run weighs on both alike."""
    bare_times, our_times = [], []
    for _ in range(repeat):
        bare_times.append(seconds(bare, 1))
        our_times.append(ours())
    return statistics.median(bare_times), statistics.median(our_times)


def import_seconds(sources: list[SourceFile], database: Path | Location, repeat: int) -> float:
    return statistics.median(import_files(sources, database) for _ in range(repeat))


# --------------------------------------------------------------------------- imports


def bare_fastexcel(content: bytes) -> None:
    reader = fastexcel.read_excel(content)
    for name in reader.sheet_names:
        reader.load_sheet(name).to_arrow()


def bare_pandas(path: Path) -> None:
    pd.read_excel(path, sheet_name=None, engine="openpyxl")


def bare_duckdb_csv(folder: Path) -> None:
    connection = duckdb.connect()
    for path in sorted(folder.glob("*.csv")):
        connection.execute("select * from read_csv($path, all_varchar = true)", {"path": str(path)}).to_arrow_table()
    connection.close()


def import_results() -> dict[str, float]:
    large, medium = scale_folder(LARGE), scale_folder(MEDIUM)
    workbook = (large / "portfolio.xlsx").read_bytes()
    xlsx = [SourceFile("portfolio.xlsx", workbook)]
    csvs = [SourceFile(path.name, path.read_bytes()) for path in sorted((large / "csv").glob("*.csv"))]
    medium_xlsx = [SourceFile("portfolio.xlsx", (medium / "portfolio.xlsx").read_bytes())]
    scratch = OUT / "import.duckdb"
    results: dict[str, float] = {}
    results["xlsx_bare_fastexcel_s"], results["xlsx_import_s"] = paired_seconds(
        lambda: bare_fastexcel(workbook), lambda: import_files(xlsx, scratch), 5
    )
    results["csv_bare_duckdb_s"], results["csv_import_s"] = paired_seconds(
        lambda: bare_duckdb_csv(large / "csv"), lambda: import_files(csvs, scratch), 5
    )
    results["medium_xlsx_import_s"] = import_seconds(medium_xlsx, scratch, 3)
    results["medium_pandas_openpyxl_s"] = seconds(lambda: bare_pandas(medium / "portfolio.xlsx"), 1)
    read = read_upload(xlsx)

    def recognition() -> None:
        for raw in read.raw_sheets:
            raw.header_read = None  # each time from the cells, as an upload's first recognition is
        recognise(read.raw_sheets, NothingStored())

    results["recognition_s"] = seconds(recognition, 3)
    results["recognition_share"] = results["recognition_s"] / results["xlsx_import_s"]
    results["xlsx_import_vs_fastexcel"] = results["xlsx_import_s"] / results["xlsx_bare_fastexcel_s"]
    results["csv_import_vs_duckdb"] = results["csv_import_s"] / results["csv_bare_duckdb_s"]
    results["pandas_openpyxl_vs_import"] = results["medium_pandas_openpyxl_s"] / results["medium_xlsx_import_s"]
    return results


# --------------------------------------------------------------------------- whole processes

BARE_FASTEXCEL = """
import sys, fastexcel
reader = fastexcel.read_excel(sys.argv[1])
for name in reader.sheet_names:
    reader.load_sheet(name).to_arrow()
"""
BARE_READ_CSV = """
import sys, duckdb
connection = duckdb.connect()
for path in sys.argv[1:]:
    connection.execute("select * from read_csv($path, all_varchar = true)", {"path": path}).to_arrow_table()
"""


def process_seconds(command: list[str], repeat: int, before: Callable[[], object] = lambda: None) -> float:
    """The median wall time of a whole process (`before` runs first each time, not counted)."""
    times = []
    for _ in range(repeat):
        before()
        started = time.perf_counter()
        subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def process_results() -> dict[str, float]:
    large = scale_folder(LARGE)
    workbook = str(large / "portfolio.xlsx")
    csvs = [str(path) for path in sorted((large / "csv").glob("*.csv"))]
    scratch = OUT / "process_import.duckdb"

    def empty() -> None:
        for leftover in (scratch, scratch.with_suffix(".duckdb.wal")):
            leftover.unlink(missing_ok=True)

    realize = [sys.executable, "-m", "realize", "import"]
    results: dict[str, float] = {}
    results["xlsx_process_bare_s"], results["xlsx_process_import_s"] = paired_seconds(
        lambda: process_seconds([sys.executable, "-c", BARE_FASTEXCEL, workbook], 1),
        lambda: process_seconds([*realize, workbook, "--db", str(scratch)], 1, empty),
        5,
    )
    results["csv_process_bare_s"], results["csv_process_import_s"] = paired_seconds(
        lambda: process_seconds([sys.executable, "-c", BARE_READ_CSV, *csvs], 1),
        lambda: process_seconds([*realize, *csvs, "--db", str(scratch)], 1, empty),
        5,
    )
    results["help_s"] = process_seconds([sys.executable, "-m", "realize", "--help"], 5)
    empty()
    results["xlsx_process_ratio"] = results["xlsx_process_import_s"] / results["xlsx_process_bare_s"]
    results["csv_process_ratio"] = results["csv_process_import_s"] / results["csv_process_bare_s"]
    return results


# --------------------------------------------------------------------------- views


def loaded_store(initiatives: int | None, *, lake: bool = False) -> Store:
    """A database (a file, or a lake) holding the sample (None) or a generated portfolio, kept between runs."""
    name = "sample" if initiatives is None else str(initiatives)
    database: Path | Location = lake_at(OUT / f"{name}_lake.sqlite") if lake else OUT / f"{name}.duckdb"
    if not Path(database.target if lake else database).exists():
        source = SAMPLE_WORKBOOK if initiatives is None else scale_folder(initiatives) / "portfolio.xlsx"
        import_files([SourceFile(source.name, source.read_bytes())], database)
    return Store(database)


def view_milliseconds(store: Store, views: list[str]) -> dict[str, float]:
    filters = measures.Filters(as_of=AS_OF)
    timings = {}
    for view in views:
        measures.run(store, view, filters)  # the first run binds and warms DuckDB's caches
        timings[view] = 1000 * seconds(lambda view=view: measures.run(store, view, filters), 5)
    return timings


def view_results() -> dict[str, dict[str, float]]:
    views = benchmarked_views()
    results: dict[str, dict[str, float]] = {view: {} for view in views}
    for label, initiatives in (("sample", None), ("200", MEDIUM), ("2000", LARGE)):
        store = loaded_store(initiatives)
        for view, milliseconds in view_milliseconds(store, views).items():
            results[view][f"{label}_ms"] = milliseconds
        store.close()
    for timings in results.values():
        timings["growth_200_to_2000"] = timings["2000_ms"] / max(timings["200_ms"], 1e-9)
    return results


def benchmarked_views() -> list[str]:
    return [*catalog.NAMED_VIEWS, "benefit_value_by_month", "kpi_value_history"]


# --------------------------------------------------------------------------- stores


def store_results() -> dict[str, object]:
    """Imports, views and page reruns on a DuckDB file and on a lake, at 200 and 2,000 initiatives."""
    results: dict[str, object] = {"imports": {}, "views": {}, "pages": {}}
    for initiatives in (MEDIUM, LARGE):
        workbook = scale_folder(initiatives) / "portfolio.xlsx"
        sources = [SourceFile(workbook.name, workbook.read_bytes())]
        repeat = 3 if initiatives == MEDIUM else 1
        file_s = import_seconds(sources, OUT / "import.duckdb", repeat)
        lake_s = import_seconds(sources, lake_at(OUT / "import_lake.sqlite"), repeat)
        results["imports"][str(initiatives)] = {"file_s": file_s, "lake_s": lake_s, "ratio": lake_s / file_s}
        views = benchmarked_views()
        on_file, on_lake = loaded_store(initiatives), loaded_store(initiatives, lake=True)
        file_ms, lake_ms = view_milliseconds(on_file, views), view_milliseconds(on_lake, views)
        results["views"][str(initiatives)] = {
            view: {
                "file_ms": file_ms[view],
                "lake_ms": lake_ms[view],
                "ratio": lake_ms[view] / max(file_ms[view], 1e-9),
            }
            for view in views
        }
        results["pages"][str(initiatives)] = {"file": page_results(on_file), "lake": page_results(on_lake)}
        on_file.close()
        on_lake.close()
    return results


# --------------------------------------------------------------------------- pages


def page_results(store: Store | None = None) -> dict[str, dict[str, float]]:
    """Runs in a process of its own (AppTest and Streamlit's caches), on the large database (or this one)."""
    if store is None:
        store = loaded_store(LARGE)
        store.close()
    where = store.location
    environment = {**os.environ, "REALIZE_DB": where.uri}
    if where.data_path:
        environment["REALIZE_DATA_PATH"] = where.data_path
    if not where.is_lake:
        store.close()  # the pages' process opens the file; one process at a time holds it
    finished = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--pages", where.uri],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        timeout=900,
    )
    if finished.returncode != 0:
        raise RuntimeError(finished.stderr[-3000:])
    return json.loads(finished.stdout.strip().splitlines()[-1])


def measure_pages() -> dict[str, object]:
    from streamlit.testing.v1 import AppTest

    results: dict[str, object] = {}
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    app.query_params["as_of"] = AS_OF.isoformat()
    app.run()
    owners = app.sidebar.multiselect(key="owner").options
    for page in PAGES:
        if page != "portfolio":
            app.switch_page(f"app_pages/{page}.py")
        first = seconds(app.run, 1)
        warm = seconds(app.run, 5)
        app.sidebar.multiselect(key="owner").set_value([owners[PAGES.index(page) % len(owners)]])
        changed = seconds(app.run, 1)
        warm_after = seconds(app.run, 5)
        app.sidebar.multiselect(key="owner").set_value([])
        app.run()
        assert not app.exception, app.exception
        results[page] = {
            "first_ms": 1000 * first,
            "warm_ms": 1000 * warm,
            "filter_change_ms": 1000 * changed,
            "warm_after_change_ms": 1000 * warm_after,
        }
    results["peak_memory_mb"] = peak_memory_mb()
    return results


def peak_memory_mb() -> float:
    """This process's own peak resident size. Not getrusage's ru_maxrss: Linux carries it over from the parent
    through exec, so a pages process started by the bench after the imports reported the bench's own peak."""
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE).group(1)) / 1024


# --------------------------------------------------------------------------- report


def report(results: dict[str, object]) -> str:
    imports = results["imports"]
    xlsx, csv_files, pandas_file = (
        (imports["xlsx_import_s"], imports["xlsx_bare_fastexcel_s"], imports["xlsx_import_vs_fastexcel"]),
        (imports["csv_import_s"], imports["csv_bare_duckdb_s"], imports["csv_import_vs_duckdb"]),
        (imports["medium_xlsx_import_s"], imports["medium_pandas_openpyxl_s"], imports["pandas_openpyxl_vs_import"]),
    )
    lines = [
        "Imports (2,000 initiatives: 1,271,500 rows)",
        f"  xlsx end to end        {xlsx[0]:7.2f} s   fastexcel bare read {xlsx[1]:6.2f} s   "
        f"ratio {xlsx[2]:.2f}x (target <= 1.5x)",
        f"  csv end to end         {csv_files[0]:7.2f} s   DuckDB read_csv     {csv_files[1]:6.2f} s   "
        f"ratio {csv_files[2]:.2f}x (target <= 2x)",
        f"  xlsx, 200 initiatives  {pandas_file[0]:7.2f} s   pandas+openpyxl     {pandas_file[1]:6.2f} s   "
        f"ours {pandas_file[2]:.1f}x faster (target >= 10x)",
        f"  sheet and header recognition {imports['recognition_s']:5.2f} s = {imports['recognition_share']:.1%} "
        "of the xlsx import (target <= 5%)",
        *process_report(results["processes"]),
        "",
        f"{'View (median ms)':26}{'sample':>9}{'200':>9}{'2,000':>9}{'growth':>9}",
    ]
    for view, timings in results["views"].items():
        lines.append(
            f"  {view:24}{timings['sample_ms']:9.1f}{timings['200_ms']:9.1f}{timings['2000_ms']:9.1f}"
            f"{timings['growth_200_to_2000']:8.1f}x"
        )
    pages = results["pages"]
    lines += ["", f"{'Page, 2,000 initiatives (ms)':30}{'first':>8}{'warm':>8}{'filter':>8}{'warm after':>12}"]
    for page in PAGES:
        timings = pages[page]
        lines.append(
            f"  {page:28}{timings['first_ms']:8.0f}{timings['warm_ms']:8.0f}{timings['filter_change_ms']:8.0f}"
            f"{timings['warm_after_change_ms']:12.0f}"
        )
    lines += [
        "",
        f"Peak memory running every page on 2,000 initiatives: {pages['peak_memory_mb']:.0f} MB (target <= 1,536 MB)",
    ]
    return "\n".join(lines + store_report(results["stores"]))


def process_report(processes: dict[str, float]) -> list[str]:
    return [
        "",
        "Whole processes, start-up included (2,000 initiatives)",
        f"  python -m realize import BIG.xlsx {processes['xlsx_process_import_s']:6.2f} s   bare fastexcel process "
        f"{processes['xlsx_process_bare_s']:6.2f} s   ratio {processes['xlsx_process_ratio']:.2f}x (target <= 1.5x)",
        f"  python -m realize import *.csv    {processes['csv_process_import_s']:6.2f} s   bare read_csv process  "
        f"{processes['csv_process_bare_s']:6.2f} s   ratio {processes['csv_process_ratio']:.2f}x (target <= 2x)",
        f"  python -m realize --help          {processes['help_s']:6.2f} s   (median of 5; target < 0.3 s)",
    ]


def store_report(stores: dict[str, dict]) -> list[str]:
    """The stores side by side: a DuckDB file and a lake (SQLite catalog), and the ratio lake / file."""
    lines = ["", "Stores: a DuckDB file and a lake (DuckLake, SQLite catalog); ratio = lake / file"]
    for scale, timings in stores["imports"].items():
        lines.append(
            f"  import, {int(scale):,} initiatives: file {timings['file_s']:.2f} s, lake {timings['lake_s']:.2f} s, "
            f"ratio {timings['ratio']:.2f}x"
        )
    scales = list(stores["views"])
    header = "".join(f"{f'{int(scale):,} file':>12}{'lake':>9}{'ratio':>8}" for scale in scales)
    lines += ["", f"{'View (median ms)':26}{header}"]
    for view in stores["views"][scales[0]]:
        cells = "".join(
            f"{stores['views'][scale][view]['file_ms']:12.1f}{stores['views'][scale][view]['lake_ms']:9.1f}"
            f"{stores['views'][scale][view]['ratio']:7.1f}x"
            for scale in scales
        )
        lines.append(f"  {view:24}{cells}")
    lines += ["", f"{'Page warm rerun (ms)':26}{header}"]
    for page in PAGES:
        cells = ""
        for scale in scales:
            on_file = stores["pages"][scale]["file"][page]["warm_ms"]
            on_lake = stores["pages"][scale]["lake"][page]["warm_ms"]
            cells += f"{on_file:12.0f}{on_lake:9.0f}{on_lake / max(on_file, 1e-9):7.1f}x"
        lines.append(f"  {page:24}{cells}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", metavar="DB", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.pages:
        print(json.dumps(measure_pages()))
        return 0
    OUT.mkdir(exist_ok=True)
    started = time.perf_counter()
    results = {
        "date": dt.date.today().isoformat(),
        "machine": f"{os.cpu_count()} cores",
        "imports": import_results(),
        "processes": process_results(),
        "views": view_results(),
        "pages": page_results(),
        "stores": store_results(),
    }
    results["total_s"] = time.perf_counter() - started
    (OUT / "results.json").write_text(json.dumps(results, indent=2))
    print(report(results))
    print(f"\nWhole run {results['total_s']:.0f} s; JSON in {OUT / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
