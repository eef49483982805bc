"""Charts: what a reader sees, checked through the Vega-Lite spec (data behind the marks, colours, titles)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pandas as pd
import pytest

from realize import measures
from realize.contract import catalog, schema
from realize.ledger.store import Store
from realize.report import charts
from realize.service import sample_portfolio

AS_OF = dt.date(2026, 11, 22)
AS_OF_MONTH = pd.Timestamp("2026-11-01")


@pytest.fixture(scope="module")
def sample() -> Iterator[dict[str, pd.DataFrame]]:
    store = Store(":memory:")
    sample_portfolio.load_if_empty(store)
    filters = measures.Filters(as_of=AS_OF)
    views = (
        "benefit_value_by_month",
        "tco",
        "milestone_status",
        "kpi_value_history",
        "initiative_summary",
        "benefit_realization",
    )
    yield {view: measures.run(store, view, filters) for view in views}


# --- reading a spec -------------------------------------------------------------------------------------------------


def _mark(layer: dict) -> str:
    mark = layer["mark"]
    return mark if isinstance(mark, str) else mark["type"]


def _layers(spec: dict, mark: str) -> list[dict]:
    return [layer for layer in spec["layer"] if _mark(layer) == mark]


def _values(spec: dict, layer: dict | None = None) -> list[dict]:
    """The rows behind a layer (its own data, else the chart's)."""
    reference = (layer or {}).get("data") or spec["data"]
    return spec["datasets"][reference["name"]]


def _frame(spec: dict, layer: dict | None = None) -> pd.DataFrame:
    return pd.DataFrame(_values(spec, layer))


def _scale_map(encoding: dict) -> dict[str, str]:
    scale = encoding["scale"]
    return dict(zip(scale["domain"], scale["range"], strict=True))


def _as_of_dates(spec: dict) -> list[pd.Timestamp]:
    rules = [layer for layer in _layers(spec, "rule") if layer["encoding"]["x"]["field"] == "as_of"]
    return [pd.Timestamp(row["as_of"]) for layer in rules for row in _values(spec, layer)]


def _tooltip_fields(layer: dict) -> set[str]:
    return {item["field"] for item in layer["encoding"]["tooltip"]}


# --- money formatting ----------------------------------------------------------------------------------------------


# --- cumulative planned vs realized ----------------------------------------------------------------------------------


def _monthly(rows: list[tuple[str, str, float, float | None]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"benefit_id": b, "period": pd.Timestamp(p), "planned_value": planned, "realized_value": realized}
            for b, p, planned, realized in rows
        ]
    )


def test_cumulative_sums_benefits_per_month_by_hand():
    monthly = _monthly(
        [
            ("BEN-A", "2026-01-01", 100.0, 90.0),
            ("BEN-B", "2026-01-01", 50.0, 70.0),
            ("BEN-A", "2026-02-01", 100.0, 80.0),
            ("BEN-B", "2026-02-01", 50.0, -10.0),  # a dis-benefit month counts against
            ("BEN-A", "2026-03-01", 100.0, None),  # after as_of: no realized value
            ("BEN-B", "2026-03-01", 50.0, None),
        ]
    )
    spec = charts.cumulative_planned_vs_realized(monthly, dt.date(2026, 2, 14), "USD").to_dict()
    line = _layers(spec, "line")[0]
    data = _frame(spec, line)
    planned = data[data["series"] == charts.PLANNED_SERIES].set_index("period")["cumulative_value"]
    realized = data[data["series"] == charts.REALIZED_SERIES].set_index("period")["cumulative_value"]
    assert list(planned) == [150.0, 300.0, 450.0]
    assert list(realized) == [160.0, 230.0]
    assert pd.Timestamp(realized.index.max()) == pd.Timestamp("2026-02-01")
    assert _as_of_dates(spec) == [pd.Timestamp("2026-02-14")]
    texts = data[data["series"] == charts.REALIZED_SERIES]["cumulative_text"].tolist()
    assert texts == ["$160", "$230"]


def test_cumulative_on_the_sample_matches_pandas(sample):
    monthly = sample["benefit_value_by_month"]
    spec = charts.cumulative_planned_vs_realized(monthly, AS_OF, "USD").to_dict()
    data = _frame(spec, _layers(spec, "line")[0])
    data["period"] = pd.to_datetime(data["period"])
    realized = data[data["series"] == charts.REALIZED_SERIES]
    planned = data[data["series"] == charts.PLANNED_SERIES]

    to_date = monthly[monthly["period"] <= AS_OF_MONTH]
    last = realized.sort_values("period").iloc[-1]
    assert last["period"] == AS_OF_MONTH
    assert last["cumulative_value"] == pytest.approx(to_date["realized_value"].sum())
    assert realized["period"].max() <= AS_OF_MONTH  # no realized point after as_of
    assert planned["period"].max() == monthly["period"].max()  # the plan runs the whole horizon
    assert planned.sort_values("period")["cumulative_value"].iloc[-1] == pytest.approx(monthly["planned_value"].sum())
    assert _as_of_dates(spec) == [pd.Timestamp(AS_OF)]


def test_cumulative_colours_and_dash_say_planned_or_realized(sample):
    spec = charts.cumulative_planned_vs_realized(sample["benefit_value_by_month"], AS_OF, "USD").to_dict()
    encoding = _layers(spec, "line")[0]["encoding"]
    assert _scale_map(encoding["color"]) == {
        charts.PLANNED_SERIES: charts.PLANNED_COLOR,
        charts.REALIZED_SERIES: charts.REALIZED_COLOR,
    }
    dashes = _scale_map(encoding["strokeDash"])
    assert dashes[charts.PLANNED_SERIES] != dashes[charts.REALIZED_SERIES]
    assert charts.PLANNED_COLOR != charts.REALIZED_COLOR


@pytest.mark.parametrize(("currency", "symbol"), [("USD", "$"), ("EUR", "€"), ("GBP", "£"), ("JPY", "¥")])
def test_money_axes_carry_the_currency(sample, currency, symbol):
    spec = charts.cumulative_planned_vs_realized(sample["benefit_value_by_month"], AS_OF, currency).to_dict()
    axis = _layers(spec, "line")[0]["encoding"]["y"]["axis"]
    assert currency in axis["title"]
    assert f"'{symbol}'" in axis["labelExpr"]
    point = _layers(spec, "point")[0]
    tooltip_titles = [item["title"] for item in point["encoding"]["tooltip"]]
    assert any(currency in title for title in tooltip_titles)
    assert all(text.lstrip("-").startswith(symbol) for text in _frame(spec, point)["cumulative_text"])


def test_other_currencies_show_their_code(sample):
    summary = sample["initiative_summary"]
    spec = charts.benefit_vs_cost(summary, "CHF").to_dict()
    bar = _layers(spec, "bar")[0]
    assert "CHF" in bar["encoding"]["x"]["axis"]["title"]
    assert all(text.startswith(("CHF ", "-CHF ")) for text in _frame(spec, bar)["value_text"])


# --- benefit vs cost ------------------------------------------------------------------------------------------------


def test_benefit_vs_cost_bars_and_plan_ticks_match_the_summary(sample):
    summary = sample["initiative_summary"]
    spec = charts.benefit_vs_cost(summary, "USD").to_dict()
    bar = _layers(spec, "bar")[0]
    tick = _layers(spec, "tick")[0]
    data = _frame(spec, bar).set_index(["initiative_id", "measure"])
    expected = summary.set_index("initiative_id")
    for initiative_id, row in expected.iterrows():
        benefit = data.loc[(initiative_id, charts.BENEFIT_REALIZED)]
        cost = data.loc[(initiative_id, charts.COST_ACTUAL)]
        assert benefit["value"] == pytest.approx(row["realized_value_to_date"])
        assert benefit["plan"] == pytest.approx(row["planned_value_to_date"])
        assert cost["value"] == pytest.approx(row["actual_to_date"])
        assert cost["plan"] == pytest.approx(row["planned_to_date"])
        assert benefit["initiative"] == f"{initiative_id} {row['initiative_name']}"
    assert tick["encoding"]["x"]["field"] == "plan"
    assert bar["encoding"]["x"]["field"] == "value"
    assert bar["encoding"]["yOffset"]["field"] == "measure"
    assert _scale_map(bar["encoding"]["color"]) == {
        charts.BENEFIT_REALIZED: charts.REALIZED_COLOR,
        charts.COST_ACTUAL: charts.COST_COLOR,
        charts.PLAN_TO_DATE: charts.PLANNED_COLOR,
    }
    # INI-08's dis-benefit outweighs its benefits so far: the bar goes below zero
    assert data.loc[("INI-08", charts.BENEFIT_REALIZED)]["value"] < 0


def test_benefit_vs_cost_lists_initiatives_in_id_order(sample):
    summary = sample["initiative_summary"].sample(frac=1, random_state=3)
    spec = charts.benefit_vs_cost(summary, "USD").to_dict()
    order = _layers(spec, "bar")[0]["encoding"]["y"]["sort"]
    assert [label.split(" ")[0] for label in order] == sorted(summary["initiative_id"])


def test_benefit_vs_cost_with_nothing_recorded_is_none(sample):
    summary = sample["initiative_summary"].head(2).copy()
    for column in ("realized_value_to_date", "actual_to_date", "planned_value_to_date", "planned_to_date"):
        summary[column] = 0.0
    assert charts.benefit_vs_cost(summary, "USD") is None


# --- TCO ------------------------------------------------------------------------------------------------------------


def test_tco_three_measures_per_year_equal_pandas_sums(sample):
    tco = sample["tco"]
    spec = charts.tco_by_year(tco, "USD").to_dict()
    bar = _layers(spec, "bar")[0]
    data = _frame(spec, bar)
    shown = data.groupby(["fiscal_year_label", "measure"])["value"].sum()
    expected = tco.groupby("fiscal_year")[["planned", "actual_to_date", "tco_forecast"]].sum()
    assert set(data["fiscal_year_label"]) == {f"FY{year}" for year in expected.index}
    for year, row in expected.iterrows():
        assert shown[(f"FY{year}", "Planned")] == pytest.approx(row["planned"])
        assert shown[(f"FY{year}", "Actual to date")] == pytest.approx(row["actual_to_date"])
        assert shown[(f"FY{year}", "Forecast")] == pytest.approx(row["tco_forecast"])
    by_category = data[data["measure"] == "Forecast"].groupby("category")["value"].sum()
    assert by_category.to_dict() == pytest.approx(tco.groupby("category")["tco_forecast"].sum().to_dict())
    assert bar["encoding"]["xOffset"]["field"] == "measure"
    assert "USD" in bar["encoding"]["y"]["axis"]["title"]


def test_tco_categories_keep_a_fixed_order_and_palette(sample):
    tco = sample["tco"]
    spec = charts.tco_by_year(tco[tco["category"] != "acquisition"], "USD").to_dict()
    bar = _layers(spec, "bar")[0]
    color = bar["encoding"]["color"]
    assert color["scale"]["domain"] == ["acquisition", "implementation", "operating", "renewal", "exit"]
    assert _scale_map(color) == charts.TCO_CATEGORY_COLORS
    assert bar["encoding"]["order"] == {"field": "category_rank", "sort": "ascending", "type": "quantitative"}
    data = _frame(spec, bar)
    ranks = data.drop_duplicates("category").set_index("category")["category_rank"].to_dict()
    assert ranks == {"implementation": 1, "operating": 2, "renewal": 3, "exit": 4}


def test_tco_sums_over_initiatives_and_nature_by_hand():
    tco = pd.DataFrame(
        {
            "initiative_id": ["A", "A", "B"],
            "category": ["operating", "operating", "operating"],
            "nature": ["capex", "opex", "opex"],
            "fiscal_year": [2026, 2026, 2026],
            "planned": [100.0, 20.0, 5.0],
            "actual_to_date": [80.0, 10.0, 0.0],
            "tco_forecast": [90.0, 20.0, 5.0],
        }
    )
    spec = charts.tco_by_year(tco, "EUR").to_dict()
    data = _frame(spec, _layers(spec, "bar")[0]).set_index("measure")
    assert data.loc["Planned", "value"] == 125.0
    assert data.loc["Actual to date", "value"] == 90.0
    assert data.loc["Forecast", "value"] == 115.0
    assert data.loc["Forecast", "value_text"] == "€115"
    assert data.loc["Planned", "fiscal_year_label"] == "FY2026"


def test_capex_opex_splits_the_forecast_per_year(sample):
    tco = sample["tco"]
    spec = charts.capex_opex(tco, "USD").to_dict()
    data = _frame(spec).set_index(["fiscal_year_label", "nature"])["tco_forecast"]
    expected = tco.groupby(["fiscal_year", "nature"])["tco_forecast"].sum()
    assert len(data) == len(expected)
    for (year, nature), value in expected.items():
        assert data[(f"FY{year}", nature)] == pytest.approx(value)
    assert _scale_map(spec["encoding"]["color"]) == charts.NATURE_COLORS
    assert "USD" in spec["encoding"]["y"]["axis"]["title"]


# --- milestones -----------------------------------------------------------------------------------------------------


def test_timeline_has_one_row_per_milestone_sorted_by_initiative_then_baseline(sample):
    milestones = sample["milestone_status"]
    spec = charts.milestone_timeline(milestones.sample(frac=1, random_state=7), AS_OF).to_dict()
    point = _layers(spec, "point")[-1]
    data = _frame(spec, point)
    assert len(data) == len(milestones)
    order = point["encoding"]["y"]["sort"]
    assert len(set(order)) == len(milestones)
    expected = milestones.sort_values(["initiative_id", "baseline_date"])
    assert order == [f"{r.initiative_id} · {r.milestone_name}" for r in expected.itertuples()]
    assert _as_of_dates(spec) == [pd.Timestamp(AS_OF)]


# --- colour blindness: Machado, Oliveira & Fernandes (2009), full dichromacy, applied to linear sRGB ---------------

DICHROMACY = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}
# CIE76 colour difference two small marks must keep to be told apart at a glance (2.3 is just noticeable)
APART = 12.0


def _linear_rgb(colour: str) -> tuple[float, float, float]:
    channels = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return tuple(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)  # type: ignore[return-value]


def _seen_as(colour: str, matrix: tuple[tuple[float, ...], ...]) -> tuple[float, float, float]:
    rgb = _linear_rgb(colour)
    return tuple(min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb, strict=True)))) for row in matrix)  # type: ignore[return-value]


def _lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = rgb
    xyz = (
        (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
        0.2126 * r + 0.7152 * g + 0.0722 * b,
        (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
    )
    fx, fy, fz = (t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in xyz)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _difference(first: tuple[float, float, float], second: tuple[float, float, float]) -> float:
    return sum((a - b) ** 2 for a, b in zip(_lab(first), _lab(second), strict=True)) ** 0.5


def _contrast_on_white(colour: str) -> float:
    r, g, b = _linear_rgb(colour)
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def test_the_simulation_brings_green_and_red_together_as_a_deuteranope_sees_them():
    green, red = charts.STATUS_COLORS["green"], charts.STATUS_COLORS["red"]
    normal = _difference(_linear_rgb(green), _linear_rgb(red))
    deuteranope = _difference(_seen_as(green, DICHROMACY["deuteranopia"]), _seen_as(red, DICHROMACY["deuteranopia"]))
    assert deuteranope < normal / 4  # why a status needs more than its colour
    assert _difference(_seen_as(green, DICHROMACY["deuteranopia"]), _seen_as(green, DICHROMACY["deuteranopia"])) == 0


def test_timeline_gives_each_of_the_five_states_its_own_colour_and_shape(sample):
    spec = charts.milestone_timeline(sample["milestone_status"], AS_OF).to_dict()
    expected_marks = _layers(spec, "point")[-1]
    encoding = expected_marks["encoding"]
    colours, shapes = _scale_map(encoding["color"]), _scale_map(encoding["shape"])
    labels = [schema.choice_label(state) for state in catalog.MILESTONE_STATES]
    # every state is in both legends' domains, in the same order, so the legend is one: a coloured shape per state
    assert set(encoding["color"]["scale"]["domain"]) == set(labels)
    assert encoding["shape"]["scale"]["domain"] == encoding["color"]["scale"]["domain"]
    assert encoding["color"]["field"] == encoding["shape"]["field"] == "state"
    assert encoding["color"]["legend"]["title"] == encoding["shape"]["legend"]["title"] == "State"
    assert len({(colours[state], shapes[state]) for state in labels}) == 5
    # colour alone tells them apart, for everyone, and each shows on white; the shape tells them apart too
    assert len(set(colours.values())) == 5 and len(set(shapes.values())) == 5
    for kind, matrix in DICHROMACY.items():
        seen = {state: _seen_as(colours[state], matrix) for state in labels}
        for index, first in enumerate(labels):
            for second in labels[index + 1 :]:
                assert _difference(seen[first], seen[second]) > APART, (kind, first, second)
    assert all(_contrast_on_white(colour) >= 3.0 for colour in colours.values())
    # the legend reads the done states first, then the open ones from fine to late
    assert encoding["color"]["scale"]["domain"] == ["Done on time", "Done late", "On track", "At risk", "Overdue"]
    # the slip line takes the state's colour from the same scale
    slip = next(layer for layer in _layers(spec, "rule") if layer["encoding"]["x"]["field"] == "baseline_date")
    assert _scale_map(slip["encoding"]["color"]) == colours


def test_timeline_marks_an_overdue_milestone_with_its_slip(sample):
    milestones = sample["milestone_status"]
    spec = charts.milestone_timeline(milestones, AS_OF).to_dict()
    expected_marks = _layers(spec, "point")[-1]
    colours = _scale_map(expected_marks["encoding"]["color"])
    shapes = _scale_map(expected_marks["encoding"]["shape"])
    data = _frame(spec, expected_marks).set_index("milestone_id")
    assert data.loc["MS-03", "state"] == "Overdue"  # due 30 Sep 2026, not done by 22 Nov 2026
    assert colours["Overdue"] == charts.MILESTONE_STATE_COLORS["overdue"]
    assert shapes["Overdue"] == charts.MILESTONE_STATE_SHAPES["overdue"]
    assert pd.Timestamp(data.loc["MS-03", "expected_date"]) == pd.Timestamp("2026-12-15")
    assert data.loc["MS-03", "slip_days"] == 76
    assert "slip_days" in _tooltip_fields(expected_marks)
    # the slip is drawn: a rule from baseline to expected
    slip = next(layer for layer in _layers(spec, "rule") if layer["encoding"]["x"]["field"] == "baseline_date")
    assert slip["encoding"]["x2"]["field"] == "expected_date"
    # the baseline marker is hollow, the expected one filled
    baseline = next(layer for layer in _layers(spec, "point") if layer["encoding"]["x"]["field"] == "baseline_date")
    assert baseline["mark"]["filled"] is False
    assert expected_marks["mark"]["filled"] is True


def test_timeline_grows_with_the_number_of_milestones(sample):
    milestones = sample["milestone_status"]
    few = charts.milestone_timeline(milestones.head(4), AS_OF).to_dict()
    many = charts.milestone_timeline(milestones, AS_OF).to_dict()
    assert many["height"] - few["height"] == (len(milestones) - 4) * charts._ROW_STEP


def test_timeline_keeps_two_milestones_of_the_same_name_apart(sample):
    milestones = sample["milestone_status"].head(2).copy()
    milestones["milestone_name"] = "Go-live"
    spec = charts.milestone_timeline(milestones, AS_OF).to_dict()
    assert len(set(_frame(spec, _layers(spec, "point")[-1])["milestone"])) == 2


# --- KPI sparklines -------------------------------------------------------------------------------------------------


def _history(kpi_id: str, months: int, status: str | None, target: float = 10.0) -> pd.DataFrame:
    periods = pd.date_range("2025-01-01", periods=months, freq="MS")
    return pd.DataFrame(
        {
            "kpi_id": kpi_id,
            "kpi_name": f"KPI {kpi_id}",
            "status": status,
            "target": target,
            "unit": "%",
            "period": periods,
            "value": [float(i) for i in range(months)],
        }
    )


def test_sparklines_keep_the_last_12_months_of_each_kpi():
    history = pd.concat([_history("A", 20, "red"), _history("B", 3, None)], ignore_index=True)
    spec = charts.kpi_sparklines(history).to_dict()
    data = _frame(spec)
    data["period"] = pd.to_datetime(data["period"])
    kept_a = data[data["kpi_id"] == "A"]
    assert list(kept_a["period"]) == list(pd.date_range("2025-09-01", "2026-08-01", freq="MS"))
    assert list(kept_a["value"]) == [float(i) for i in range(8, 20)]
    assert len(data[data["kpi_id"] == "B"]) == 3
    assert set(data.loc[data["kpi_id"] == "B", "status"]) == {charts.NO_STATUS}


def test_sparklines_on_the_sample_never_span_more_than_12_months(sample):
    history = sample["kpi_value_history"]
    data = _frame(charts.kpi_sparklines(history).to_dict())
    data["period"] = pd.to_datetime(data["period"])
    spans = data.groupby("kpi_id")["period"].agg(["min", "max", "size"])
    assert set(spans.index) == set(history["kpi_id"])
    months = (spans["max"].dt.year - spans["min"].dt.year) * 12 + spans["max"].dt.month - spans["min"].dt.month
    assert (months <= 11).all()
    assert (spans["size"] <= 12).all()
    latest = history.groupby("kpi_id")["period"].max()
    assert (spans["max"] == latest).all()


def test_sparklines_colour_by_status_with_grey_for_none_and_a_target_rule():
    history = pd.concat([_history("A", 3, "green"), _history("B", 3, None)], ignore_index=True)
    spec = charts.kpi_sparklines(history).to_dict()
    layers = spec["spec"]["layer"]
    line = next(layer for layer in layers if _mark(layer) == "line")
    assert _scale_map(line["encoding"]["color"]) == {
        "green": "#2e7d32",
        "amber": "#f9a825",
        "red": "#c62828",
        charts.NO_STATUS: charts.NO_STATUS_COLOR,
    }
    target = next(layer for layer in layers if _mark(layer) == "rule")
    assert target["encoding"]["y"]["field"] == "target"
    assert target["mark"]["strokeDash"]
    assert spec["resolve"]["scale"]["y"] == "independent"
    assert spec["facet"]["field"] == "panel"
    assert spec["columns"] == charts.SPARKLINE_COLUMNS


def test_sparklines_say_the_status_by_shape_and_in_words_not_by_colour_alone():
    history = pd.concat(
        [_history("A", 3, "green"), _history("B", 3, "red"), _history("C", 3, "amber"), _history("D", 3, None)],
        ignore_index=True,
    )
    spec = charts.kpi_sparklines(history).to_dict()
    points = next(layer for layer in spec["spec"]["layer"] if _mark(layer) == "point")
    shapes = _scale_map(points["encoding"]["shape"])
    assert points["encoding"]["shape"]["field"] == points["encoding"]["color"]["field"] == "status"
    assert len(set(shapes.values())) == 4  # green, amber, red and no status each have their own shape
    assert points["encoding"]["shape"]["legend"]["title"] == points["encoding"]["color"]["legend"]["title"]
    # each panel's heading says its status in words, under the KPI's name; Vega draws each "|" part on its own line
    data = _frame(spec)
    headings = data.drop_duplicates("kpi_id").set_index("kpi_id")["panel"].str.split("|")
    assert headings["A"][-2:] == ["A KPI A (%)", "Status now: Green"]
    assert headings["B"][-1] == "Status now: Red"
    assert headings["C"][-1] == "Status now: Amber"
    assert headings["D"][-1] == "Status now: No status"
    assert "split(datum.value, '|')" in spec["facet"]["header"]["labelExpr"]


def test_a_long_kpi_name_wraps_in_its_panel_heading_instead_of_being_cut():
    history = _history("A", 3, "green").assign(kpi_name="Share of infrastructure spend on workloads that scale down")
    spec = charts.kpi_sparklines(history).to_dict()
    lines = _frame(spec)["panel"].iloc[0].split("|")
    assert " ".join(lines[:-1]) == "A Share of infrastructure spend on workloads that scale down (%)"
    assert all(len(line) <= charts.SPARKLINE_HEADER_CHARACTERS for line in lines)
    assert spec["facet"]["header"]["labelLimit"] == 0  # no cut with an ellipsis


# --- time axes: each month labelled once ------------------------------------------------------------------------


def _domain(x: dict) -> tuple[pd.Timestamp, pd.Timestamp]:
    first, last = x["scale"]["domain"]
    return tuple(pd.Timestamp(year=d["year"], month=d["month"], day=d["date"]) for d in (first, last))  # type: ignore[return-value]


def _tick_labels(x: dict) -> list[str]:
    """The labels Vega draws on a time axis whose tickCount is a time interval: d3's month.every(step) ticks the
    first of every month whose index (0-11) the step divides, year.every(step) the first of January of every year
    the step divides, within the scale's domain; each is labelled with the axis format."""
    interval = x["axis"]["tickCount"]
    assert isinstance(interval, dict), f"a tick count of {interval!r} lets Vega tick between months"
    first, last = _domain(x)
    if interval["interval"] == "month":
        assert 12 % interval["step"] == 0  # month.every(5) would tick Jan, Jun, Nov, then Jan again
        ticks = [day for day in pd.date_range(first, last, freq="MS") if (day.month - 1) % interval["step"] == 0]
    else:
        assert interval["interval"] == "year"
        ticks = [day for day in pd.date_range(first, last, freq="YS") if day.year % interval["step"] == 0]
    return [day.strftime(x["axis"]["format"]) for day in ticks]


def _milestones_between(sample: dict[str, pd.DataFrame], first: str, last: str) -> pd.DataFrame:
    milestones = sample["milestone_status"].head(6).copy()
    days = pd.date_range(first, last, periods=12)
    milestones["baseline_date"] = days[:6]
    milestones["expected_date"] = days[6:]
    return milestones


def _monthly_between(first: str, last: str) -> pd.DataFrame:
    months = pd.date_range(first, last, freq="MS")
    return _monthly([("BEN-A", str(month.date()), 100.0, 90.0) for month in months])


def _history_between(first: str, months: int) -> pd.DataFrame:
    return _history("A", months, "green").assign(period=pd.date_range(first, periods=months, freq="MS"))


@pytest.mark.parametrize(
    ("name", "first", "last", "as_of"),
    [
        ("two months", "2026-10-01", "2026-11-01", dt.date(2026, 11, 22)),
        ("three months", "2026-09-01", "2026-11-01", dt.date(2026, 10, 15)),
        ("five years", "2024-01-01", "2028-12-01", dt.date(2026, 11, 22)),
    ],
)
def test_cumulative_benefits_label_each_month_once(name, first, last, as_of):
    spec = charts.cumulative_planned_vs_realized(_monthly_between(first, last), as_of, "USD").to_dict()
    x = _layers(spec, "line")[0]["encoding"]["x"]
    labels = _tick_labels(x)
    assert len(labels) == len(set(labels)), labels
    assert 2 <= len(labels) <= charts.MONTH_TICKS_WIDE, labels
    assert _domain(x)[0] == pd.Timestamp(first)


@pytest.mark.parametrize(
    ("name", "first", "last", "as_of"),
    [
        ("ten weeks", "2026-10-03", "2026-12-14", dt.date(2026, 11, 22)),
        ("five years", "2024-02-10", "2029-01-20", dt.date(2026, 11, 22)),
    ],
)
def test_the_timeline_labels_each_month_once(sample, name, first, last, as_of):
    spec = charts.milestone_timeline(_milestones_between(sample, first, last), as_of).to_dict()
    x = _layers(spec, "rule")[0]["encoding"]["x"]
    labels = _tick_labels(x)
    assert len(labels) == len(set(labels)), labels
    assert 2 <= len(labels) <= charts.MONTH_TICKS_WIDE, labels
    start, end = _domain(x)
    assert start <= pd.Timestamp(first) and pd.Timestamp(last) <= end  # every mark sits inside the axis


@pytest.mark.parametrize(("name", "months"), [("two months", 2), ("three months", 3), ("a year", 12)])
def test_sparklines_label_each_month_once(name, months):
    spec = charts.kpi_sparklines(_history_between("2026-01-01", months)).to_dict()
    line = next(layer for layer in spec["spec"]["layer"] if _mark(layer) == "line")
    labels = _tick_labels(line["encoding"]["x"])
    assert len(labels) == len(set(labels)), labels
    assert 1 <= len(labels) <= charts.MONTH_TICKS_SPARKLINE, labels


def test_sparklines_of_kpis_years_apart_still_label_each_year_once():
    history = pd.concat([_history_between("2021-01-01", 12), _history_between("2026-01-01", 12).assign(kpi_id="B")])
    spec = charts.kpi_sparklines(history).to_dict()
    line = next(layer for layer in spec["spec"]["layer"] if _mark(layer) == "line")
    labels = _tick_labels(line["encoding"]["x"])
    assert len(labels) == len(set(labels)) and len(labels) <= charts.MONTH_TICKS_SPARKLINE, labels


# --- level progress -------------------------------------------------------------------------------------------------


def test_level_progress_shows_only_level_benefits_with_their_rate(sample):
    benefits = sample["benefit_realization"]
    levels = benefits[benefits["measure"] == "level"]
    spec = charts.level_progress(benefits).to_dict()
    bar = _layers(spec, "bar")[0]
    data = _frame(spec, bar)
    assert len(data) == len(levels)
    shown = dict(zip(data["benefit"].str.split(" ").str[0], data["progress_shown"], strict=True))
    assert shown == pytest.approx(dict(zip(levels["benefit_id"], levels["progress_rate"], strict=True)))
    assert bar["encoding"]["x"]["axis"]["format"] == ".0%"
    assert {"baseline_text", "latest_text", "planned_text", "target_text", "unit"} <= _tooltip_fields(bar)
    target = [layer for layer in _layers(spec, "rule") if layer["encoding"]["x"]["field"] == "target"]
    assert [row["target"] for row in _values(spec, target[0])] == [1.0]
    row = data.set_index(data["benefit"].str.split(" ").str[0]).loc["BEN-26"]
    assert (row["baseline_text"], row["latest_text"], row["target_text"]) == ("9 days", "7 days (Oct 2026)", "4 days")
    assert row["progress_text"] == "40%"


def test_level_progress_cuts_long_bars_but_tells_the_true_rate():
    benefits = pd.DataFrame(
        {
            "benefit_id": ["B1", "B2", "B3"],
            "benefit_name": ["Far past target", "Worse than baseline", "Not measured yet"],
            "initiative_id": ["I1", "I1", "I1"],
            "measure": ["level", "level", "level"],
            "unit": ["%", "%", "%"],
            "baseline": [10.0, 10.0, 10.0],
            "target": [20.0, 20.0, 20.0],
            "latest_realized": [40.0, 0.0, None],
            "latest_realized_period": pd.to_datetime(["2026-10-01", "2026-10-01", None]),
            "planned_level": [20.0, 15.0, 12.0],
            "progress_rate": [3.0, -1.0, None],
        }
    )
    spec = charts.level_progress(benefits).to_dict()
    data = _frame(spec, _layers(spec, "bar")[0])
    data.index = data["benefit"].str.split(" ").str[0]
    low, high = charts.PROGRESS_DISPLAY_RANGE
    assert data.loc["B1", "progress_shown"] == high
    assert data.loc["B1", "progress_text"] == "300%"
    assert data.loc["B2", "progress_shown"] == low
    assert data.loc["B2", "progress_text"] == "-100%"
    assert data.loc["B3", "note"] == "no value yet"
    assert "cut" in spec["title"]["subtitle"]


# --- empty frames ---------------------------------------------------------------------------------------------------


def test_empty_frames_give_no_chart(sample):
    assert charts.cumulative_planned_vs_realized(sample["benefit_value_by_month"].head(0), AS_OF, "USD") is None
    assert charts.benefit_vs_cost(sample["initiative_summary"].head(0), "USD") is None
    assert charts.tco_by_year(sample["tco"].head(0), "USD") is None
    assert charts.capex_opex(sample["tco"].head(0), "USD") is None
    assert charts.milestone_timeline(sample["milestone_status"].head(0), AS_OF) is None
    assert charts.kpi_sparklines(sample["kpi_value_history"].head(0)) is None
    assert charts.level_progress(sample["benefit_realization"].head(0)) is None


def test_level_progress_without_a_level_value_is_none(sample):
    benefits = sample["benefit_realization"]
    assert charts.level_progress(benefits[benefits["measure"] == "flow"]) is None
    unmeasured = benefits[benefits["measure"] == "level"].assign(progress_rate=float("nan"))
    assert charts.level_progress(unmeasured) is None


def test_every_chart_has_a_title_and_tooltips(sample):
    built = [
        charts.cumulative_planned_vs_realized(sample["benefit_value_by_month"], AS_OF, "USD"),
        charts.benefit_vs_cost(sample["initiative_summary"], "USD"),
        charts.tco_by_year(sample["tco"], "USD"),
        charts.capex_opex(sample["tco"], "USD"),
        charts.milestone_timeline(sample["milestone_status"], AS_OF),
        charts.kpi_sparklines(sample["kpi_value_history"]),
        charts.level_progress(sample["benefit_realization"]),
    ]
    for chart in built:
        spec = chart.to_dict()
        assert spec["title"]["text"]
        layers = spec.get("layer") or spec.get("spec", {}).get("layer") or [spec]
        assert any("tooltip" in layer.get("encoding", {}) for layer in layers)
        if "facet" not in spec:
            assert spec["width"] == "container"


def test_a_long_timeline_keeps_the_most_pressing_milestones() -> None:
    as_of = dt.date(2026, 11, 22)
    states = ["on_track"] * 100 + ["overdue"] * 3 + ["at_risk"] * 5 + ["done_on_time"] * 100
    expected = [dt.date(2026, 1, 1) + dt.timedelta(days=index) for index in range(len(states))]
    milestones = pd.DataFrame(
        {"milestone_id": [f"M{index}" for index in range(len(states))], "state": states, "expected_date": expected}
    )
    shown = charts.pressing_milestones(milestones, as_of, limit=10)
    assert len(shown) == 10
    assert shown["state"].tolist()[:8] == ["overdue"] * 3 + ["at_risk"] * 5
    # the last two are the nearest to as-of of the rest
    rest = milestones[~milestones["state"].isin(["overdue", "at_risk"])]
    nearest = (pd.to_datetime(rest["expected_date"]) - pd.Timestamp(as_of)).abs().nsmallest(2).index
    assert set(shown.index[8:]) == set(nearest)
    assert charts.pressing_milestones(milestones.head(5), as_of, limit=10) is not None


def test_a_long_bar_chart_keeps_the_initiatives_moving_the_most_money() -> None:
    summary = pd.DataFrame(
        {
            "initiative_id": [f"I{index:02d}" for index in range(40)],
            "actual_to_date": [float(index) for index in range(40)],
            "realized_value_to_date": [0.0] * 39 + [-100.0],
        }
    )
    kept = charts.largest_initiatives(summary, limit=5)
    assert kept["initiative_id"].tolist() == ["I35", "I36", "I37", "I38", "I39"]
    assert len(charts.largest_initiatives(summary.head(3), limit=5)) == 3
