"""Charts name their edition and draw the 2% guideline."""

import pandas as pd
import pytest

import natokit
from natokit import charts


def test_spending_chart_names_the_edition_and_draws_the_guideline():
    chart = charts.spending_chart(["NLD", "POL"], edition="2024-06-17")
    assert "17 June 2024" in chart.title and "17 June 2024" in chart.source
    ax = chart.figure.axes[0]
    assert any(list(line.get_ydata()) == [2.0, 2.0] for line in ax.lines)
    plotted = {line.get_label() for line in ax.lines}
    assert {"Netherlands", "Poland"} <= plotted


def test_spending_series_refuses_unknown_edition_and_missing_ally():
    with pytest.raises(ValueError, match="Unknown edition '2019-01-01'"):
        charts.spending_series(["NLD"], "2019-01-01")
    with pytest.raises(ValueError, match="No spending figures for ISL"):
        charts.spending_series(["ISL"], "2025-08-28")
    with pytest.raises(ValueError, match="Unknown country 'Holland'"):
        charts.spending_series(["Holland"], "2025-08-28")


def test_timeline_has_one_marker_per_event_in_date_order():
    events = natokit.load("events")
    chart = charts.timeline(events.sample(frac=1, random_state=1), "All events")
    texts = [t.get_text() for t in chart.figure.axes[0].texts]
    assert len(texts) == len(events)
    dates = [pd.Timestamp(t.split("  ")[0]) for t in texts]
    assert dates == sorted(dates)


def test_timeline_refuses_empty_input():
    with pytest.raises(ValueError, match="at least one event"):
        charts.timeline(natokit.load("events").iloc[0:0], "Nothing")


def test_timeline_labels_and_alt_text_follow_date_precision():
    events = pd.DataFrame(
        {
            "date": pd.to_datetime(["2005-01-01", "2023-02-01", "2024-12-01"]),
            "title": ["a", "b", "c"],
            "date_precision": ["year", "month", "day"],
        }
    )
    chart = charts.timeline(events, "Precision")
    texts = [t.get_text() for t in chart.figure.axes[0].texts]
    assert texts == ["2005  a", "Feb 2023  b", "01 Dec 2024  c"]
    assert chart.alt.startswith("Timeline of 3 events from 2005 to 01 Dec 2024")


def test_timeline_labels_stay_inside_the_figure():
    chart = charts.timeline(natokit.load("events"), "All events")
    renderer = chart.figure.canvas.get_renderer()
    width = chart.figure.bbox.width
    for text in chart.figure.axes[0].texts:
        box = text.get_window_extent(renderer)
        assert 0 <= box.x0 and box.x1 <= width, text.get_text()


# ---- estimates, the guideline and sizes, against the CSV read independently -----------------

import csv  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from natokit import style  # noqa: E402

SPENDING_CSV = Path(__file__).resolve().parents[1] / "data" / "defence_spending.csv"


def _csv_rows(edition: str, iso3: str) -> list[dict]:
    with open(SPENDING_CSV, newline="", encoding="utf-8") as handle:
        return [r for r in csv.DictReader(handle) if r["edition"] == edition and r["iso3"] == iso3]


def _estimate_markers(chart, iso3):
    (line,) = [ln for ln in chart.figure.axes[0].lines if ln.get_label() == f"_estimates {iso3}"]
    return line


@pytest.mark.parametrize(
    ("edition", "iso3s"),
    [("2025-08-28", ["NLD", "POL", "EST"]), ("2024-06-17", ["NLD", "DEU"])],
)
def test_estimate_markers_sit_exactly_on_the_estimated_years(edition, iso3s):
    chart = charts.spending_chart(iso3s, edition=edition)
    for code in iso3s:
        rows = _csv_rows(edition, code)
        expected = sorted(
            (int(r["year"]), float(r["pct_gdp"])) for r in rows if r["estimate"] == "true"
        )
        assert expected, f"the test needs estimates for {code} in {edition}"
        line = _estimate_markers(chart, code)
        drawn = sorted(zip(line.get_xdata().tolist(), line.get_ydata().tolist(), strict=True))
        assert drawn == expected
        assert line.get_markerfacecolor() == "white" and line.get_linestyle() == "None"
        # The ally's own line passes through every year of the edition, estimates included.
        (series,) = [ln for ln in chart.figure.axes[0].lines if ln.get_label() == _name(code)]
        assert sorted(series.get_xdata().tolist()) == sorted(int(r["year"]) for r in rows)


def _name(iso3: str) -> str:
    members = natokit.load("members")
    return dict(zip(members["iso3"], members["name"], strict=True))[iso3]


def test_the_legend_explains_open_markers_with_the_same_symbol():
    chart = charts.spending_chart(["NLD", "POL"], edition="2025-08-28")
    legend = chart.figure.axes[0].get_legend()
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels == ["Netherlands", "Poland", "Estimate (open marker)"]
    key = legend.legend_handles[-1]
    assert key.get_marker() == "o" and key.get_markerfacecolor() == "white"


def test_guideline_is_at_two_percent_dashed_and_below_the_data():
    chart = charts.spending_chart(["NLD"], edition="2025-08-28")
    ax = chart.figure.axes[0]
    (guide,) = [ln for ln in ax.lines if list(ln.get_ydata()) == [2.0, 2.0]]
    assert guide.get_linestyle() == "--"
    assert guide.get_zorder() < min(ln.get_zorder() for ln in ax.lines if ln is not guide)


def test_highlighted_ally_uses_the_highlight_colour_and_others_do_not():
    chart = charts.spending_chart(["NLD", "POL", "DEU"], edition="2025-08-28")
    colours = {ln.get_label(): ln.get_color() for ln in chart.figure.axes[0].lines}
    assert colours["Netherlands"] == style.COLORS["highlight"]
    assert style.COLORS["highlight"] not in (colours["Poland"], colours["Germany"])
    assert colours["Poland"] != colours["Germany"]


def test_charts_are_landscape_and_scale_in_presentation_mode():
    normal = charts.spending_chart(["NLD"], edition="2025-08-28")
    style.presentation_mode(True)
    try:
        big = charts.spending_chart(["NLD"], edition="2025-08-28")
    finally:
        style.presentation_mode(False)
    width, height = normal.figure.get_size_inches()
    assert width > height
    line = {ln.get_label(): ln for ln in normal.figure.axes[0].lines}["Netherlands"]
    big_line = {ln.get_label(): ln for ln in big.figure.axes[0].lines}["Netherlands"]
    assert big_line.get_linewidth() == pytest.approx(1.5 * line.get_linewidth())
    assert np.prod(big.figure.get_size_inches()) > np.prod(normal.figure.get_size_inches())


@pytest.mark.parametrize("presentation", [False, True])
def test_timeline_labels_never_overlap_the_next_row(presentation):
    long = (
        "A long event title that has to wrap onto several lines because it goes on and on "
        "about battlegroups in Estonia, Latvia, Lithuania and Poland, and then some more "
        "about the brigades that were to follow them where and when required"
    )
    events = pd.DataFrame(
        {
            "date": pd.date_range("2022-01-01", periods=14, freq="MS"),
            "title": [long if i % 2 else "Short" for i in range(14)],
        }
    )
    style.presentation_mode(presentation)
    try:
        chart = charts.timeline(events, "Overlap")
    finally:
        style.presentation_mode(False)
    renderer = chart.figure.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in chart.figure.axes[0].texts]
    assert max(t.get_text().count("\n") for t in chart.figure.axes[0].texts) >= 2
    for upper, lower in zip(boxes, boxes[1:], strict=False):
        assert lower.y1 < upper.y0, "a label runs into the next row"
