"""Run mutmut over src/natokit for a bounded time and print the mutation score.

``make mutation`` calls this with ``--run``. mutmut's settings (what is mutated, which tests run
against each mutant) are in pyproject.toml, ``[tool.mutmut]``: the unit tests only, without
nbval, the browser suite or anything marked slow. mutmut keeps its results in ``mutants/``, so
a run that was stopped by the time limit continues where it stopped the next time.

Usage::

    python scripts/mutation_score.py --run [--minutes 60] [--jobs 2]
    python scripts/mutation_score.py            # only print the score of the last run

The score is the share of checked mutants that a test caught (killed, or made to time out).
Mutants that no test covers ("no tests") count as not caught. Unchecked mutants (time limit
reached) are reported separately and left out of the score.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

__all__ = ["collect", "score", "main"]

# Exit codes mutmut records per mutant (mutmut.stats.status_by_exit_code, mutmut 3.8).
STATUS_BY_EXIT_CODE = {
    1: "killed",
    3: "killed",
    0: "survived",
    5: "no tests",
    33: "no tests",
    2: "interrupted",
    None: "not checked",
    34: "skipped",
    35: "suspicious",
    36: "timeout",
    37: "caught by type check",
    -24: "timeout",
    24: "timeout",
    152: "timeout",
    255: "timeout",
    -11: "segfault",
    -9: "segfault",
}
CAUGHT = ("killed", "timeout", "caught by type check", "segfault")
LEFT_OUT = ("not checked", "skipped", "interrupted")


def collect(mutants: Path) -> dict[str, Counter]:
    """Count mutant outcomes per source file from mutmut's ``*.meta`` files.

    Parameters
    ----------
    mutants : pathlib.Path
        mutmut's working folder (``mutants/``).

    Returns
    -------
    dict of str to collections.Counter
        For each mutated file (relative to ``mutants/``), how many mutants ended in each
        status ("killed", "survived", "no tests", ...).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.py.meta").write_text('{"exit_code_by_key": {"m1": 1, "m2": 0}}')
    >>> collect(folder)["a.py"] == Counter({"killed": 1, "survived": 1})
    True
    """
    counts: dict[str, Counter] = {}
    for meta in sorted(mutants.rglob("*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8")).get("exit_code_by_key", {})
        name = meta.relative_to(mutants).as_posix()[: -len(".meta")]
        counts[name] = Counter(
            STATUS_BY_EXIT_CODE.get(code, "suspicious") for code in codes.values()
        )
    return counts


def score(counts: Counter) -> tuple[int, int, float]:
    """Return (caught, checked, score in percent) for one set of outcome counts.

    Examples
    --------
    >>> score(Counter({"killed": 3, "timeout": 1, "survived": 3, "no tests": 1, "not checked": 5}))
    (4, 8, 50.0)
    """
    caught = sum(counts[s] for s in CAUGHT)
    checked = sum(n for s, n in counts.items() if s not in LEFT_OUT)
    return caught, checked, (100.0 * caught / checked if checked else 0.0)


def report(counts_by_file: dict[str, Counter]) -> str:
    """Format the per-module and total scores as text."""
    total: Counter = Counter()
    lines = [f"{'module':<40} {'caught':>7} {'checked':>8} {'score':>7}"]
    for name, counts in counts_by_file.items():
        total.update(counts)
        caught, checked, pct = score(counts)
        lines.append(f"{name:<40} {caught:>7} {checked:>8} {pct:>6.1f}%")
    caught, checked, pct = score(total)
    details = ", ".join(f"{status} {n}" for status, n in sorted(total.items()))
    lines.append(f"outcomes: {details}")
    lines.append(f"mutation score: {pct:.1f}% ({caught} of {checked} checked mutants caught)")
    if total["not checked"]:
        lines.append(f"not checked yet (time limit): {total['not checked']}")
    return "\n".join(lines)


def run_mutmut(minutes: float, jobs: int) -> int | None:
    """Run ``mutmut run`` at low priority, stopping it after ``minutes``.

    Returns mutmut's exit status, or None if the time limit stopped it.
    """
    command = [sys.executable, "-m", "mutmut", "run", "--max-children", str(jobs)]
    proc = subprocess.Popen(command, start_new_session=True, preexec_fn=lambda: os.nice(10))
    try:
        return proc.wait(timeout=minutes * 60)
    except subprocess.TimeoutExpired:
        print(f"\nmutation: time limit of {minutes:g} min reached, stopping mutmut")
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", action="store_true", help="run mutmut first")
    parser.add_argument("--minutes", type=float, default=float(os.environ.get("MINUTES", 90)))
    parser.add_argument("--jobs", type=int, default=int(os.environ.get("JOBS", os.cpu_count())))
    parser.add_argument("--mutants", type=Path, default=Path("mutants"))
    args = parser.parse_args(argv)
    status = run_mutmut(args.minutes, args.jobs) if args.run else 0
    counts = collect(args.mutants)
    if not counts:
        print(f"no mutmut results in {args.mutants}/: run with --run first")
        return 1
    print(report(counts))
    if status:
        print(f"mutmut failed (exit status {status}): see its output above")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
