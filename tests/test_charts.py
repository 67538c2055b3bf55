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


def test_editions_are_the_tables_editions():
    assert charts.editions() == sorted(
        natokit.load("defence_spending")["edition"].dt.strftime("%Y-%m-%d").unique()
    )


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
