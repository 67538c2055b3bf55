"""Key press on an explorer's control -> its picture changed, timed in a real JupyterLab.

For every explorer (found as in ``benchmarks/explorers.py``) a small notebook that shows it is
run in JupyterLab in headless Chromium; then its first slider (or menu) is moved with the arrow
keys, or a word is typed into its search box letter by letter and erased, one press at a time,
and each press is timed in the page and in the kernel:

* ``to kernel``: key press -> the kernel starts the explorer's ``_refresh`` (the widget's change
  message over the websocket, the server and ZeroMQ, then the kernel's traitlets);
* ``kernel``: the explorer's ``_refresh`` (update, frames, PNGs, and handing the new values to
  the kernel's sending thread);
* ``back``: ``_refresh`` done -> the first new picture's ``src`` set in the page (the messages
  through the server and the websocket, and the widget manager's work on them);
* ``spread``: first -> last new picture's ``src`` (an explorer with several pictures, the
  spending explorer's three, is done when the last of them has changed; 0 for one picture);
* ``decode``: that ``src`` set -> the image decoded (``img.decode()``);
* ``paint``: decoded -> the frame that shows it painted: an animation frame, then the first
  task after it (``requestAnimationFrame`` + ``setTimeout(0)``, which runs once that frame's
  layout and paint are done).

The parts add up to the total press by press (medians need not). The kernel logs its wall-clock
times, the page its ``performance.timeOrigin`` plus ``performance.now()``: one clock, on one
machine. The script waits for a press to settle by polling every 100 ms, not at every animation
frame, so that its own waiting does not take CPU from the page it measures.

Measurements, printed, not asserted. Needs playwright and Chromium (``/usr/bin/chromium`` or
``NATOKIT_CHROMIUM``); JupyterLab is started on 127.0.0.1 with a token, ``--allow-root``.
Run ``python benchmarks/browser_timing.py`` (``--presses N``, ``--only Name``, ``--json``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

__all__ = ["time_explorers"]

CELL = """\
import json, time
from {module} import {name}
explorer = {name}()
_refresh = explorer._refresh


def _timed_refresh():
    start = time.time()
    _refresh()
    with open({log!r}, "a") as log:
        log.write(json.dumps([start * 1000, time.time() * 1000]) + "\\n")


explorer._refresh = _timed_refresh
explorer
"""

# In the page: record the key press, the first change of the explorer (a new image src, or new
# text), the decode of the new image and the paint two animation frames later.
JS_INSTRUMENT = """(root) => {
  window.__nk = {};
  const start = () => { window.__nk = {key: performance.now(), count: 0, pending: 0,
                                        origin: performance.timeOrigin}; };
  document.addEventListener('keydown', start, true);
  // A menu chosen from code (see _press) starts the clock at its change event instead.
  document.addEventListener('change', () => { if (!window.__nk.key) start(); }, true);
  const painted = (nk) => requestAnimationFrame(() => setTimeout(() => {
    nk.painted = performance.now(); nk.pending -= 1; }, 0));
  const seen = (img) => {
    const nk = window.__nk;
    if (!nk.key) return;
    nk.changed = performance.now();  // the latest change of this press
    if (!nk.first) nk.first = nk.changed;
    nk.count += 1;
    nk.pending += 1;
    if (img) {
      const decoded = () => { nk.decoded = performance.now(); painted(nk); };
      img.decode().then(decoded, decoded);
    } else { nk.decoded = nk.changed; painted(nk); }
  };
  // Only what the explorer shows: its pictures, else its text (not the slider's readout).
  const images = Array.from(root.querySelectorAll('img'));
  for (const img of images) {
    new MutationObserver(() => seen(img)).observe(img, {attributes: true, attributeFilter: ['src']});
  }
  if (!images.length) {
    for (const el of root.querySelectorAll('.widget-html')) {
      new MutationObserver(() => seen(null)).observe(el, {childList: true, subtree: true,
                                                          characterData: true});
    }
  }
}"""

# A press is done when the kernel has logged its step, every change it sent has been painted,
# and nothing more changed for a while.
JS_SETTLED = """() => { const nk = window.__nk;
  return nk && nk.count > 0 && nk.pending === 0 && performance.now() - nk.painted > 60; }"""


CONTROLS = (
    (".widget-slider .noUi-handle", "slider"),
    (".widget-dropdown select", "menu"),
    (".widget-text input", "search"),
)
#: The parts of a press, in order (see the module's docstring); they add up to ``total``.
PARTS = ("to_kernel", "kernel", "back", "spread", "decode", "paint")
#: What a student types into a search box, one key at a time (then erased, key by key).
SEARCH_WORD = "posture"


def _press(control, kind: str, forward: bool) -> bool:
    """One key on the control (an arrow; a letter or backspace in a search box); False when
    it cannot move further that way."""
    if kind == "search":
        typed = control.input_value()
        if forward and len(typed) >= len(SEARCH_WORD):
            return False
        if not forward and not typed:
            return False
        control.focus()
        control.press(SEARCH_WORD[len(typed)] if forward else "Backspace")
        return True
    if kind == "slider":
        now = float(control.get_attribute("aria-valuenow") or 0)
        edge = float(control.get_attribute("aria-valuemax" if forward else "aria-valuemin") or 0)
        if now == edge:
            return False
    else:
        index, count = control.evaluate("(s) => [s.selectedIndex, s.options.length]")
        if (forward and index >= count - 1) or (not forward and index <= 0):
            return False
    if kind == "slider":
        control.focus()
        control.press("ArrowRight" if forward else "ArrowLeft")
    else:
        # Headless Chromium does not move a closed <select> with the arrow keys: choose the
        # next option as the keys would (the clock starts at the change event).
        control.page.evaluate("() => { window.__nk = {}; }")
        values = control.evaluate("(s) => Array.from(s.options).map((o) => o.value)")
        control.select_option(values[index + (1 if forward else -1)])
    return True


def _time_one(nb, log: Path, presses: int) -> dict:
    page = nb.page
    root = page.locator(".jp-OutputArea .natokit-explorer").first
    root.wait_for(timeout=120_000)
    found = [(root.locator(sel).first, kind) for sel, kind in CONTROLS if root.locator(sel).count()]
    if not found:
        return {"skipped": "no slider, menu or search box to press keys on"}
    control, kind = found[0]
    root.evaluate(JS_INSTRUMENT)
    time.sleep(1.0)
    log.write_text("")
    rows, forward, misses = [], True, 0
    for _ in range(presses):
        if misses >= 3:  # the control does not change the picture: stop waiting for it
            break
        logged = len(log.read_text().splitlines())
        if not _press(control, kind, forward):
            forward = not forward
            if not _press(control, kind, forward):
                break
        try:
            _wait(lambda n=logged: len(log.read_text().splitlines()) > n, 15.0)  # the kernel step
            page.wait_for_function(JS_SETTLED, timeout=15_000, polling=100)
        except Exception:  # playwright or our TimeoutError: nothing changed in time
            misses += 1
            continue
        step = page.evaluate("() => window.__nk")
        # The kernel's step in the page's clock (both read the same wall clock).
        logged_ms = json.loads(log.read_text().splitlines()[logged])
        began, ended = (t - step["origin"] for t in logged_ms)
        rows.append(
            {
                "total": step["painted"] - step["key"],
                "to_kernel": began - step["key"],
                "kernel": ended - began,
                "back": step["first"] - ended,
                "spread": step["changed"] - step["first"],
                "decode": step["decoded"] - step["changed"],
                "paint": step["painted"] - step["decoded"],
                "pictures": step["count"],
            }
        )
    if not rows:
        return {"skipped": "the picture never changed after a key press", "control": kind}
    from explorers import percentile

    out = {
        "control": kind,
        "presses": len(rows),
        "missed": misses,
        "pictures": max(r["pictures"] for r in rows),
    }
    for part in ("total", *PARTS):
        values = [r[part] for r in rows]
        out[f"{part}_median_ms"] = statistics.median(values)
        out[f"{part}_p95_ms"] = percentile(values, 0.95)
    return out


def _wait(condition, seconds: float) -> None:
    """Poll ``condition`` until it holds; TimeoutError after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError
        time.sleep(0.05)


def time_explorers(presses: int = 20, only: list[str] | None = None) -> list[dict]:
    """Time key presses on every explorer; each result says why when it was skipped."""
    from browser_support import JupyterLabServer, NotebookPage, browser_skip_reason, chromium_path

    reason = browser_skip_reason()
    if reason:
        return [{"skipped": reason}]
    import nbformat
    from explorers import discover
    from playwright.sync_api import sync_playwright

    specs = [s for s in discover() if not only or any(o in s for o in only)]
    workdir = Path(tempfile.mkdtemp(prefix="natokit-browser-timing-"))
    results = []
    try:
        for spec in specs:
            module, name = spec.split(":")
            log = workdir / f"{name}.log"
            notebook = nbformat.v4.new_notebook()
            notebook.cells.append(
                nbformat.v4.new_code_cell(CELL.format(module=module, name=name, log=str(log)))
            )
            notebook.metadata["kernelspec"] = {
                "name": "python3",
                "display_name": "Python 3",
                "language": "python",
            }
            nbformat.write(notebook, workdir / f"{name}.ipynb")
        with JupyterLabServer(root_dir=workdir) as server, sync_playwright() as play:
            browser = play.chromium.launch(executable_path=chromium_path(), headless=True)
            try:
                for spec in specs:
                    name = spec.split(":")[1]
                    context = browser.new_context(viewport={"width": 1400, "height": 1000})
                    page = context.new_page()
                    try:
                        nb = NotebookPage(page, server, f"{name}.ipynb")
                        nb.open()
                        nb.restart_and_run_all(timeout=180)
                        result = _time_one(nb, workdir / f"{name}.log", presses)
                    except Exception as error:  # one explorer failing does not stop the rest
                        result = {"skipped": f"{type(error).__name__}: {str(error)[:200]}"}
                    finally:
                        context.close()
                    results.append({"explorer": name, **result})
            finally:
                browser.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return results


#: Column titles of the parts, as the table prints them.
PART_TITLES = {
    "total": "total",
    "to_kernel": "to kernel",
    "kernel": "kernel",
    "back": "back",
    "spread": "spread",
    "decode": "decode",
    "paint": "paint",
}


def table(results: list[dict]) -> str:
    """Median (p95) per part, one row per explorer."""
    columns = ("total", *PARTS)
    lines = [
        f"{'explorer':<22} {'control':<7} {'n':>3} "
        + " ".join(f"{PART_TITLES[p]:>11}" for p in columns)
    ]
    for r in results:
        if "skipped" in r:
            lines.append(f"{r.get('explorer', 'all'):<22} skipped: {r['skipped']}")
            continue
        cells = (f"{r[p + '_median_ms']:.0f} ({r[p + '_p95_ms']:.0f})" for p in columns)
        lines.append(
            f"{r['explorer']:<22} {r['control']:<7} {r['presses']:>3} "
            + " ".join(f"{c:>11}" for c in cells)
        )
    lines.append(
        "milliseconds: median (p95); to kernel + kernel + back + spread + decode + paint = total"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--presses", type=int, default=20)
    parser.add_argument("--only", nargs="*")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = time_explorers(args.presses, args.only)
    print(json.dumps(results) if args.json else table(results))


if __name__ == "__main__":
    main()
