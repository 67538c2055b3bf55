"""Time every explorer, every control: one step against the naive re-plot, and memory over steps.

Explorers are found, not listed: every public subclass of :class:`natokit.explore.Explorer`
defined in ``natokit.explore`` or in a ``natokit.explore_*`` module. Each is measured in its own
process (so one explorer's memory does not count against the next), through the hooks of the
base class:

* ``benchmark_steps()``: per control, the ``set(...)`` calls to time (a student's walk through
  the slider or menu, and a few steps back);
* ``set(...)``: one step, exactly what a student's click runs (update, fast frame, PNG); steps
  that show a state for the first time are also reported on their own ("first visits"), since
  an explorer keeps the pictures of states it has shown;
* ``naive_pictures()``: the same pictures drawn from scratch (a new figure, rendered in full by
  matplotlib), timed on a sample of the same states;
* memory: resident set size after a warm-up cycle and then every 500 steps while the explorer
  cycles through all its steps (``--memory-steps``, 2,000 by default).

Run ``python benchmarks/explorers.py`` for a table, or ``--json`` for the raw figures.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import inspect
import json
import os
import pkgutil
import statistics
import subprocess
import sys
import time

import matplotlib

matplotlib.use("Agg")

__all__ = ["discover", "measure", "measure_all", "rss_mb", "percentile"]

#: Naive renders timed per control (each takes a few hundred milliseconds).
NAIVE_PER_CONTROL = 4


def discover() -> list[str]:
    """``module:Class`` of every explorer in natokit.explore and natokit.explore_* modules."""
    import natokit
    from natokit.explore import Explorer

    names = ["natokit.explore"] + sorted(
        f"natokit.{m.name}"
        for m in pkgutil.iter_modules(natokit.__path__)
        if m.name.startswith("explore_")
    )
    found = []
    for name in names:
        try:
            module = importlib.import_module(name)
        except Exception as error:  # a module that does not import is reported, not fatal
            print(f"skipping {name}: it does not import ({error})", file=sys.stderr)
            continue
        for attr, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, Explorer)
                and value is not Explorer
                and value.__module__ == name
                and not attr.startswith("_")
            ):
                found.append(f"{name}:{attr}")
    return found


def rss_mb() -> float:
    """Resident memory of this process now, in MB (Linux ``/proc/self/statm``)."""
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (``share`` in 0..1) of a non-empty list."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[rank]


def _load(spec: str):
    module, cls = spec.split(":")
    return getattr(importlib.import_module(module), cls)


def measure(spec: str, memory_steps: int = 2000, naive_per_control: int = NAIVE_PER_CONTROL):
    """Measure one explorer (``module:Class``); returns a dict of figures in milliseconds/MB."""
    cls = _load(spec)
    start = time.perf_counter()
    explorer = cls()
    built = time.perf_counter()
    # What a notebook runs once the explorer's cell has sent its output (Explorer.prepare),
    # while the student reads: the steps below come after it, as a student's do.
    explorer.prepare()
    result = {
        "explorer": cls.__name__,
        "module": spec.split(":")[0],
        "construct_ms": (built - start) * 1000,
        "prepare_ms": (time.perf_counter() - built) * 1000,
        "controls": {},
    }
    all_steps = explorer.benchmark_steps()
    initial = explorer.state()
    # States shown, or prepared (pictures composed by prepare()): neither is a first visit.
    seen = {_state_key(initial)} | {repr(sorted(s)) for s in explorer.prepared_states()}
    for control, steps in all_steps.items():
        explorer.set(**initial)
        times, cpu, first, refused = [], [], [], 0
        for kwargs in steps:
            t0, c0 = time.perf_counter(), time.process_time()
            explorer.set(**kwargs)
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            refused += bool(explorer.message_text)  # a refused step would flatter the timing
            # A state shown for the first time: nothing kept from an earlier step can serve it.
            state = _state_key(explorer.state())
            if state not in seen:
                first.append(times[-1])
                seen.add(state)
        naive = []
        picks = steps[:: max(1, len(steps) // naive_per_control)][:naive_per_control]
        for kwargs in picks:
            explorer.set(**kwargs)
            t0 = time.perf_counter()
            explorer.naive_pictures()
            naive.append((time.perf_counter() - t0) * 1000)
        fast_median = statistics.median(times)
        naive_median = statistics.median(naive)
        result["controls"][control] = {
            "steps": len(times),
            "refused": refused,
            "median_ms": fast_median,
            "p95_ms": percentile(times, 0.95),
            "max_ms": max(times),
            "first_steps": len(first),
            "first_median_ms": statistics.median(first) if first else None,
            # CPU time of the step: on a shared machine, wall time also counts waiting.
            "cpu_median_ms": statistics.median(cpu),
            "naive_steps": len(naive),
            "naive_median_ms": naive_median,
            "ratio": naive_median / fast_median if fast_median > 0 else float("inf"),
            # The same against first visits only: what a state never shown before costs.
            "first_ratio": naive_median / statistics.median(first) if first else None,
        }
    explorer.set(**initial)
    if memory_steps:
        result["memory"] = _memory(explorer, all_steps, memory_steps)
    return result


def _state_key(state: dict) -> str:
    """A state as a comparable text (control values may be tuples, dates or numbers)."""
    return repr(sorted(state.items()))


def _memory(explorer, all_steps: dict, count: int) -> dict:
    """RSS while the explorer cycles through every step of every control ``count`` times."""
    initial = explorer.state()  # each control's walk starts from the first state, as timed
    cycle = [kwargs for steps in all_steps.values() for kwargs in [initial, *steps]]
    for kwargs in cycle:  # warm-up: caches fill, first-use allocations happen
        explorer.set(**kwargs)
    gc.collect()
    samples = {0: rss_mb()}
    for i in range(1, count + 1):
        explorer.set(**cycle[i % len(cycle)])
        if i % 500 == 0 or i == count:
            gc.collect()
            samples[i] = rss_mb()
    first, last = samples[0], samples[count]
    return {
        "steps": count,
        "rss_mb": {str(k): round(v, 1) for k, v in samples.items()},
        "growth_mb": round(last - first, 1),
    }


def measure_all(memory_steps: int = 2000, only: list[str] | None = None) -> list[dict]:
    """Measure every explorer found, each in a fresh process; failures are reported as such."""
    results = []
    for spec in discover():
        if only and not any(o in spec for o in only):
            continue
        command = [
            sys.executable,
            __file__,
            "--one",
            spec,
            "--memory-steps",
            str(memory_steps),
            "--json",
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=1800)
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            results.append({"explorer": spec.split(":")[1], "module": spec, "error": tail})
            continue
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return results


def table(results: list[dict]) -> str:
    """The results as a fixed-width text table, one row per explorer and control."""
    lines = [
        f"{'explorer':<22} {'control':<9} {'steps':>5} {'median':>8} {'p95':>8} "
        f"{'1st med':>8} {'cpu med':>8} {'naive':>8} {'ratio':>6} {'1st x':>6} {'mem +MB':>8}",
    ]
    for r in results:
        if "error" in r:
            lines.append(f"{r['explorer']:<22} FAILED: {' / '.join(r['error'])}")
            continue
        growth = r.get("memory", {}).get("growth_mb")
        for i, (name, c) in enumerate(r["controls"].items()):
            mem = f"{growth:+8.1f}" if (i == 0 and growth is not None) else " " * 8
            lines.append(
                f"{r['explorer'] if i == 0 else '':<22} {name:<9} {c['steps']:>5} "
                f"{c['median_ms']:>6.1f}ms {c['p95_ms']:>6.1f}ms {_ms(c.get('first_median_ms'))} "
                f"{c['cpu_median_ms']:>6.1f}ms "
                f"{c['naive_median_ms']:>6.0f}ms "
                f"{c['ratio']:>5.0f}x {_times(c.get('first_ratio'))} {mem}"
            )
    return "\n".join(lines)


def _times(value) -> str:
    return f"{value:>5.0f}x" if value is not None else f"{'-':>6}"


def _ms(value) -> str:
    return f"{value:>6.1f}ms" if value is not None else f"{'-':>8}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--one", help="measure one explorer, module:Class")
    parser.add_argument("--only", nargs="*", help="measure explorers whose name contains these")
    parser.add_argument("--memory-steps", type=int, default=2000)
    parser.add_argument("--json", action="store_true", help="print JSON, not a table")
    args = parser.parse_args()
    if args.one:
        results = [measure(args.one, args.memory_steps)]
    else:
        results = measure_all(args.memory_steps, args.only)
    print(json.dumps(results if not args.one else results[0]) if args.json else table(results))


if __name__ == "__main__":
    main()
