"""SpendingExplorer: what a student sees, checked against the CSV read by hand."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib.colors import to_hex
from PIL import Image
from reference import spending_rows

from natokit import explore, explore_spending
from natokit.explore_spending import SpendingExplorer

PROPS = settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))

RAW = spending_rows()
EDITIONS = sorted({r["edition"] for r in RAW})
YEARS = {e: sorted({r["year"] for r in RAW if r["edition"] == e}) for e in EDITIONS}
CODES = sorted({r["iso3"] for r in RAW})
NAMES = {
    "2022-06-27": "June 2022 edition",
    "2023-07-07": "July 2023 edition",
    "2024-06-17": "June 2024 edition",
    "2025-08-28": "August 2025 edition",
}


def rows_of(edition: str, year: int) -> list[dict]:
    return [r for r in RAW if r["edition"] == edition and r["year"] == year]


def class_label(pct: float) -> str:
    """The class a value falls in, decided here from the bounds the legend states."""
    if pct < 1.5:
        return "under 1.5%"
    if pct < 2.0:
        return "1.5 to <2%"
    if pct < 2.5:
        return "2 to <2.5%"
    if pct < 3.0:
        return "2.5 to <3%"
    return "3% or more"


COLOR_OF = {label: color.lower() for _, label, color in explore_spending.SPENDING_CLASSES}


@pytest.fixture(scope="module")
def explorer():
    return SpendingExplorer(allies=("NLD", "POL"))


def test_it_starts_on_the_latest_edition_and_its_latest_year(explorer):
    explorer.set(edition="2025-08-28", year=2024, allies=("NLD", "POL"))
    assert explorer.state()["edition"] == EDITIONS[-1]
    rows = rows_of("2025-08-28", 2024)
    at_two = sum(r["pct"] >= 2.0 for r in rows)
    assert explorer.caption_text.startswith(
        f"August 2025 edition (2014-2025), 2024 (estimates): {at_two} of {len(rows)} allies"
    )
    assert at_two == 18  # the published count (tests/test_data.py)


def test_changing_the_edition_offers_that_editions_years(explorer):
    year = explorer.controls["year"]
    explorer.set(edition="2025-08-28", year=2014)
    for edition in EDITIONS:
        before = year.value
        explorer.controls["edition"].value = edition  # as a student picks it in the menu
        assert list(year.options) == YEARS[edition]
        # The year stays where the edition has it, else it goes to the edition's latest.
        assert year.value == (before if before in YEARS[edition] else YEARS[edition][-1])
        assert explorer.caption_text.startswith(NAMES[edition])
    # 2014 is in both the August 2025 and the July 2023 edition: it stays.
    explorer.set(edition="2025-08-28", year=2014)
    explorer.controls["edition"].value = "2023-07-07"
    assert (year.value, list(year.options)) == (2014, [2014, 2023])
    assert explorer.caption_text.startswith("July 2023 edition (2014-2023), 2014:")


def test_edition_and_year_change_together_from_any_edition(explorer):
    explorer.set(edition="2023-07-07", year=2014)
    assert explorer.set(edition="2022-06-27", year=2022).startswith("June 2022 edition")
    assert explorer.state()["year"] == 2022
    # By the edition's name as well as its date.
    explorer.set(edition="July 2023 edition (2014-2023)", year=2014)
    assert explorer.state()["edition"] == "2023-07-07"


@pytest.mark.parametrize(("edition", "year"), [("2022-06-27", 2022), ("2025-08-28", 2019)])
def test_map_colours_each_ally_by_its_class_and_hatches_the_flags(explorer, edition, year):
    explorer.set(edition=edition, year=year)
    rows = rows_of(edition, year)
    for r in rows:
        if r["iso3"] in ("USA", "CAN"):
            continue
        assert explorer.view.color_of(r["iso3"]) == COLOR_OF[class_label(r["pct"])], r
    shown = {r["iso3"] for r in rows}
    for code in set(CODES) - shown - {"USA", "CAN"}:
        assert explorer.view.color_of(code) == explore_spending.NO_VALUE_COLOR.lower()
    on_map = {r["iso3"] for r in rows} - {"USA", "CAN"}
    estimates = sorted(c for c in on_map if any(r["estimate"] for r in rows if r["iso3"] == c))
    unconfirmed = sorted(
        c for c in on_map if any(not r["confirmed"] for r in rows if r["iso3"] == c)
    )
    assert explorer.hatched("estimate") == estimates
    assert explorer.hatched("unconfirmed") == unconfirmed
    legend = explorer.view.legend_labels()
    assert [label for _, label, _ in explore_spending.SPENDING_CLASSES] == legend[:5]
    assert ("Estimate" in legend) == bool(estimates)
    assert ("Not confirmed" in legend) == bool(unconfirmed)


def test_june_2022_hatches_the_three_unconfirmed_values_and_names_them_in_every_source(explorer):
    explorer.set(edition="2022-06-27", year=2022)
    assert explorer.hatched("unconfirmed") == ["MKD", "MNE", "NLD"]
    for view in (explorer.view, explorer.bars):
        source = view.source.replace("\n", " ")
        assert "not confirmed: North Macedonia, Montenegro, Netherlands" in source
    assert "Netherlands 1.65% (estimate, not confirmed)" in explorer.caption_text


def test_united_states_and_canada_sit_beside_the_map_with_their_values(explorer):
    explorer.set(edition="2025-08-28", year=2020)
    usa = next(r for r in rows_of("2025-08-28", 2020) if r["iso3"] == "USA")
    panel = explorer._off_map
    assert panel.values["USA"].get_text() == f"{usa['pct']:.2f}%"
    assert to_hex(panel.boxes["USA"].get_facecolor()) == COLOR_OF[class_label(usa["pct"])]
    # Beside the map: left of the map's axes, on the figure.
    box = panel.boxes["USA"].get_window_extent()
    assert box.x1 <= explorer.view.ax.get_window_extent().x0
    explorer.set(edition="2022-06-27", year=2022)  # Canada has no value in this edition
    assert panel.values["CAN"].get_text() == "no value"
    assert panel.boxes["USA"].get_hatch() == explore_spending.ESTIMATE_HATCH


def test_bars_rank_the_allies_with_the_two_percent_line(explorer):
    explorer.set(edition="2024-06-17", year=2024)
    rows = rows_of("2024-06-17", 2024)
    visible = [b for b in explorer.bars.bars if b.get_visible()]
    assert [b.get_width() for b in visible] == sorted((r["pct"] for r in rows), reverse=True)
    assert [to_hex(b.get_facecolor()) for b in visible] == [
        COLOR_OF[class_label(b.get_width())] for b in visible
    ]
    lines = [ln for ln in explorer.bars.ax.get_lines() if ln.get_linestyle() == "--"]
    assert [ln.get_xdata()[0] for ln in lines] == [2.0]
    assert all(b.get_hatch() == explore_spending.ESTIMATE_HATCH for b in visible)  # all estimates
    names = [t.get_text() for t in explorer.bars.names if t.get_visible()]
    assert len(names) == len(visible) == len(rows)  # one name per row, beside its bar
    bold = {t.get_text() for t in explorer.bars.names if t.get_fontweight() == "bold"}
    assert bold == {"Netherlands", "Poland"}


def test_lines_follow_the_chosen_allies_in_that_edition_only(explorer):
    explorer.set(edition="2025-08-28", year=2024, allies=["NLD", "DEU"])
    drawn = {  # the lines shown (an ally chosen before keeps its line, hidden)
        ln.get_label(): ln
        for ln in explorer.lines.ax.get_lines()
        if ln.get_linestyle() == "-" and ln.get_visible()
    }
    assert set(drawn) == {"Netherlands", "Germany"}
    for code, name in (("NLD", "Netherlands"), ("DEU", "Germany")):
        expected = {
            r["year"]: r["pct"] for r in RAW if r["edition"] == "2025-08-28" and r["iso3"] == code
        }
        line = drawn[name]
        got = {
            int(x): float(y)
            for x, y in zip(line.get_xdata(), line.get_ydata(), strict=True)
            if y == y
        }
        assert got == expected
    # The July 2023 edition holds 2014 and 2023 only: no line across the years between.
    explorer.set(edition="2023-07-07", year=2023, allies="NLD")
    (line,) = [
        ln
        for ln in explorer.lines.ax.get_lines()
        if ln.get_label() == "Netherlands" and ln.get_visible()
    ]
    ys = np.asarray(line.get_ydata(), dtype=float)
    assert np.isnan(ys[1:-1]).all() and not np.isnan(ys[[0, -1]]).any()


def test_every_figure_names_the_edition(explorer):
    for edition in EDITIONS:
        explorer.set(edition=edition, year=YEARS[edition][-1])
        for view in (explorer.view, explorer.bars, explorer.lines):
            assert NAMES[edition] in view.title
            assert re.search(
                r"Defence Expenditure of NATO Countries \(2014-20\d\d\)",
                view.source.replace("\n", " "),
            )
            assert NAMES[edition] in view.alt


def test_static_snapshot_shows_three_pictures_with_alt_text_and_the_caption(explorer):
    explorer.set(edition="2023-07-07", year=2023)
    bundle = explorer._repr_mimebundle_()
    page = bundle["text/html"]
    images = re.findall(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]+)"', page)
    assert len(images) == 3
    assert all(data.startswith("iVBOR") for data, _ in images)  # PNG
    assert all("July 2023 edition" in alt for _, alt in images)
    assert "11 of 30 allies" in page  # the published count of the July 2023 edition
    assert bundle["text/plain"] == explorer.caption_text


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"edition": "2021-06-14"}, "is not a choice for edition"),
        ({"year": 1990}, "1990 is not a choice for year"),
        ({"edition": "2023-07-07", "year": 2022}, "2022 is not a choice for year.*July 2023"),
        ({"year": float("nan")}, "nan is not a choice for year"),
        ({"year": None}, "None is not a choice for year"),
        ({"allies": ["NLD", "XXX"]}, "Unknown ally code 'XXX'; choose from: ALB"),
        ({"allies": 3}, "Allies must be ISO3 codes"),
        ({"allies": np.array(["NLD"])}, "Allies must be ISO3 codes"),
        ({"colour": "red"}, "Unknown control 'colour'"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_changes(explorer, values, message):
    explorer.set(edition="2025-08-28", year=2020, allies=("NLD",))
    before, caption = explorer.state(), explorer.caption_text
    answer = explorer.set(**values)
    assert re.search(message, answer), answer
    assert explorer.message_text == answer
    assert explorer.state() == before and explorer.caption_text == caption


@pytest.mark.parametrize(
    "kwargs",
    [{"edition": "2020-01-01"}, {"year": 2014, "edition": "2022-06-27"}, {"allies": ["XXX"]}],
)
def test_constructor_refuses_what_the_table_does_not_have(kwargs):
    with pytest.raises(ValueError, match="not a choice|Unknown ally"):
        SpendingExplorer(**kwargs)


wild = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=1900, max_value=2100),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.sampled_from(EDITIONS + CODES),
    st.lists(st.sampled_from(CODES + ["XXX"]), max_size=3),
)


@PROPS
@given(
    edition=st.one_of(st.sampled_from(EDITIONS), wild),
    year=st.one_of(st.sampled_from(sorted({r["year"] for r in RAW})), wild),
    allies=st.one_of(st.lists(st.sampled_from(CODES), max_size=3), wild),
    which=st.sets(st.sampled_from(["edition", "year", "allies"]), min_size=1),
)
def test_set_never_raises_and_the_state_stays_consistent(explorer, edition, year, allies, which):
    values = {"edition": edition, "year": year, "allies": allies}
    answer = explorer.set(**{k: values[k] for k in which})
    assert isinstance(answer, str) and answer
    state = explorer.state()
    assert state["year"] in YEARS[state["edition"]]
    assert list(explorer.controls["year"].options) == YEARS[state["edition"]]
    if explorer.message_text:
        assert answer == explorer.message_text
    else:
        rows = rows_of(state["edition"], state["year"])
        assert f"{sum(r['pct'] >= 2.0 for r in rows)} of {len(rows)} allies" in answer


def test_a_step_redraws_exactly_the_pictures_it_changes(explorer):
    explorer.set(edition="2025-08-28", year=2020, allies=("NLD",))
    map_png, bars_png, lines_png = explorer.image.value, *(i.value for i in explorer._extra_images)
    explorer.set(year=2021)  # same edition and allies: the lines stay, map and bars change
    assert explorer.image.value != map_png and explorer._extra_images[0].value != bars_png
    assert explorer._extra_images[1].value == lines_png
    explorer.set(allies=("NLD", "POL"))  # the bars mark the chosen allies, the lines add one
    assert explorer._extra_images[1].value != lines_png
    assert explorer._extra_images[1].value == explorer.lines.to_png()
    assert explorer._extra_images[0].value == explorer.bars.to_png()


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def _fresh_pictures(state: dict) -> list[bytes]:
    return SpendingExplorer(**state).pictures()


def test_a_state_shown_again_shows_what_a_new_explorer_in_that_state_shows():
    explorer = SpendingExplorer(edition="2025-08-28", year=2020, allies=("NLD",))
    walk = [
        {"allies": ("NLD", "POL")},
        {"year": 2021},
        {"edition": "2022-06-27"},
        {"allies": ("DEU",)},
        {"edition": "2025-08-28", "year": 2020},
        {"allies": ("NLD",)},  # back to where it started: every picture kept or recomposed
        {"allies": ("NLD", "POL")},
        {"edition": "2022-06-27", "allies": ("DEU",)},
    ]
    for step in walk:
        explorer.set(**step)
        assert not explorer.message_text
        assert explorer.pictures() == _fresh_pictures(explorer.state()), step


def test_each_picture_is_kept_by_what_it_shows_and_the_kept_pictures_are_bounded():
    explorer = SpendingExplorer(edition="2025-08-28", year=2020, allies=("NLD",))
    drawn = []
    for name, view in (("map", explorer.view), ("bars", explorer.bars), ("lines", explorer.lines)):
        compose = view.to_png
        view.to_png = lambda *a, _c=compose, _n=name: (drawn.append(_n), _c(*a))[1]
    explorer.set(allies=("NLD", "POL"))  # the map does not show the allies chosen
    assert drawn == ["bars", "lines"]
    explorer.set(year=2021)  # the lines do not show the year
    assert drawn[2:] == ["map", "bars"]
    explorer.set(year=2020, allies=("NLD",))  # all three seen before: none composed again
    assert len(drawn) == 4
    for edition in EDITIONS:
        for year in YEARS[edition]:
            for allies in (("NLD",), ("POL", "DEU")):
                explorer.set(edition=edition, year=year, allies=allies)
    assert len(explorer._pictures) <= explorer.PICTURES_KEPT


def test_lines_of_allies_chosen_before_are_kept_hidden_and_bounded(monkeypatch):
    monkeypatch.setattr(explore_spending._SpendingLines, "SERIES_KEPT", 3)
    explorer = SpendingExplorer(edition="2025-08-28", year=2020, allies=("NLD",))
    for code in ("POL", "DEU", "FRA", "ITA", "NLD", "POL"):
        explorer.set(allies=(code,))
        shown = [ln for ln in explorer.lines.ax.get_lines() if ln.get_visible()]
        assert [ln.get_label() for ln in shown if ln.get_linestyle() == "-"] == [
            explore_spending.geo.country_name(code)
        ]
        # At most three allies' lines kept (plus the dashed 2% line and hidden ones).
        assert len([ln for ln in explorer.lines.ax.get_lines() if ln.get_linestyle() == "-"]) <= 3
    assert explorer.pictures() == _fresh_pictures(explorer.state())


def test_legends_come_back_as_the_same_artists_when_their_entries_do():
    explorer = SpendingExplorer(edition="2025-08-28", year=2020, allies=("NLD",))
    map_legend, lines_legend = explorer.view.legend, explorer.lines.ax.get_legend()
    explorer.set(edition="2022-06-27", allies=("DEU",))  # estimates, unconfirmed, another ally
    assert "Not confirmed" in explorer.view.legend_labels()
    assert explorer.view.legend is not map_legend
    assert explorer.lines.ax.get_legend() is not lines_legend
    explorer.set(edition="2025-08-28", year=2020, allies=("NLD",))
    # Already laid out and drawn: their pictures are found again, not drawn anew.
    assert explorer.view.legend is map_legend
    assert explorer.lines.ax.get_legend() is lines_legend
    assert explorer.pictures() == _fresh_pictures(explorer.state())


def test_the_map_keys_prepared_are_those_the_states_show():
    explorer = SpendingExplorer()
    shown = set()
    for edition in EDITIONS:
        for year in YEARS[edition]:
            explorer.set(edition=edition, year=year)
            shown.add(tuple(explorer.view.legend_labels()))
    prepared = {
        tuple(label for label, *_ in explore_spending._map_key(*flags)[0])
        for flags in explore_spending._map_keys_of_the_table()
    }
    assert prepared == shown and len(shown) > 1


def test_a_map_key_prepared_is_not_drawn_again_on_its_first_visit():
    explorer = SpendingExplorer(edition="2025-08-28")
    explorer.prepare()
    draws = []
    for legend in explorer.view._legends.values():
        if legend is not explorer.view.legend:
            draw = legend.draw
            legend.draw = lambda renderer, _d=draw: (draws.append(1), _d(renderer))[1]
    explorer.set(edition="2022-06-27", year=2022)  # a key no earlier state showed
    assert "Not confirmed" in explorer.view.legend_labels()
    assert draws == [], "the prepared key was laid out and drawn again"
    # The key looks as a key drawn on the spot: compared where it lies (elsewhere the map may
    # differ by a level in a few pixels where two hatch layers overlap, drawn in another order).
    fresh = SpendingExplorer(**explorer.state())
    box = explorer.view.legend.get_window_extent()
    height = explorer.view.figure.canvas.get_width_height(physical=True)[1]
    rows = slice(int(height - box.y1) - 4, int(height - box.y0) + 4)
    cols = slice(int(box.x0) - 4, int(box.x1) + 4)
    ours, theirs = (_pixels(e.view.to_png())[rows, cols] for e in (explorer, fresh))
    assert ours.size and np.array_equal(ours, theirs)


def test_after_preparing_a_first_visit_draws_no_text(monkeypatch):
    """Titles, sources, notes, the values on the bars and beside the map: all prepared, so a
    first visit to another edition and year composites kept pictures of every text."""
    from natokit import frames

    explorer = SpendingExplorer(edition="2025-08-28")
    explorer.prepare()
    drawn = []
    original = frames._plain_text_sprite

    def counting(artist, renderer):
        if hasattr(artist, "get_text"):
            drawn.append(artist.get_text()[:30])
        return original(artist, renderer)

    monkeypatch.setattr(frames, "_plain_text_sprite", counting)
    for edition, year in (("2022-06-27", 2022), ("2023-07-07", 2014), ("2024-06-17", 2024)):
        explorer.set(edition=edition, year=year)
        assert not explorer.message_text
    assert drawn == [], f"texts drawn again: {drawn[:5]}"
    monkeypatch.undo()
    fresh = SpendingExplorer(**explorer.state())
    assert explorer._extra_images[0].value == fresh._extra_images[0].value  # the bars
    assert explorer._extra_images[1].value == fresh._extra_images[1].value  # the lines


def _fake_shell(monkeypatch):
    """IPython's events without a kernel: a test triggers ``post_run_cell`` itself."""
    import IPython
    from IPython.core.events import EventManager, available_events

    class Shell:
        pass

    shell = Shell()
    shell.events = EventManager(shell, available_events)
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)
    return shell


def test_an_explorer_shown_in_a_notebook_prepares_once_its_cell_is_done(monkeypatch):
    shell = _fake_shell(monkeypatch)
    busy = [True]  # a class starting at once: the machine has no CPU to spare
    monkeypatch.setattr(explore, "_cpu_to_spare", lambda: not busy[0])
    monkeypatch.setattr(explore, "_running_loop", lambda: None)  # IPython in a terminal
    explorer = SpendingExplorer()
    kept = len(explorer.view._legends)
    for _ in range(2):  # shown twice in one cell: prepared once
        assert "text/html" in explorer._repr_mimebundle_()
    assert not explorer._prepared, "showing the explorer waited for the preparation"
    shell.events.trigger("post_run_cell", None)
    assert not explorer._prepared, "prepared on a busy machine"
    shell.events.trigger("post_run_cell", None)  # the next cell, the machine still busy
    assert not explorer._prepared and len(explorer.view._legends) == kept
    busy[0] = False
    shell.events.trigger("post_run_cell", None)  # a later cell, a CPU to spare
    assert explorer._prepared and len(explorer.view._legends) > kept
    assert shell.events.callbacks["post_run_cell"] == []


def _in_a_new_thread(coroutine_function):
    """Run a coroutine in an event loop of its own, as a kernel runs its cells: in a new
    thread, since a browser test's Playwright leaves its loop marked running in this one."""
    import asyncio
    import threading

    outcome = {}

    def run():
        try:
            outcome["result"] = asyncio.run(coroutine_function())
        except BaseException as error:  # raised again in the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def _watch_messages(explorer) -> list:
    """Every message the explorer's widgets send to the front end, as (widget, keys)."""
    sent = []
    widgets_seen = [*explorer.controls.values(), explorer.image, *explorer._extra_images]
    widgets_seen += [explorer.caption, explorer.message]
    for widget in widgets_seen:
        send = widget._send

        def spy(msg, buffers=None, widget=widget, send=send):
            sent.append((widget, sorted(msg.get("state", {}))))
            return send(msg, buffers)

        widget._send = spy
    return sent


def test_preparing_sends_the_front_end_nothing():
    # Each state prepared moves the menus and puts them back: nothing of it reaches the page
    # (a menu a student has open would close on a no-op update of its options).
    explorer = SpendingExplorer(edition="2025-08-28", year=2020)
    sent = _watch_messages(explorer)
    explorer.prepare()
    assert len(explorer.prepared_states()) == 15
    assert sent == []
    explorer.set(edition="2024-06-17")  # a real step is still sent
    assert any(keys for widget, keys in sent if widget is explorer.controls["year"])


def test_in_a_kernel_a_step_asked_for_while_preparing_waits_for_one_part(monkeypatch):
    import asyncio

    shell = _fake_shell(monkeypatch)
    monkeypatch.setattr(explore, "_cpu_to_spare", lambda: True)
    explorer = SpendingExplorer(edition="2025-08-28", year=2020)
    explorer._repr_mimebundle_()
    parts = []  # one entry per part of the preparation done
    part = explorer._prepare_part

    def counted_part():
        parts.append(part())
        return parts[-1]

    explorer._prepare_part = counted_part

    async def a_student():
        shell.events.trigger("post_run_cell", None)  # the cell that showed the explorer is done
        while len(parts) < 3:
            await asyncio.sleep(0.001)
        asked = len(parts)
        answered = asyncio.get_running_loop().create_future()
        asyncio.get_running_loop().call_soon(
            lambda: answered.set_result((explorer.set(year=2015), len(parts), explorer._prepared))
        )
        caption, at, prepared_first = await answered
        assert not prepared_first, "the step waited for the whole preparation"
        warning = explorer.set(year=1900)  # a wrong value: its message stays while preparing
        while not explorer._prepared:
            await asyncio.sleep(0.01)
        return caption, at - asked, warning  # parts done while the step waited

    caption, parts_meanwhile, warning = _in_a_new_thread(a_student)
    assert caption.startswith("August 2025 edition (2014-2025), 2015:")
    assert len(parts) > 10 and parts_meanwhile <= 1
    assert explorer.message_text == warning and "1900" in warning
    assert shell.events.callbacks["post_run_cell"] == []
    assert len(explorer.prepared_states()) >= 14
    fresh = SpendingExplorer(**explorer.state())
    assert explorer.caption_text == fresh.caption_text
    for shown, expected in zip(
        [explorer.image, *explorer._extra_images], [fresh.image, *fresh._extra_images], strict=True
    ):
        assert shown.value == expected.value


def test_a_preparation_that_meets_a_busy_machine_goes_on_after_a_later_cell(monkeypatch):
    import asyncio

    shell = _fake_shell(monkeypatch)
    spare = iter([True, True, True, False])  # the cell, two parts, then a class starts
    monkeypatch.setattr(explore, "_CPU_LOOK_EVERY_S", 0.0)  # a look before every part
    monkeypatch.setattr(explore, "_cpu_to_spare", lambda: next(spare, True))
    explorer = SpendingExplorer()
    explorer._repr_mimebundle_()

    async def cells():
        shell.events.trigger("post_run_cell", None)
        for _ in range(200):
            await asyncio.sleep(0.01)
            if shell.events.callbacks["post_run_cell"]:
                break  # stopped, waiting for a later cell
        stopped = (explorer._prepared, len(shell.events.callbacks["post_run_cell"]))
        await asyncio.sleep(0.2)
        still = explorer._prepared
        shell.events.trigger("post_run_cell", None)  # a later cell, a CPU to spare
        while not explorer._prepared:
            await asyncio.sleep(0.01)
        return stopped, still

    stopped, still = _in_a_new_thread(cells)
    assert stopped == (False, 1) and still is False
    assert shell.events.callbacks["post_run_cell"] == []
    assert len(explorer.prepared_states()) == 15


@pytest.mark.parametrize(
    ("ran_ms", "waited_ms", "spare"),
    [(400, 0, True), (400, 20, True), (400, 400, True), (400, 401, False), (70, 1000, False)],
)
def test_a_process_has_a_cpu_to_spare_while_it_waits_no_longer_than_it_runs(
    monkeypatch, ran_ms, waited_ms, spare
):
    readings = iter([(10**9, 10**8), (10**9 + ran_ms * 10**6, 10**8 + waited_ms * 10**6)])
    monkeypatch.setattr(explore, "_cpu_run_and_wait_ns", lambda: next(readings))
    explore._cpu_to_spare()  # the first reading: counted from here
    assert explore._cpu_to_spare() is spare


def test_a_system_that_cannot_tell_its_waits_prepares(monkeypatch):
    monkeypatch.setattr(explore, "_cpu_run_and_wait_ns", lambda: None)
    assert explore._cpu_to_spare() is True


def test_the_run_time_read_is_this_thread_s_cpu_time():
    import time

    before, cpu = explore._cpu_run_and_wait_ns(), time.thread_time()
    while time.thread_time() - cpu < 0.2:  # 200 ms on a CPU, in this thread
        sum(range(1000))
    after, spent = explore._cpu_run_and_wait_ns(), time.thread_time() - cpu
    if before is None:
        pytest.skip("no scheduler statistics in /proc on this system")
    ran_s = (after[0] - before[0]) / 1e9
    assert abs(ran_s - spent) < 0.25 * spent  # the time on a CPU (not the time waited for one)
    assert after[1] >= before[1]
