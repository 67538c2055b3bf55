"""Execute notebooks in place the way the kit stores them, so a re-run that changes nothing
visible changes no bytes.

For each notebook: run it top to bottom in a fresh kernel (from the notebook's folder), without
saved widget state (the explorers' static snapshots are what renderers without a kernel show)
and without execution timestamps; merge consecutive pieces of the same output stream (a busy
kernel flushes one ``print`` loop in two or three pieces, and the file would change with the
machine's load); write it back and format it with ruff, as ``make test`` checks.

Run from the repository root::

    python scripts/run_notebooks.py notebooks/03_burden_sharing.ipynb
    python scripts/run_notebooks.py notebooks/*.ipynb

then test the notebook with strict nbval (CONTRIBUTING.md, section 7).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

__all__ = ["merge_streams", "run"]


def merge_streams(notebook: nbformat.NotebookNode) -> int:
    """Merge consecutive outputs of the same stream in every cell; return how many merged.

    Examples
    --------
    >>> cell = nbformat.v4.new_code_cell("print(1); print(2)")
    >>> cell.outputs = [
    ...     nbformat.v4.new_output("stream", name="stdout", text="1\\n"),
    ...     nbformat.v4.new_output("stream", name="stdout", text="2\\n"),
    ... ]
    >>> notebook = nbformat.v4.new_notebook(cells=[cell])
    >>> merge_streams(notebook), notebook.cells[0].outputs[0].text
    (1, '1\\n2\\n')
    """
    merged = 0
    for cell in notebook.cells:
        outputs = cell.get("outputs", [])
        kept: list = []
        for output in outputs:
            last = kept[-1] if kept else None
            if (
                last is not None
                and output.output_type == "stream"
                and last.output_type == "stream"
                and last.name == output.name
            ):
                last.text += output.text
                merged += 1
            else:
                kept.append(output)
        if outputs:
            cell.outputs = kept
    return merged


def run(path: Path, timeout: int = 600) -> float:
    """Execute one notebook in place (see the module's docstring); return its seconds."""
    notebook = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=False,
        record_timing=False,
    ).execute()
    seconds = time.perf_counter() - start
    merge_streams(notebook)
    nbformat.write(notebook, path)
    subprocess.run([sys.executable, "-m", "ruff", "format", "--quiet", str(path)], check=True)
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    for path in args.notebooks:
        if not path.is_file():
            print(f"{path}: no such notebook", file=sys.stderr)
            return 2
        print(f"{path}: ran in {run(path):.1f} s, {path.stat().st_size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
