"""Measure the notebooks: stored size (and the share that is pictures), peak kernel memory, the
time from kernel start to the first map, and the cost of ``import natokit``.

Each notebook is executed on a copy (the stored file is never touched) in a fresh kernel, top
to bottom, as "Run All" does; a last cell waits for the explorers' preparations to end, then
reads the kernel's peak resident memory.

Run ``python benchmarks/notebooks.py`` for a table, or ``--json`` for the raw figures.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

__all__ = ["stored_size", "run_notebook", "import_time_ms", "measure_all"]

ROOT = Path(__file__).resolve().parents[1]
#: The last cell: once every explorer has finished preparing (it goes on in the kernel's turns
#: after the cell that showed it, so the cell waits for it), the kernel's peak memory.
PEAK_CELL = """\
import asyncio as _a, gc as _gc, resource as _r
from natokit.explore import Explorer as _E
while any(o.preparing for o in _gc.get_objects() if isinstance(o, _E)):
    await _a.sleep(0.05)
print('NATOKIT_PEAK_KB', _r.getrusage(_r.RUSAGE_SELF).ru_maxrss)
"""
_PNG_IN_HTML = re.compile(r"base64,([A-Za-z0-9+/=]+)")


def stored_size(path: Path) -> dict:
    """Bytes of the stored notebook and of the pictures (PNG, as base64) inside it."""
    notebook = json.loads(path.read_text())
    pictures = 0
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            for kind, value in output.get("data", {}).items():
                text = value if isinstance(value, str) else "".join(value)
                if kind == "image/png":
                    pictures += len(text)
                elif kind == "text/html":
                    pictures += sum(len(m) for m in _PNG_IN_HTML.findall(text))
    size = path.stat().st_size
    return {"kb": size / 1000, "picture_kb": pictures / 1000, "picture_share": pictures / size}


def _has_picture(cell) -> bool:
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if "image/png" in data or "base64," in "".join(data.get("text/html", "")):
            return True
    return False


def run_notebook(path: Path, timeout: int = 600) -> dict:
    """Execute a copy of the notebook; peak kernel memory, first map time, total time."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(PEAK_CELL))
    marks: dict[str, float] = {}

    def on_cell_start(cell, cell_index, **_):
        marks.setdefault("kernel_ready", time.perf_counter())

    def on_cell_executed(cell, cell_index, **_):
        if "first_map_cell_done" not in marks and _has_picture(cell):
            marks["first_map_cell_done"] = time.perf_counter()

    class Client(NotebookClient):
        # The first map is shown when its output reaches the front end, as JupyterLab shows
        # it: the kernel may still be busy with the rest of the cell (an explorer prepares
        # its later steps once its output has been sent, see Explorer.prepare).
        def output(self, outs, msg, display_id, cell_index):
            out = super().output(outs, msg, display_id, cell_index)
            if "first_map" not in marks and out is not None and _has_picture({"outputs": [out]}):
                marks["first_map"] = time.perf_counter()
            return out

    client = Client(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        on_cell_start=on_cell_start,
        on_cell_executed=on_cell_executed,
    )
    start = time.perf_counter()
    client.execute()
    end = time.perf_counter()
    text = "".join(o.get("text", "") for o in notebook.cells[-1].outputs)
    peak_kb = int(text.split("NATOKIT_PEAK_KB")[-1].split()[0])
    ready = marks.get("kernel_ready", start)
    return {
        "peak_mb": peak_kb / 1024,
        "kernel_start_s": ready - start,
        "first_map_s": marks["first_map"] - ready if "first_map" in marks else None,
        # ... and when the cell that showed it was done (what earlier figures measured).
        "first_map_cell_done_s": (
            marks["first_map_cell_done"] - ready if "first_map_cell_done" in marks else None
        ),
        "run_all_s": end - ready,
    }


def import_time_ms(statement: str = "import natokit", repeat: int = 5) -> float:
    """Median wall time of ``statement`` in a fresh interpreter, in milliseconds."""
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    times = sorted(
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout)
        for _ in range(repeat)
    )
    return times[len(times) // 2] * 1000


def measure_all(only: list[str] | None = None, execute: bool = True) -> dict:
    """Figures for every notebook under notebooks/ (and the import times)."""
    results = {
        "import_natokit_ms": import_time_ms(),
        "import_notebook_modules_ms": import_time_ms(
            "from natokit import charts, explore, geo, letter, maps, quiz, style"
        ),
        "notebooks": {},
    }
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        if only and not any(o in path.stem for o in only):
            continue
        entry = stored_size(path)
        if execute:
            try:
                entry.update(run_notebook(path))
            except Exception as error:  # a notebook that fails is reported, not fatal
                entry["error"] = f"{type(error).__name__}: {str(error).strip()[-300:]}"
        results["notebooks"][path.stem] = entry
    return results


def table(results: dict) -> str:
    """The results as a fixed-width text table."""
    lines = [
        f"import natokit: {results['import_natokit_ms']:.1f} ms; with the modules a notebook "
        f"imports: {results['import_notebook_modules_ms']:.0f} ms",
        f"{'notebook':<26} {'stored':>8} {'pictures':>9} {'peak mem':>9} {'first map':>10} "
        f"{'cell done':>10} {'run all':>8}",
    ]
    for name, n in results["notebooks"].items():
        if "error" in n:
            lines.append(f"{name:<26} {n['kb']:>6.0f}kB FAILED: {n['error'][:80]}")
            continue
        first = f"{n['first_map_s']:>9.1f}s" if n.get("first_map_s") is not None else " " * 10
        mem = f"{n['peak_mb']:>7.0f}MB" if "peak_mb" in n else " " * 9
        done = n.get("first_map_cell_done_s")
        done = f"{done:>9.1f}s" if done is not None else " " * 10
        run = f"{n['run_all_s']:>7.1f}s" if "run_all_s" in n else ""
        lines.append(
            f"{name:<26} {n['kb']:>6.0f}kB {n['picture_share']:>8.0%} {mem} {first} {done} {run}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", help="notebooks whose name contains these")
    parser.add_argument("--no-execute", action="store_true", help="sizes only")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = measure_all(args.only, execute=not args.no_execute)
    print(json.dumps(results) if args.json else table(results))


if __name__ == "__main__":
    main()
