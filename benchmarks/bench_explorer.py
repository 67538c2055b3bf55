"""Measure what a student feels, in one command (``make benchmark``).

1. Every explorer, every control (``benchmarks/explorers.py``): median and p95 of one step
   (``set(...)``: update, fast frame, PNG), the CPU time of a step, the median of the naive
   re-plot of the same states (a new explorer, figures rendered in full by matplotlib) and the
   ratio; memory while the explorer cycles through its steps (2,000 by default).
2. The notebooks (``benchmarks/notebooks.py``): stored size and the share that is pictures,
   peak memory of the kernel that runs each one top to bottom, kernel start to the first map;
   the time ``import natokit`` takes.
3. In the browser (``benchmarks/browser_timing.py``): a key press on each explorer's slider ->
   its picture changed, median and p95, split into kernel, comm, decode and paint. Skipped, with
   the reason, without Chromium and playwright.
4. A class starting at once (``benchmarks/class_preparation.py``): ten kernels show an explorer
   together; whether its preparation waits while they wait for a CPU, and what that saves.

Targets (issue 11): a step <= 40 ms median and <= 80 ms p95, >= 10x faster than the naive
re-plot; browser <= 100 ms median and <= 200 ms p95; first map <= 3 s after kernel start; each
stored notebook <= 300 KB; peak kernel memory <= 250 MB; memory flat over 2,000 steps.

Prints the tables and writes ``benchmarks/results.json`` and ``benchmarks/results.md``.
Timings vary with the machine and its load (on a shared machine compare the CPU column);
these are measurements, not test thresholds.

Run from the repository root: ``python benchmarks/bench_explorer.py`` (``--quick`` for fewer
memory steps and no browser; ``--skip notebooks browser`` to leave parts out).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import browser_timing  # noqa: E402
import class_preparation  # noqa: E402
import explorers  # noqa: E402

import notebooks  # noqa: E402

TARGETS = {
    "step_median_ms": 40,
    "step_p95_ms": 80,
    "speedup": 10,
    "browser_median_ms": 100,
    "browser_p95_ms": 200,
    "first_map_s": 3,
    "notebook_kb": 300,
    "peak_mb": 250,
}


def _machine() -> dict:
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "when": datetime.datetime.now().isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average": load,
    }


def _markdown(results: dict) -> str:
    machine = results["machine"]
    lines = [
        "# natokit benchmark results",
        "",
        f"Measured {machine['when']} on {machine['cpus']} CPUs (load average "
        f"{', '.join(f'{x:.1f}' for x in machine['load_average'] or [])}), Python "
        f"{machine['python']}, by `make benchmark`. Targets: step <= "
        f"{TARGETS['step_median_ms']} ms median and <= {TARGETS['step_p95_ms']} ms p95, "
        f">= {TARGETS['speedup']}x the naive re-plot; memory flat over the steps.",
        "",
        "| explorer | control | steps | median ms | p95 ms | first visits: median ms (steps) "
        "| CPU median ms | naive ms | ratio | ratio, first visits | memory +MB (steps) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    met = {"median": 0, "p95": 0, "ratio": 0, "first": 0, "first_ratio": 0, "controls": 0}
    for r in results.get("explorers", []):
        if "error" in r:
            lines.append(f"| {r['explorer']} | failed: {' / '.join(r['error'])} |||||||")
            continue
        memory = r.get("memory")
        for i, (name, c) in enumerate(r["controls"].items()):
            mem = f"{memory['growth_mb']:+.1f} ({memory['steps']})" if memory and i == 0 else ""
            first = c.get("first_median_ms")
            first_text = f"{first:.1f} ({c['first_steps']})" if first is not None else "-"
            first_ratio = c.get("first_ratio")
            first_ratio_text = f"{first_ratio:.0f}x" if first_ratio is not None else "-"
            lines.append(
                f"| {r['explorer'] if i == 0 else ''} | {name} | {c['steps']} | "
                f"{c['median_ms']:.1f} | {c['p95_ms']:.1f} | {first_text} | "
                f"{c['cpu_median_ms']:.1f} | "
                f"{c['naive_median_ms']:.0f} | {c['ratio']:.0f}x | {first_ratio_text} | {mem} |"
            )
            met["controls"] += 1
            met["median"] += c["median_ms"] <= TARGETS["step_median_ms"]
            met["p95"] += c["p95_ms"] <= TARGETS["step_p95_ms"]
            met["ratio"] += c["ratio"] >= TARGETS["speedup"]
            met["first"] += first is None or first <= TARGETS["step_median_ms"]
            met["first_ratio"] += first_ratio is None or first_ratio >= TARGETS["speedup"]
    if met["controls"]:
        n = met["controls"]
        lines += [
            "",
            f"Targets met, of {n} controls: median <= {TARGETS['step_median_ms']} ms in "
            f"{met['median']}; p95 <= {TARGETS['step_p95_ms']} ms in {met['p95']}; >= "
            f"{TARGETS['speedup']}x the naive re-plot in {met['ratio']}. First visits only "
            "(states the explorer had not shown before, which no kept picture serves): median "
            f"<= {TARGETS['step_median_ms']} ms in {met['first']}, >= {TARGETS['speedup']}x in "
            f"{met['first_ratio']}.",
        ]
    built = [
        f"{r['explorer']} {r['construct_ms']:.0f} ms"
        + (f" + {r['prepare_ms']:.0f} ms prepared" if r.get("prepare_ms", 0) >= 1 else "")
        for r in results.get("explorers", [])
        if "construct_ms" in r
    ]
    if built:
        lines += [
            "",
            "Built in (then prepared, as a notebook does once the explorer is shown; the steps "
            "above come after): " + "; ".join(built) + ".",
        ]
    nb = results.get("notebooks")
    if nb:
        lines += [
            "",
            f"`import natokit`: {nb['import_natokit_ms']:.1f} ms; with the modules a notebook "
            f"imports: {nb['import_notebook_modules_ms']:.0f} ms.",
            "",
            "First map: from kernel start to the first output with a map reaching the client "
            "(as JupyterLab shows it); in brackets, when the cell that showed it was done.",
            "",
            "| notebook | stored KB | pictures | peak kernel MB | first map s | run all s |",
            "|---|---|---|---|---|---|",
        ]
        for name, n in nb["notebooks"].items():
            if "error" in n:
                lines.append(f"| {name} | {n['kb']:.0f} | failed: {n['error'][:80]} ||||")
                continue
            first = f"{n['first_map_s']:.1f}" if n.get("first_map_s") is not None else "-"
            if n.get("first_map_cell_done_s") is not None:
                first += f" ({n['first_map_cell_done_s']:.1f})"
            lines.append(
                f"| {name} | {n['kb']:.0f} | {n['picture_share']:.0%} | "
                f"{n.get('peak_mb', 0):.0f} | {first} | {n.get('run_all_s', 0):.1f} |"
            )
    browser = results.get("browser")
    if browser:
        lines += [
            "",
            "Browser (key press -> picture changed), ms, median (p95):",
            "",
            "| explorer | control | presses | "
            + " | ".join(browser_timing.PART_TITLES[p] for p in ("total", *browser_timing.PARTS))
            + " |",
            "|---|---|---|" + "---|" * (1 + len(browser_timing.PARTS)),
        ]
        for r in browser:
            if "skipped" in r:
                lines.append(f"| {r.get('explorer', 'all')} | skipped: {r['skipped']} ||||||||")
                continue
            parts = " | ".join(
                f"{r[p + '_median_ms']:.0f} ({r[p + '_p95_ms']:.0f})"
                for p in ("total", *browser_timing.PARTS)
            )
            lines.append(f"| {r['explorer']} | {r['control']} | {r['presses']} | {parts} |")
    crowd = results.get("class")
    if crowd:
        kit, forced = crowd["as_the_kit_does"], crowd["forced"]
        lines += [
            "",
            f"A class at once ({crowd['kernels']} kernels show the membership explorer together, "
            f"median of {crowd['repeats']} rounds): as the kit does it, {kit['prepared']} of "
            f"{crowd['kernels']} prepared and all were done in {kit['wall_s']:.1f} s (each ran "
            f"{kit['ran_s']:.1f} s, waited {kit['waited_s']:.1f} s for a CPU); with the "
            f"preparation forced, {forced['prepared']} prepared, {forced['wall_s']:.1f} s.",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--memory-steps", type=int, default=2000)
    parser.add_argument("--presses", type=int, default=20, help="key presses per explorer")
    parser.add_argument("--only", nargs="*", help="explorers whose name contains these")
    parser.add_argument(
        "--skip", nargs="*", default=[], choices=["explorers", "notebooks", "browser", "class"]
    )
    parser.add_argument(
        "--quick", action="store_true", help="200 memory steps, no browser, no class"
    )
    parser.add_argument("--output", default=str(HERE / "results"), help="results file stem")
    args = parser.parse_args()
    if args.quick:
        args.memory_steps = min(args.memory_steps, 200)
        args.skip = [*args.skip, "browser", "class"]
    stem = Path(args.output)
    # Parts left out keep their figures from the last run (so one part can be measured again).
    previous = stem.with_suffix(".json")
    results = json.loads(previous.read_text()) if previous.exists() else {}
    results.update(machine=_machine(), targets=TARGETS)
    if "explorers" not in args.skip:
        print("Explorers: one step (set -> PNG) against the naive re-plot; memory over steps")
        results["explorers"] = explorers.measure_all(args.memory_steps, args.only)
        print(explorers.table(results["explorers"]), flush=True)
    if "notebooks" not in args.skip:
        print("\nNotebooks: stored size, peak kernel memory, kernel start to first map")
        results["notebooks"] = notebooks.measure_all()
        print(notebooks.table(results["notebooks"]), flush=True)
    if "browser" not in args.skip:
        print("\nBrowser: key press on a slider -> picture changed (JupyterLab, Chromium)")
        results["browser"] = browser_timing.time_explorers(args.presses, args.only)
        print(browser_timing.table(results["browser"]), flush=True)
    if "class" not in args.skip:
        print("\nA class at once: an explorer's preparation, as the kit does it and forced")
        results["class"] = class_preparation.measure()
        print(class_preparation.table(results["class"]), flush=True)
    stem.with_suffix(".json").write_text(json.dumps(results, indent=1) + "\n")
    stem.with_suffix(".md").write_text(_markdown(results))
    print(f"\nWritten: {stem.with_suffix('.json')} and {stem.with_suffix('.md')}")


if __name__ == "__main__":
    main()
