"""Small interactive explorers: controls -> a pure function -> a map or text update.

Every explorer follows one shape. Its controls (sliders, menus, a search box) feed a pure library
function that returns a small result object (:func:`natokit.geo.membership_in_year`,
:func:`natokit.geo.battlegroup_map`, :func:`natokit.geo.reach`, the letter's
:func:`~natokit.letter.paragraphs` and :func:`~natokit.letter.glossary`), each unit-tested on its
own; the explorer only turns that result into artists and a caption.

Every explorer can be driven from code with :meth:`Explorer.set`, which goes through the same
widgets a student clicks, so tests and benchmarks exercise exactly what students see. Wild values
(out of range, NaN, infinity, arrays, ``None``, wrong types, unknown names) are refused with a
visible message, in the widget and as the return value, never a traceback; a constructor given
an argument out of range raises a ``ValueError`` that says what is allowed.

Outside a live kernel (nbconvert HTML, GitHub, a static book) an explorer shows a snapshot: its
current picture with alt text, its caption and, for text explorers, its current text
(:meth:`Explorer.snapshot_html`).

Examples
--------
>>> from natokit.explore import MembershipExplorer
>>> explorer = MembershipExplorer(year=1999)
>>> explorer.caption_text
'End of 1999: 19 allies. Joined in 1999: Czechia, Hungary, Poland.'
>>> explorer.set(year=1900)
'Year 1900 is outside the range 1949 to ...; nothing changed.'
"""

from __future__ import annotations

import asyncio
import base64
import contextvars
import datetime
import gc
import html
import itertools
import math
import numbers
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
import pandas as pd
import shapely
from traitlets import TraitError

from . import geo, style, tables
from .data import load
from .dates import parse_date
from .figures import compact_png
from .letter import glossary, paragraphs, quote, sections, topics
from .maps import OFF_MAP, EuropeMap, label_offsets_clear_of_neighbours

__all__ = [
    "Explorer",
    "date_slider",
    "day_text",
    "MembershipExplorer",
    "LetterExplorer",
    "GlossaryExplorer",
    "BattlegroupExplorer",
    "ReachExplorer",
    "reach_zoom_km",
]


_MODEL_IDS = itertools.count(1)
#: Set while naive_pictures builds its throwaway explorer: built as a re-plot would build the
#: figure, it composes no fast frame and collects no garbage (see Explorer.__init__, _refresh).
_NAIVE_BUILD = contextvars.ContextVar("natokit_naive_build", default=False)
#: Seconds between two parts of a preparation done in the kernel's turns. Not zero: a message
#: from the front end needs a few turns of the event loop to reach its handler, and a part
#: scheduled for the very next turn would run before each of them. With this pause a step
#: asked for during the preparation waits for the part under way only (measured in a kernel
#: with 50 ms parts: 44-51 ms with 2-10 ms pauses, 195 ms with none).
_PAUSE_BETWEEN_PARTS_S = 0.002
#: Seconds between two looks at whether the kernel still has a CPU to spare while it prepares
#: in parts: over a few milliseconds a wait for a CPU says little (a browser drawing the
#: explorer just shown); over a quarter of a second, that the machine is busy.
_CPU_LOOK_EVERY_S = 0.25


def _short(value: object, limit: int = 40) -> str:
    """``repr`` of a value, cut so an array or a long text does not flood the message."""
    try:
        text = repr(value)
    except Exception:  # a value whose repr fails still gets a message
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _choices(control: widgets.ValueWidget) -> list:
    return [o[1] if isinstance(o, tuple) else o for o in control.options]


def _check_value(control: widgets.ValueWidget, name: str, value: object) -> str:
    """Why ``value`` cannot go into ``control`` (empty when it can)."""
    label = name.replace("_", " ").capitalize()
    if isinstance(control, widgets.IntSlider | widgets.FloatSlider):
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            return f"{label} must be a number, not {_short(value)}"
        number = float(value)
        if not math.isfinite(number):
            return f"{label} must be a finite number, not {number}"
        if isinstance(control, widgets.IntSlider) and not number.is_integer():
            return f"{label} must be a whole number, not {value}"
        if not control.min <= number <= control.max:
            return f"{label} {value} is outside the range {control.min} to {control.max}"
    elif hasattr(control, "options"):
        values = _choices(control)
        # Only text and plain numbers can be a choice; comparing an array would be ambiguous.
        usable = isinstance(value, str | numbers.Number) and not isinstance(value, bool)
        if not usable or value not in values:
            shown = ", ".join(str(v) for v in values[:12]) + (" ..." if len(values) > 12 else "")
            return f"{_short(value)} is not a choice for {name}; choose one of: {shown}"
    elif isinstance(control, widgets.Text) and not isinstance(value, str):
        return f"{label} must be text, not {_short(value)}"
    return ""


def _running_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop that runs this thread's cells (a Jupyter kernel's), else None.

    Examples
    --------
    >>> from concurrent.futures import ThreadPoolExecutor
    >>> async def a_cell():
    ...     return _running_loop() is asyncio.get_running_loop()
    >>> with ThreadPoolExecutor(1) as thread:  # a thread of its own, as a kernel's
    ...     thread.submit(asyncio.run, a_cell()).result(), thread.submit(_running_loop).result()
    (True, None)
    """
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


#: A value no trait has (a key not in ``before``: always sent).
_MISSING = object()


def _send_only_changes(control: widgets.Widget, before: dict) -> None:
    """Inside ``control.hold_sync()``: of the changes it holds, drop those whose value is back
    to what it was (``before``, by synced trait), so that leaving the hold sends only real
    changes and the front end redraws nothing for a control that moved and came back (a menu
    a student has open would close).

    Examples
    --------
    >>> menu = widgets.Dropdown(options=[1, 2], value=1)
    >>> before = {key: getattr(menu, key) for key in menu.keys}
    >>> with menu.hold_sync():
    ...     menu.value = 2
    ...     menu.value = 1
    ...     _send_only_changes(menu, before)
    ...     sorted(menu._states_to_send)
    []
    """
    held = getattr(control, "_states_to_send", None)
    if held is None:  # pragma: no cover - an ipywidgets without it sends all it held
        return
    for key in list(held):
        try:
            same = bool(getattr(control, key) == before.get(key, _MISSING))
        except (TypeError, ValueError):  # values that do not compare simply: sent
            same = False
        if same:
            held.discard(key)


def _cpu_to_spare() -> bool:
    """Whether this thread has had a CPU when it wanted one, since it was last asked.

    True when it waited to run (runnable, no CPU free) no longer than it ran, since
    the last call (since the thread started, at the first call), or when the system cannot
    tell. Measured by ``benchmarks/class_preparation.py``: a kernel alone waited under 0.1 s of
    its 2.3 s; ten kernels started together on two CPUs each waited about three times as long as
    they ran.

    Examples
    --------
    >>> isinstance(_cpu_to_spare(), bool)
    True
    """
    global _CPU_LAST_ASKED
    now = _cpu_run_and_wait_ns()
    if now is None:
        return True
    ran, waited = (b - a for a, b in zip(_CPU_LAST_ASKED, now, strict=True))
    _CPU_LAST_ASKED = now
    return waited <= ran


#: Nanoseconds the thread had run and waited to run when ``_cpu_to_spare`` was last called.
_CPU_LAST_ASKED = (0, 0)


def _cpu_run_and_wait_ns() -> tuple[int, int] | None:
    """Nanoseconds the calling thread has run, and waited to run, since it started.

    Read from Linux's ``/proc/thread-self/schedstat`` (time on a CPU, then time runnable but
    waiting for one): the thread that runs a notebook's cells. None where there is no such
    file (macOS, Windows, a Linux kernel without scheduler statistics).

    Examples
    --------
    >>> found = _cpu_run_and_wait_ns()
    >>> found is None or (found[0] > 0 and found[1] >= 0)
    True
    """
    try:
        with open("/proc/thread-self/schedstat") as handle:
            ran, waited = (int(field) for field in handle.read().split()[:2])
    except (OSError, ValueError):
        return None
    return ran, waited


class Explorer:
    """Base class: subclasses build ``self.controls`` and implement ``_update``.

    ``_update`` reads the controls' values, calls pure library functions, updates the figure
    (if any) and returns the caption text. Subclasses that show text set ``self.text`` to an
    ``HTML`` widget; its content is part of the static snapshot.

    Examples
    --------
    >>> explorer = GlossaryExplorer(search="SACEUR")
    >>> explorer.state(), "'SACEUR'" in explorer.caption_text
    ({'search': 'SACEUR'}, True)
    """

    view = None  # a FigureView, for explorers that draw
    text = None  # an HTML widget, for explorers that show text
    #: Pictures an explorer keeps, by the state that drew them (about 70 KB each): a control
    #: moved back to a value seen before shows its picture again without drawing it.
    PICTURES_KEPT = 48

    def __init__(self, controls: dict[str, widgets.ValueWidget]):
        self.controls = controls
        self.caption = widgets.HTML()
        self.message = widgets.HTML()
        self.image = (
            widgets.Image(
                format="png",
                # As wide as the figure renders (larger in presentation mode), never stretched.
                layout={"width": "100%", "max_width": f"{self._figure_px()}px", "height": "auto"},
            )
            if self.view
            else None
        )
        parts = [widgets.HBox(list(controls.values()), layout={"flex_flow": "row wrap"})]
        if self.text is not None:
            parts.append(self.text)
        if self.image is not None:
            parts.append(self.image)
        parts += [self.caption, self.message]
        # A model id counted per kernel, not random: a notebook run again stores the same bytes.
        self.widget = widgets.VBox(parts, model_id=f"natokit-explorer-{next(_MODEL_IDS)}")
        self.widget.add_class("natokit-explorer")
        self._holding = False
        self._prepared = self._prepare_scheduled = False
        self._preparation: Iterator[None] | None = None  # a preparation under way
        self._cpu_looked_at = 0.0  # time.monotonic() of the last _cpu_to_spare while preparing
        self._in_turns = False  # parts of the preparation scheduled on the kernel's event loop
        self._prepared_states: set[tuple] = set()  # states whose pictures were prepared
        self._pictures: dict[tuple, bytes] = {}
        self.caption_text = ""
        self.message_text = ""
        for control in controls.values():
            control.observe(self._on_change, names="value")
        self._refresh()
        # A full garbage collection over the kernel's ~120,000 objects (tables, geometries,
        # artists) takes 30-50 ms; left to itself it lands in one of the first slider steps.
        # Run here, once, it does not come back until many more objects have survived, which
        # steps rarely make. (Not for the throwaway explorers of naive_pictures.)
        if not _NAIVE_BUILD.get():
            gc.collect()

    def _figure_px(self) -> int:
        figure = self.view.figure
        return round(figure.get_size_inches()[0] * figure.dpi)

    @staticmethod
    def _checked(control: widgets.ValueWidget, name: str, value: object) -> object:
        """``value`` if it suits ``control``, else a ``ValueError`` (for constructors)."""
        problem = _check_value(control, name, value)
        if problem:
            raise ValueError(problem + ".")
        return value

    # -- driving from code -----------------------------------------------------------------

    def set(self, **values) -> str:
        """Move controls as a student would, then return the caption (or why nothing changed).

        Unknown control names and values a control cannot take (out of range, NaN, infinity,
        arrays, ``None``, wrong types) are refused: the message is shown in the widget and
        returned, and the explorer keeps its previous state.

        Examples
        --------
        >>> explorer = MembershipExplorer(year=1949)
        >>> explorer.set(year=2004).startswith("End of 2004: 26 allies")
        True
        >>> explorer.set(colour="red")
        "Unknown control 'colour'; this explorer has: year."
        >>> explorer.set(year=float("nan"))
        'Year must be a finite number, not nan; nothing changed.'
        """
        for name, value in values.items():
            problem = self._problem(name, value)
            if problem:
                return self._warn(problem)
        before = self.state()
        try:
            with self._hold():
                for name, value in values.items():
                    self.controls[name].value = value
            self._refresh()
        except (ValueError, TypeError, KeyError, TraitError) as error:
            # A value the checks let through but the view cannot show: undo, and say so.
            with self._hold():
                for name, value in before.items():
                    self.controls[name].value = value
            self._refresh()
            return self._warn(f"Could not show {_short(values)}: {error}")
        return self.caption_text

    def state(self) -> dict:
        """Current value of every control.

        Examples
        --------
        >>> MembershipExplorer(year=1982).state()
        {'year': 1982}
        """
        return {name: control.value for name, control in self.controls.items()}

    def _problem(self, name: str, value: object) -> str:
        if name not in self.controls:
            return f"Unknown control {name!r}; this explorer has: {', '.join(self.controls)}."
        problem = _check_value(self.controls[name], name, value)
        return f"{problem}; nothing changed." if problem else ""

    def _warn(self, problem: str) -> str:
        self.message_text = problem
        self.message.value = (
            f'<span role="alert" style="color:#D55E00">{html.escape(problem)}</span>'
        )
        return problem

    # -- static view -----------------------------------------------------------------------

    def snapshot_html(self) -> str:
        """The explorer as static HTML: current picture (with alt text), text and caption.

        This is what nbconvert, GitHub and static books show, where no kernel runs the widget.

        Examples
        --------
        >>> html_text = MembershipExplorer(year=2004).snapshot_html()
        >>> '<img src="data:image/png;base64,' in html_text, "26 allies" in html_text
        (True, True)
        """
        return self._snapshot(None if self.text is None else self.text.value, self.caption_text)

    def _snapshot(self, text: str | None, caption: str) -> str:
        """:meth:`snapshot_html` with the given text (HTML) and caption."""
        width = f"{self._figure_px()}px" if self.view is not None else "60em"
        parts = [f'<div class="natokit-explorer-snapshot" style="max-width:{width}">']
        if self.image is not None and self.view is not None:
            # Stored in the notebook: small and byte-stable (the live frame is built for speed).
            data = base64.b64encode(compact_png(self.image.value)).decode("ascii")
            alt = html.escape(self.view.alt, quote=True)
            parts.append(
                f'<img src="data:image/png;base64,{data}" alt="{alt}" '
                'style="width:100%;height:auto">'
            )
        if text is not None:
            parts.append(f"<div>{text}</div>")
        parts.append(f"<p>{html.escape(caption)}</p>")
        state = ", ".join(f"{name} = {value}" for name, value in self.state().items())
        parts.append(
            f"<p><small>Static view ({html.escape(state)}). Run the notebook to use the "
            "controls.</small></p></div>"
        )
        return "".join(parts)

    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs) -> dict:
        """The widget's own bundle plus a static face for renderers without a kernel.

        A live JupyterLab shows the widget view; nbconvert HTML, GitHub and static books show
        the ``text/html`` snapshot (:meth:`snapshot_html`); plain-text renderers show the
        caption instead of the widget's ``VBox(...)`` repr.
        """
        bundle = dict(self.widget._repr_mimebundle_(**kwargs) or {})
        bundle["text/html"] = self.snapshot_html()
        bundle["text/plain"] = self.caption_text
        self._prepare_after_this_cell()
        return bundle

    # -- work done while the student reads -------------------------------------------------

    def prepare(self) -> None:
        """Do now what makes later steps faster but is not needed to show the explorer.

        In a notebook this runs by itself once the cell that shows the explorer has sent its
        output, in parts, one per turn of the kernel's event loop: the student sees the
        explorer first, the kernel prepares while they read (the spending explorer draws the
        keys, values and titles of its other editions and years, then the pictures of every
        edition and year, about a second), and a step asked for meanwhile waits for one
        part at most. On a busy machine it waits for the end of a later cell (see
        ``_prepare_after_this_cell``). Elsewhere call it when convenient: it does what is left
        at once; once is enough, and an explorer works the same without it, only its first
        visits are slower.

        Examples
        --------
        >>> explorer = MembershipExplorer()
        >>> explorer.prepare()
        >>> explorer.prepare()  # once is enough: nothing happens again
        """
        while self._prepare_part():
            pass

    def _prepare_part(self) -> bool:
        """Do the next part of the preparation; False when none is left.

        Examples
        --------
        >>> explorer = ReachExplorer(base="Ämari", minutes=10)
        >>> parts = 0
        >>> while explorer._prepare_part():
        ...     parts += 1
        >>> parts > 1, explorer._prepare_part()
        (True, False)
        """
        if self._prepared:
            return False
        if type(self)._prepare is Explorer._prepare:
            self._prepared = True  # nothing to prepare
            return False
        if self._preparation is None:
            self._preparation = self._prepare()
        try:
            next(self._preparation)
        except StopIteration:
            self._preparation = None
            self._prepared = True
            if not _NAIVE_BUILD.get():
                gc.collect()  # what the preparation made, collected now rather than in a step
            return False
        return True

    def _prepare(self) -> Iterator[None]:
        """Explorers override this with their preparation (see :meth:`prepare`): a generator
        that yields between parts, where a student's step may come in. A part may not assume
        that the controls still show what they showed when the preparation began."""
        yield from ()

    def _prepare_state(self, state: dict) -> None:
        """Compose and keep the pictures of ``state``, as :meth:`set` would show them.

        A later step to it is served from the kept pictures (see ``_png``). The explorer then
        comes back to the state shown, its message included; the front end sees no control
        move (each holds its messages until it is back where it was, and then sends only what
        differs from before).
        """
        shown = self.state()
        message = (self.message.value, self.message_text)
        synced = {
            control: {key: getattr(control, key) for key in control.keys}
            for control in self.controls.values()
        }
        with ExitStack() as stack:
            for control in self.controls.values():
                stack.enter_context(control.hold_sync())
            try:
                self._apply_state(state)
                self._update()
                for view in self._views():
                    self._png(view)
                self._prepared_states.add(tuple(self.state().items()))
            finally:
                self._apply_state(shown)
                self._refresh()
                self.message.value, self.message_text = message
                for control, before in synced.items():
                    _send_only_changes(control, before)

    def _apply_state(self, state: dict) -> None:
        """Put values into the controls without a step (the caller refreshes)."""
        with self._hold():
            for name, value in state.items():
                self.controls[name].value = value

    def _views(self) -> list:
        """The figures the explorer shows, in order (the map, then any others)."""
        return [self.view] if self.view is not None else []

    def prepared_states(self) -> set[tuple]:
        """The states (``tuple(state().items())``) whose pictures :meth:`prepare` made.

        Examples
        --------
        >>> explorer = ReachExplorer(base="Ämari", minutes=10)
        >>> explorer.prepare()
        >>> (("base", "Šiauliai"), ("minutes", 10)) in explorer.prepared_states()
        True
        """
        return set(self._prepared_states)

    def _prepare_after_this_cell(self) -> None:
        """In IPython, start :meth:`prepare` once the running cell is done (its output sent).

        Only while the kernel gets a CPU when it wants one (``_cpu_to_spare``): on a hub where a
        whole class pressed "Run All" together, preparing would take CPU from the other
        students' first maps, so it waits for the end of a later cell that ran without waiting
        (an explorer never prepared still works, its first visits only slower). In a kernel
        with an event loop the preparation then goes on in parts (``_prepare_in_turns``).
        """
        if self._prepared or self._prepare_scheduled or self.preparing:
            return
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - ipywidgets needs IPython
            return
        shell = get_ipython()
        if shell is None:
            return

        def after_the_cell(*_):
            if not _cpu_to_spare():
                return  # a busy machine (a class starting at once): after a later cell
            shell.events.unregister("post_run_cell", after_the_cell)
            self._prepare_scheduled = False
            loop = _running_loop()
            if loop is None:  # no event loop (IPython in a terminal): all of it now
                self.prepare()
                return
            self._cpu_looked_at = time.monotonic()
            self._in_turns = True
            loop.call_later(_PAUSE_BETWEEN_PARTS_S, self._prepare_in_turns, loop)

        shell.events.register("post_run_cell", after_the_cell)
        self._prepare_scheduled = True

    @property
    def preparing(self) -> bool:
        """Whether the preparation is going on in the kernel's turns (see :meth:`prepare`).

        Examples
        --------
        >>> MembershipExplorer().preparing  # outside a kernel it runs when called
        False
        """
        return self._in_turns

    def _prepare_in_turns(self, loop: asyncio.AbstractEventLoop) -> None:
        """One part of the preparation now, the next on a later turn of ``loop``.

        Between two parts the kernel handles what the front end sent (a student's step waits
        for the part under way, not for the whole preparation). When the kernel has waited
        for a CPU longer than it ran (looked at every ``_CPU_LOOK_EVERY_S``), the rest waits
        for the end of a later cell, as at the start.
        """
        now = time.monotonic()
        if now - self._cpu_looked_at >= _CPU_LOOK_EVERY_S:
            self._cpu_looked_at = now
            if not _cpu_to_spare():
                self._in_turns = False
                self._prepare_after_this_cell()
                return
        if self._prepare_part():
            loop.call_later(_PAUSE_BETWEEN_PARTS_S, self._prepare_in_turns, loop)
        else:
            self._in_turns = False

    # -- plumbing --------------------------------------------------------------------------

    @contextmanager
    def _hold(self):
        """Controls moved inside make no step; nested holds end with the outermost."""
        holding, self._holding = self._holding, True
        try:
            yield
        finally:
            self._holding = holding

    def _on_change(self, _change) -> None:
        if not self._holding:
            self._refresh()

    def _refresh(self) -> None:
        self.message.value = ""
        self.message_text = ""
        self.caption_text = self._update()
        self.caption.value = f"<p>{html.escape(self.caption_text)}</p>"
        if self.image is not None and not _NAIVE_BUILD.get():
            self.image.value = self._png(self.view)

    def _update(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def _picture_key(self, view) -> tuple:
        """What ``view``'s picture depends on: every control's value (after ``_update``).

        An explorer with several pictures may narrow it per view (a chart that ignores one
        control), so that more steps find their picture kept. The picture must be a function of
        this key: code that changes an explorer's figure directly calls :meth:`forget_pictures`.
        """
        return tuple(self.state().items())

    def _png(self, view) -> bytes:
        """``view``'s picture now: kept from an earlier step in the same state, or drawn."""
        figure = view.figure
        try:
            key = (id(view), figure.dpi, *figure.get_size_inches(), self._picture_key(view))
            kept = self._pictures.pop(key, None)
        except TypeError:  # a state that cannot be a key (unhashable): draw, keep nothing
            return view.to_png()
        if kept is None:
            kept = view.to_png()
        self._pictures[key] = kept  # now the newest
        while len(self._pictures) > self.PICTURES_KEPT:
            del self._pictures[next(iter(self._pictures))]
        return kept

    def forget_pictures(self) -> None:
        """Drop the kept pictures, after changing the explorer's figure from outside.

        Examples
        --------
        >>> explorer = MembershipExplorer(year=1999)
        >>> explorer.view.set_source("Source: my own notes")  # the kept 1999 picture is stale
        >>> explorer.forget_pictures()
        >>> explorer.set(year=2004)[:11]
        'End of 2004'
        """
        self._pictures.clear()

    # -- benchmark hooks (benchmarks/ measures every explorer through these) ----------------

    def pictures(self) -> list[bytes]:
        """The PNG images the explorer shows now, in the order shown (empty for text explorers).

        Examples
        --------
        >>> [png[:4] for png in MembershipExplorer(year=1999).pictures()]
        [b'\\x89PNG']
        >>> GlossaryExplorer().pictures()
        []
        """
        images = [self.image] if self.image is not None else []
        images += getattr(self, "_extra_images", [])
        return [bytes(image.value) for image in images]

    def naive_kwargs(self) -> dict:
        """Constructor arguments that rebuild this explorer in its current state.

        The default is :meth:`state`; an explorer whose constructor takes other names or extra
        settings (the reach explorer's speed) overrides it.

        Examples
        --------
        >>> MembershipExplorer(year=1999).naive_kwargs()
        {'year': 1999}
        """
        return self.state()

    def naive_pictures(self) -> list[bytes]:
        """The same pictures drawn the naive way: a new explorer, figures rendered in full.

        This is what a step would cost without in-place updates and fast frames: a new figure
        built from scratch (basemap, layers, legend) and rendered by matplotlib's ``savefig``.
        The benchmark times it against :meth:`set`; the tests check both show the same picture.
        Text explorers return their rebuilt HTML instead.

        Examples
        --------
        >>> explorer = MembershipExplorer(year=1999)
        >>> [png[:4] for png in explorer.naive_pictures()]
        [b'\\x89PNG']
        """
        # Built as a re-plot builds a figure: no fast frame composed, no garbage collected.
        token = _NAIVE_BUILD.set(True)
        try:
            fresh = type(self)(**self.naive_kwargs())
        finally:
            _NAIVE_BUILD.reset(token)
        views = [fresh.view] if fresh.view is not None else []
        views += getattr(fresh, "_extra", [])
        if not views:
            return [fresh.snapshot_html().encode()]
        return [view._exact_png() for view in views]

    def benchmark_steps(self, limit: int = 30) -> dict[str, list[dict]]:
        """For each control, the ``set(...)`` arguments a benchmark steps through.

        Sliders and menus go through their values (evenly thinned to ``limit``), then back a
        few steps, as a student moving a slider does; a text box types a word letter by letter.
        Explorers may override this to choose more telling steps.

        Examples
        --------
        >>> steps = MembershipExplorer().benchmark_steps(limit=5)
        >>> [s["year"] for s in steps["year"]][:3]
        [1949, 1968, 1987]
        """
        steps = {}
        for name, control in self.controls.items():
            if isinstance(control, widgets.Text):
                word = "posture"
                values = [word[:i] for i in range(1, len(word) + 1)] + ["", "NATO"]
            elif isinstance(control, widgets.SelectMultiple):
                values = [(v,) for v in _choices(control)]
            elif isinstance(control, widgets.IntSlider):
                values = list(range(control.min, control.max + 1, max(1, control.step)))
            elif isinstance(control, widgets.FloatSlider):
                values = list(np.linspace(control.min, control.max, limit))
            elif hasattr(control, "options"):
                values = _choices(control)
            elif isinstance(control, widgets.Checkbox):
                values = [True, False]
            else:
                continue
            if len(values) > limit:
                picks = np.linspace(0, len(values) - 1, limit).round().astype(int)
                values = [values[i] for i in dict.fromkeys(picks.tolist())]
            back = values[-2::-1][: max(2, len(values) // 3)]
            steps[name] = [{name: v} for v in values + back]
        return steps


class MembershipExplorer(Explorer):
    """NATO on a date: a year slider from 1949 to this year; the map shades the allies.

    Membership is counted at the end of the chosen year (accession on or before 31 December),
    by :func:`natokit.geo.membership_in_year`. Canada and the United States, founders in 1949,
    lie off the map; the source line says so.

    Parameters
    ----------
    year : int
        Starting year, from 1949 to this year.

    Raises
    ------
    ValueError
        For a year outside that range or not a whole number.

    Examples
    --------
    >>> explorer = MembershipExplorer(year=2023)
    >>> explorer.view.color_of("FIN") == explorer.view.color_of("SWE")
    False
    >>> MembershipExplorer(year=1800)
    Traceback (most recent call last):
    ...
    ValueError: Year 1800 is outside the range 1949 to ....
    """

    def __init__(self, year: int = 1949):
        self.members = load("members")
        first = int(self.members["accession_date"].dt.year.min())
        last = max(datetime.date.today().year, int(self.members["accession_date"].dt.year.max()))
        slider = widgets.IntSlider(
            value=first, min=first, max=last, description="Year", continuous_update=False
        )
        slider.value = int(self._checked(slider, "year", year))
        self.view = EuropeMap(
            "europe",
            source="Source: data/members.csv (accession dates, NATO). Canada and the United States "
            "(founders, 1949) lie off this map.",
        )
        self._years: dict[int, geo.Membership] = {}  # each year's allies, looked up once
        super().__init__({"year": slider})

    def _prepare(self) -> Iterator[None]:
        """Every year's allies looked up and its title drawn, once (about 80 years, 7 ms
        each, a part each): a year shown for the first time then only shades and composites."""
        slider = self.controls["year"]
        for year in range(slider.min, slider.max + 1):
            self.view.prepare_title(_membership_title(year, self._membership(year).count))
            yield

    def _membership(self, year: int) -> geo.Membership:
        found = self._years.get(year)
        if found is None:
            found = self._years[year] = geo.membership_in_year(year, self.members)
        return found

    def _update(self) -> str:
        year = self.controls["year"].value
        result = self._membership(year)
        # Year-free legend labels (the year is in the title), so the legend is drawn only once
        # per combination; no entry for a colour the map does not show (none before 1949,
        # none joined in most years).
        groups = {}
        if result.before:
            groups["Allies before that year"] = result.before
        if result.joined:
            groups["Joined that year"] = result.joined
        colors = {
            "Allies before that year": style.COLORS["ally"],
            "Joined that year": style.COLORS["new_ally"],
        }
        self.view.shade_groups(groups, colors)
        # Name the newcomers on the map, so the change is read, not only seen.
        on_map = [code for code in result.joined if code not in OFF_MAP]
        if on_map:
            # The United Kingdom's name goes on northern England: at its usual place, the
            # deepest point of Great Britain, it runs into the Netherlands' name (1949).
            self.view.label_countries(on_map, at={"GBR": (-2.2, 54.0)} if "NLD" in on_map else {})
        else:
            self.view.clear("country names")
        self.view.set_title(_membership_title(year, result.count))
        names = ", ".join(geo.country_name(code) for code in result.joined)
        self.view.alt = (
            f"Map of Europe with the {result.count} NATO allies at the end of {year} shaded"
            + (f"; {names} joined that year." if names else ".")
        )
        caption = f"End of {year}: {result.count} allies."
        return caption + (f" Joined in {year}: {names}." if names else "")


def _membership_title(year: int, count: int) -> str:
    return f"NATO at the end of {year}: {count} allies"


class LetterExplorer(Explorer):
    """Read the letter by section or topic: the Dutch original beside the English summary.

    Parameters
    ----------
    choice : str, optional
        ``"section: <name>"`` or ``"topic: <name>"``; the first section when not given.

    Raises
    ------
    ValueError
        For a choice that is not in the menu (the message lists the choices).

    Examples
    --------
    >>> explorer = LetterExplorer()
    >>> explorer.set(choice="topic: air_policing")
    'Topic air_policing: 1 paragraph (p03).'
    >>> LetterExplorer(choice="topic: nukes")
    Traceback (most recent call last):
    ...
    ValueError: 'topic: nukes' is not a choice for choice; choose one of: ...
    """

    def __init__(self, choice: str | None = None):
        options = [f"section: {s}" for s in sections()] + [f"topic: {t}" for t in topics()]
        dropdown = widgets.Dropdown(options=options, description="Show", layout={"width": "32em"})
        if choice is not None:
            dropdown.value = self._checked(dropdown, "choice", choice)
        self.text = widgets.HTML()
        # A menu of a few dozen choices: every page is built now (about 30 ms), so no step
        # waits for one.
        self._pages = {choice: self._page(choice) for choice in options}
        super().__init__({"choice": dropdown})

    def _update(self) -> str:
        self.text.value, caption = self._pages[self.controls["choice"].value]
        return caption

    def naive_pictures(self) -> list[bytes]:
        """The page built from the letter's table for this choice alone, at the step.

        What a step costs without the pages made at construction (see
        :meth:`Explorer.naive_pictures`).

        Examples
        --------
        >>> explorer = LetterExplorer(choice="topic: accession")
        >>> explorer.naive_pictures() == [explorer.snapshot_html().encode()]
        True
        """
        return [self._snapshot(*self._page(self.controls["choice"].value)).encode()]

    @staticmethod
    def _page(choice: str) -> tuple[str, str]:
        """The quoted paragraphs and the caption for a menu choice (pure)."""
        kind, _, value = choice.partition(": ")
        rows = paragraphs(section=value) if kind == "section" else paragraphs(topic=value)
        ids = list(rows["paragraph_id"])
        noun = "paragraph" if len(ids) == 1 else "paragraphs"
        return (
            "".join(quote(pid)._repr_html_() for pid in ids),
            f"{kind.capitalize()} {value}: {len(ids)} {noun} ({', '.join(ids)}).",
        )


class GlossaryExplorer(Explorer):
    """Search the glossary of the letter's terms, in Dutch or English.

    Parameters
    ----------
    search : str
        Starting search text; empty shows every term.

    Examples
    --------
    >>> GlossaryExplorer().set(search="Quick Reaction")
    "1 term matches 'Quick Reaction'."
    >>> GlossaryExplorer(search=None)
    Traceback (most recent call last):
    ...
    ValueError: Search must be text, not None.
    """

    def __init__(self, search: str = ""):
        box = widgets.Text(description="Search", placeholder="e.g. QRA, posture, oostflank")
        box.value = self._checked(box, "search", search)
        self.text = self.table = widgets.HTML()
        # Each term's searchable forms and table row, made once: a keystroke then filters a
        # list of about a hundred rows instead of searching the table's columns again.
        self._rows = [
            ((r.term.lower(), r.nl.lower(), r.en.lower(), r.expansion.lower()), _glossary_row(r))
            for r in glossary().itertuples()
        ]
        self._pages: dict[str, tuple[str, str]] = {}
        super().__init__({"search": box})

    def _update(self) -> str:
        term = self.controls["search"].value
        if term not in self._pages:
            if len(self._pages) >= 256:  # typed words are many: keep the latest
                del self._pages[next(iter(self._pages))]
            self._pages[term] = self._page(term)
        self.table.value, caption = self._pages[term]
        return caption

    def naive_pictures(self) -> list[bytes]:
        """The page of the current search made the plain way: the glossary's table searched
        column by column (:func:`natokit.letter.glossary`), every row written out again.

        Examples
        --------
        >>> explorer = GlossaryExplorer(search="posture")
        >>> explorer.naive_pictures() == [explorer.snapshot_html().encode()]
        True
        """
        term = self.controls["search"].value
        body = [_glossary_row(r) for r in glossary(term).itertuples()]
        return [self._snapshot(*self._table(term, body)).encode()]

    def _page(self, term: str) -> tuple[str, str]:
        """The table and caption for a search (the same term, the same page)."""
        needle = term.strip().lower()
        return self._table(
            term, [row for forms, row in self._rows if any(needle in form for form in forms)]
        )

    @staticmethod
    def _table(term: str, body: list[str]) -> tuple[str, str]:
        """The table of the rows found and its caption."""
        needle = term.strip().lower()
        table = (
            '<table style="border-collapse:collapse;font-size:90%"><thead><tr><th>Term</th><th>Dutch</th>'
            f"<th>English</th><th>Explanation</th></tr></thead><tbody>{''.join(body)}</tbody></table>"
        )
        if not needle:
            return table, f"All {len(body)} terms."
        noun = "term matches" if len(body) == 1 else "terms match"
        return table, (
            f"{len(body)} {noun} {term!r}."
            if body
            else f"No term matches {term!r}; try a shorter word."
        )


def _glossary_row(r) -> str:
    """One glossary term as a table row: term (and expansion), Dutch, English, explanation."""
    expansion = f"<br><small>{html.escape(r.expansion)}</small>" if r.expansion else ""
    return (
        f"<tr><td><b>{html.escape(r.term)}</b>{expansion}</td><td>{html.escape(r.nl)}</td>"
        f"<td>{html.escape(r.en)}</td><td>{html.escape(r.explanation_en)}</td></tr>"
    )


def _month(ts: pd.Timestamp) -> str:
    return f"{ts:%B %Y}"


def date_slider(
    days: Sequence[pd.Timestamp], label, description: str = "Date", width: str = "34em"
) -> widgets.SelectionSlider:
    """A slider over ``days``: each step shows ``label(day)``, its value is ``'YYYY-MM-DD'``.

    The date explorers (battlegroups, ratifications, NATO and the EU) share it, so their
    sliders behave alike and ``set(date=...)`` takes the same text everywhere.

    Examples
    --------
    >>> days = [pd.Timestamp("2022-07-05"), pd.Timestamp("2024-03-07")]
    >>> date_slider(days, _month).options
    (('July 2022', '2022-07-05'), ('March 2024', '2024-03-07'))
    """
    return widgets.SelectionSlider(
        options=[(label(d), d.strftime("%Y-%m-%d")) for d in days],
        description=description,
        continuous_update=False,
        layout={"width": width},
    )


def day_text(value: object, what: str = "date") -> object:
    """A date given as a date, datetime or Timestamp, as ``'YYYY-MM-DD'`` text.

    Text is returned as it is and checked by the slider, so a constructor refuses a date that
    is not a step the way ``set()`` does; a value ``parse_date`` refuses raises its ValueError.

    Examples
    --------
    >>> day_text(pd.Timestamp("2023-04-04"))
    '2023-04-04'
    >>> day_text("2023-04-04")
    '2023-04-04'
    """
    if isinstance(value, str):
        return value
    return parse_date(value, what=what).strftime("%Y-%m-%d")


class BattlegroupExplorer(Explorer):
    """The multinational battlegroups through time, with lines from framework nations to hosts.

    The steps are the dates in ``data/battlegroups.csv`` on which a battlegroup was set up or
    changed its framework nation (:func:`natokit.geo.battlegroup_steps`). A battlegroup whose
    start is known only to the year is never a step: the caption names it in a note instead.

    Parameters
    ----------
    date : str or date-like, optional
        One of the steps (``"YYYY-MM-DD"``); the first step when not given.

    Raises
    ------
    ValueError
        For a date that is not a step (the message lists the steps).

    Examples
    --------
    >>> explorer = BattlegroupExplorer()
    >>> explorer.caption_text.split(":")[0]
    'February 2017'
    """

    def __init__(self, date: str | None = None):
        self.groups = load("battlegroups")
        steps = geo.battlegroup_steps(self.groups)
        slider = date_slider(steps, _month)
        if date is not None:
            slider.value = self._checked(slider, "date", day_text(date, "battlegroup date"))
        self.view = EuropeMap(
            "flank_and_allies",
            source="Source: data/battlegroups.csv (NATO, SHAPE and national sources per row). "
            "Canada and the United States lie off this map: no line is drawn from them.",
        )
        self._undated: list[tuple[int, str]] | None = None
        self._scenes: dict[str, _BattlegroupScene] = {}
        super().__init__({"date": slider})

    def _prepare(self) -> Iterator[None]:
        """Every date's scene made, and its title and base names drawn, once (nine dates,
        about 50 ms; a part per date, then the names): a date shown for the first time then
        composites those and draws only its markers and new lines."""
        names = {}
        for date in _choices(self.controls["date"]):
            scene = self._scene_on(date)
            self.view.prepare_title(scene.title)
            active = scene.picture.active
            places = zip(
                active["lon"], active["lat"], scene.labels, scene.label_offsets, strict=True
            )
            names.update(dict.fromkeys(places))  # a base's name at its place, once
            yield
        if names:
            lons, lats, labels, offsets = zip(*names, strict=True)
            self.view.prepare_labels(lons, lats, labels, label_offset=offsets)

    def _scene_on(self, date: str) -> _BattlegroupScene:
        # What a date shows is a pure result of the date: made once (one small entry per step
        # of the slider), when prepared or when first shown.
        scene = self._scenes.get(date)
        if scene is None:
            scene = self._scenes[date] = self._scene(date)
        return scene

    def _update(self) -> str:
        scene = self._scene_on(self.controls["date"].value)
        picture = scene.picture
        self.view.shade(scene.colors)
        self.view.add_points(
            "bases",
            picture.active["lon"],
            picture.active["lat"],
            labels=scene.labels,
            color=style.COLORS["highlight"],
            marker=style.MARKERS["battlegroup"],
            size=30,
            label_offset=scene.label_offsets,
        )
        self.view.add_lines(
            "links",
            [link.segment for link in picture.links],
            color=style.COLORS["framework"],
            linewidth=1.2,
            linestyle="-",
        )
        self.view.set_legend(_BATTLEGROUP_LEGEND)
        self.view.set_title(scene.title)
        self.view.alt = scene.alt
        self._active = picture.active
        return scene.caption

    def _scene(self, date: str) -> _BattlegroupScene:
        """What the map and caption show on a date (pure; kept by the explorer)."""
        picture = geo.battlegroup_map(date, self.groups)
        on_map = [c for c in picture.frameworks if c not in OFF_MAP]
        colors = {code: style.COLORS["host"] for code in picture.hosts}
        colors.update({code: style.COLORS["framework"] for code in on_map})
        when = picture.date
        count = len(picture.active)
        pairs = "; ".join(f"{host} led by {framework}" for host, framework in picture.pairs)
        noun = "battlegroup" if count == 1 else "battlegroups"
        return _BattlegroupScene(
            picture=picture,
            colors=colors,
            labels=[loc.split(" (")[0] for loc in picture.active["location"]],
            label_offsets=label_offsets_clear_of_neighbours(
                picture.active["lon"], picture.active["lat"]
            ),
            title=f"Multinational battlegroups, {_month(when)}: {count}",
            alt=f"Map of the eastern flank with {count} battlegroups in {_month(when)}: {pairs}.",
            caption=f"{_month(when)}: {count} {noun}. {pairs}." + self._note_on(when),
        )

    def _note_on(self, when: pd.Timestamp) -> str:
        """:meth:`_undated_note` for a date, from the undated rows named once per explorer."""
        if self._undated is None:  # the same rows on every date: their names looked up once
            picture = geo.battlegroup_map(when, self.groups)
            self._undated = [
                (r.framework_from.year, self._undated_note_row(r))
                for r in picture.undated.itertuples()
            ]
        left_out = [text for year, text in self._undated if year <= when.year]
        if not left_out:
            return ""
        return f" Not shown, start known only to the year: {'; '.join(left_out)}."

    @staticmethod
    def _undated_note_row(r) -> str:
        return (
            f"{geo.country_name(r.host_iso3)} (led by {geo.country_name(r.framework_iso3)}, "
            f"{r.framework_from.year})"
        )

    @staticmethod
    def _undated_note(picture: geo.BattlegroupMap) -> str:
        # Only rows that may already exist on this date: their start year is not after it.
        left_out = [
            BattlegroupExplorer._undated_note_row(r)
            for r in picture.undated.itertuples()
            if r.framework_from.year <= picture.date.year
        ]
        if not left_out:
            return ""
        return f" Not shown, start known only to the year: {'; '.join(left_out)}."

    def rows(self) -> pd.DataFrame:
        """The battlegroups on the map now, as a table to print (see :func:`natokit.tables.battlegroups`).

        Examples
        --------
        >>> explorer = BattlegroupExplorer(date="2024-07-01")
        >>> explorer.rows().set_index("host").loc["Slovakia", "framework nation"]
        'Spain'
        """
        return tables.battlegroups(self._active)


_BATTLEGROUP_LEGEND = [
    ("Host nation", style.COLORS["host"], "patch"),
    ("Framework nation", style.COLORS["framework"], "patch"),
    ("Battlegroup base", style.COLORS["highlight"], "marker", style.MARKERS["battlegroup"]),
    ("Framework nation's capital to base", style.COLORS["framework"], "line"),
]


@dataclass(frozen=True, eq=False)
class _BattlegroupScene:
    """What the battlegroup explorer shows on one date."""

    picture: geo.BattlegroupMap
    colors: dict
    labels: list
    label_offsets: list
    title: str
    alt: str
    caption: str


#: Largest assumed speed the reach explorer takes, in km/h (about Mach 2.5 at altitude).
MAX_SPEED_KMH = 3000.0


class ReachExplorer(Explorer):
    """How far a fighter gets from an Air Policing base in a given number of minutes.

    The speed is a teaching assumption, stated on the map, not a claim about any aircraft: the
    point is the geometry (a geodesic ring) and the time a crossing takes, not performance data.
    The numbers come from :func:`natokit.geo.reach`; the parts of other countries inside the
    ring are coloured by what those countries are today (:func:`natokit.geo.alignment`): allies,
    other states, Russia and Belarus each look different.

    Parameters
    ----------
    speed_kmh : float
        Assumed average speed after take-off, in km/h: more than 0, at most 3000.
    base : str, optional
        Starting base (a ``base`` from ``data/air_policing.csv``); the first in alphabetical
        order when not given.
    minutes : int
        Starting number of minutes, 1 to 30.

    Raises
    ------
    ValueError
        For a speed, base or number of minutes outside those ranges.

    Examples
    --------
    >>> explorer = ReachExplorer(speed_kmh=600, base="Ämari", minutes=10)
    >>> explorer.radius_km
    100.0
    >>> ReachExplorer(minutes=45)
    Traceback (most recent call last):
    ...
    ValueError: Minutes 45 is outside the range 1 to 30.
    """

    def __init__(self, speed_kmh: float = 600.0, base: str | None = None, minutes: int = 10):
        if (
            isinstance(speed_kmh, bool)
            or not isinstance(speed_kmh, numbers.Real)
            or not 0 < float(speed_kmh) <= MAX_SPEED_KMH  # also refuses NaN
        ):
            raise ValueError(
                f"speed_kmh must be a number more than 0 and at most {MAX_SPEED_KMH:g}, "
                f"not {_short(speed_kmh)}"
            )
        self.speed_kmh = float(speed_kmh)
        bases = load("air_policing").drop_duplicates("base")[["base", "host_iso3", "lon", "lat"]]
        self.bases = bases.set_index("base")
        self.capitals = load("capitals")
        names = sorted(self.bases.index)
        base_menu = widgets.Dropdown(options=names, description="Base")
        if base is not None:
            base_menu.value = self._checked(base_menu, "base", base)
        minutes_slider = widgets.IntSlider(
            value=10, min=1, max=30, description="Minutes", continuous_update=False
        )
        minutes_slider.value = int(self._checked(minutes_slider, "minutes", minutes))
        self.view = EuropeMap(
            "eastern_flank",
            source="Sources: data/air_policing.csv (bases), data/capitals.csv (GeoNames), "
            "data/members.csv (allies today).",
        )
        self.radius_km = 0.0
        self.result: geo.Reach | None = None
        self._scenes: dict[tuple[str, int], _ReachScene] = {}
        super().__init__({"base": base_menu, "minutes": minutes_slider})

    def _prepare(self) -> Iterator[None]:
        """Precompute per base (the base shown, and every base at the minutes shown).

        At the base shown, every number of minutes gets its scene (ring, parts of countries,
        capitals, texts: about 2.5 ms each), its title's picture (about 3 ms) and its zoom
        level's view window (four levels at 600 km/h, each rasterised once, about 10 ms):
        a minutes step then draws only the ring and the parts it reaches. Every base's
        picture at the minutes shown is composed (ten bases, about 30 ms each): a change of
        base then shows a kept picture. At another base, minutes are computed when first
        shown. About 0.45-0.7 s in all, as busy as the machine is, in parts of 3-30 ms.
        """
        base, slider = self.controls["base"].value, self.controls["minutes"]
        scenes = []
        for minutes in range(slider.min, slider.max + 1):
            scenes.append(self._scene_of(base, minutes))
            yield
        windows = ((s.result.lon, s.result.lat, reach_zoom_km(s.result.radius_km)) for s in scenes)
        for window in dict.fromkeys(windows):
            self.view.prepare_views([window])
            yield
        for scene in scenes:
            self.view.prepare_title(scene.title)
            yield
        for name in self.controls["base"].options:
            self._prepare_state({"base": name})
            yield

    def naive_kwargs(self) -> dict:
        """The controls' values and the assumed speed (see :meth:`Explorer.naive_kwargs`).

        Examples
        --------
        >>> ReachExplorer(speed_kmh=900, base="Ämari", minutes=5).naive_kwargs()["speed_kmh"]
        900.0
        """
        return {**self.state(), "speed_kmh": self.speed_kmh}

    def _update(self) -> str:
        base, minutes = self.controls["base"].value, self.controls["minutes"].value
        # Everything a step shows is a pure result of (base, minutes): a slider moved back and
        # forth finds it here (a few kB each, at most one per base and minute).
        scene = self._scene_of(base, minutes)
        result = scene.result
        self.result, self.radius_km = result, result.radius_km
        self.view.shade({scene.host: style.COLORS["host"]})
        # Only the part of each other country inside the ring is coloured, by what it is.
        for kind in ("ally", "other", "adversary"):
            layer = f"reached {kind}"
            shape = scene.reached_parts[kind]
            if shape is None:
                self.view.clear(layer)
                continue
            # One piece per country, outlined like the basemap's borders, so borders stay visible.
            self.view.add_shape(
                layer,
                shape,
                edgecolor=style.COLORS["border"],
                facecolor=_REACH_COLORS[kind],
                alpha=0.85,
                linestyle="-",
                linewidth=0.6,
                hatch=_REACH_HATCHES.get(kind),
                projected=True,
            )
        self.view.add_shape("ring", result.ring, edgecolor=style.COLORS["highlight"])
        self.view.zoom_to(result.lon, result.lat, reach_zoom_km(result.radius_km))
        self.view.add_points(
            "base",
            [result.lon],
            [result.lat],
            labels=[base],
            color=style.COLORS["highlight"],
            marker=style.MARKERS["base"],
            size=60,
            label_offset=scene.label_offsets[0],
        )
        self.view.add_points(
            "capitals",
            result.capitals["lon"],
            result.capitals["lat"],
            labels=list(result.capitals["capital"]),
            color=style.COLORS["text"],
            marker=style.MARKERS["capital"],
            size=18,
            label_offset=scene.label_offsets[1:] or (6, 4),
        )
        self.view.set_legend(_REACH_LEGEND)  # the same every step: drawn once, then reused
        self.view.set_title(scene.title)
        self.view.alt = scene.alt
        return scene.caption

    def _scene_of(self, base: str, minutes: int) -> _ReachScene:
        """The scene of a base and a number of minutes, computed once (see ``_scene``)."""
        scene = self._scenes.get((base, minutes))
        if scene is None:
            scene = self._scenes[(base, minutes)] = self._scene(base, minutes)
        return scene

    def _scene(self, base: str, minutes: int) -> _ReachScene:
        """What the map and caption show for a base and a number of minutes (pure, cached)."""
        lon, lat = geo.base_position(base)
        result = geo.reach(lon, lat, minutes, self.speed_kmh, self.capitals)
        host = self.bases.loc[base, "host_iso3"]
        reached = [c for c in result.countries if c != host]
        kinds = geo.alignment(reached)
        names = geo.country_names()  # one lookup for every name the caption lists
        reached_parts = {}
        for kind in ("ally", "other", "adversary"):
            pieces = [
                p
                for c in reached
                if _REACH_KIND[kinds[c]] == kind
                for p in shapely.get_parts(result.parts[c])
                if p.geom_type == "Polygon"
            ]
            reached_parts[kind] = shapely.MultiPolygon(pieces) if pieces else None
        caps = (
            ", ".join(
                f"{name} ({km:.0f} km)"
                for name, km in zip(
                    result.capitals["capital"], result.capitals["distance_km"], strict=True
                )
            )
            or "none"
        )

        def listed(*wanted: str) -> str:
            return ", ".join(names[c] for c in reached if kinds[c] in wanted) or "none"

        radius = f"{result.radius_km:.0f} km"
        # A name goes left of its marker when another marker lies close to its east (Ämari
        # and Tallinn, Riga and Lielvārde): written to the right, the names ran into each other.
        offsets = label_offsets_clear_of_neighbours(
            [result.lon, *result.capitals["lon"]],
            [result.lat, *result.capitals["lat"]],
            rows_km=0.1 * reach_zoom_km(result.radius_km),  # about 20 pixels at any zoom
        )
        return _ReachScene(
            result=result,
            host=host,
            reached_parts=reached_parts,
            label_offsets=offsets,
            title=(f"From {base}: {minutes} min at an assumed {self.speed_kmh:g} km/h = {radius}"),
            alt=(
                f"Map with a {radius} ring around {base}. Capitals inside: {caps}. "
                f"Allies reached: {listed('ally')}; other states: {listed('other')}; Russia or "
                f"Belarus: {listed('russia', 'belarus')}."
            ),
            caption=(
                f"{base}, {minutes} min at {self.speed_kmh:g} km/h (assumed): {radius}. "
                f"Capitals inside: {caps}. Other countries the ring reaches: allies: "
                f"{listed('ally')}; not allies: {listed('other')}; Russia and Belarus: "
                f"{listed('russia', 'belarus')}."
            ),
        )


#: The reach map's smallest half height in km: a short reach is still shown with its region.
REACH_ZOOM_MIN_KM = 250.0
#: Ratio between the reach map's zoom levels: each level shows 1.25 times as far as the last.
REACH_ZOOM_STEP = 1.25


def reach_zoom_km(radius_km: float) -> float:
    """Half height of the reach map, in km: the smallest zoom level that shows 1.4 radii.

    The map zooms in fixed levels (250 km, then 1.25 times more at each level) rather than
    to each radius: a ring a minute longer usually keeps its level, so the map does not creep,
    and the explorer redraws no borders or labels for it (the ring fills 57 to 71 % of the
    half height, never less than it would at 250 km).

    Examples
    --------
    >>> reach_zoom_km(100), reach_zoom_km(178), reach_zoom_km(179), reach_zoom_km(300)
    (250.0, 250.0, 312.5, 488.28125)
    """
    wanted = max(1.4 * float(radius_km), REACH_ZOOM_MIN_KM)
    level = math.ceil(math.log(wanted / REACH_ZOOM_MIN_KM, REACH_ZOOM_STEP) - 1e-9)
    return REACH_ZOOM_MIN_KM * REACH_ZOOM_STEP ** max(level, 0)


@dataclass(frozen=True, eq=False)
class _ReachScene:
    """What the reach explorer shows for one base and number of minutes."""

    result: geo.Reach
    host: str
    reached_parts: dict  # "ally", "other", "adversary" -> MultiPolygon (LAEA), or None
    title: str
    alt: str
    caption: str
    label_offsets: list  # per point, base first: a name goes left when a point is close east


# Russia and Belarus share one meaning in the kit's palette: adversary.
_REACH_KIND = {"ally": "ally", "other": "other", "russia": "adversary", "belarus": "adversary"}
_REACH_COLORS = {
    "ally": style.COLORS["ally"],
    "other": style.COLORS["partner"],
    "adversary": style.COLORS["adversary"],
}
_REACH_HATCHES = {"other": style.HATCHES["partner"], "adversary": style.HATCHES["adversary"]}


# No numbers in the labels (the title has them), so the legend never changes between steps.
_REACH_LEGEND = [
    ("Host country of the base", style.COLORS["host"], "patch"),
    ("Allies, part within reach", _REACH_COLORS["ally"], "patch"),
    ("Not allies, part within reach", _REACH_COLORS["other"], "patch", _REACH_HATCHES["other"]),
    (
        "Russia and Belarus, part within reach",
        _REACH_COLORS["adversary"],
        "patch",
        _REACH_HATCHES["adversary"],
    ),
    ("Reach in the chosen time", style.COLORS["highlight"], "dashed"),
    ("Air Policing base", style.COLORS["highlight"], "marker", style.MARKERS["base"]),
    ("Capital", style.COLORS["text"], "marker", style.MARKERS["capital"]),
]
