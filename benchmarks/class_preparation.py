"""A class starting at once: does an explorer's preparation wait, and what does waiting save?

Starts ``--kernels`` Python kernels (10 by default) and, in all of them at the same moment,
runs one cell that builds and shows the membership explorer, then a second cell. That is done
twice: as the kit does it (``Explorer.prepare`` runs after the cell only when the kernel did not
wait for a CPU longer than it ran, ``natokit.explore._cpu_to_spare``), then with the
preparation forced (as before that check). Printed per round: the wall time until every kernel
has run both cells (median of ``--repeats`` rounds), how many kernels prepared, and the time a
kernel's thread ran and waited for a CPU. With one kernel the explorer prepares as usual.

Run ``python benchmarks/class_preparation.py`` (``--kernels N``, ``--repeats N``), or
``make benchmark``; each round saturates the machine for about ten seconds. Measurements,
printed, not asserted.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time

#: What a notebook does: build the explorer and show it (the last expression of the cell).
SHOW = "from natokit.explore import MembershipExplorer\nexplorer = MembershipExplorer()\nexplorer"
#: The next cell: once a preparation going on in the kernel's turns is done (it runs while
#: the cell waits), whether the explorer prepared, and the kernel's run and wait so far (ns).
ASK = """\
import asyncio
from natokit import explore
while explorer.preparing:
    await asyncio.sleep(0.02)
print(explorer._prepared, *explore._cpu_run_and_wait_ns())
"""
#: Put first in the cell to prepare whatever the machine's load (the behaviour before the check).
FORCE = "from natokit import explore\nexplore._cpu_to_spare = lambda: True\n"


def _printed(client, code: str, timeout: float = 300) -> str:
    out: list[str] = []

    def keep(message):
        if message["msg_type"] == "stream":
            out.append(message["content"]["text"])

    client.execute_interactive(code, timeout=timeout, output_hook=keep)
    return "".join(out).strip()


def one_round(kernels: int, force: bool) -> dict:
    """Start ``kernels`` kernels, run the two cells in all at once; the figures of the round."""
    from jupyter_client.manager import start_new_kernel

    started = [start_new_kernel(kernel_name="python3") for _ in range(kernels)]
    answers: dict[int, str] = {}

    def student(index: int, client) -> None:
        client.execute_interactive(
            (FORCE if force else "") + SHOW, timeout=300, output_hook=lambda _: None
        )
        answers[index] = _printed(client, ASK)

    threads = [
        threading.Thread(target=student, args=(i, client)) for i, (_, client) in enumerate(started)
    ]
    start = time.perf_counter()
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - start
    finally:
        for manager, client in started:
            client.stop_channels()
            manager.shutdown_kernel(now=True)
    rows = [answers[i].split() for i in sorted(answers)]
    return {
        "wall_s": wall,
        "prepared": sum(row[0] == "True" for row in rows),
        "ran_s": statistics.median(int(row[1]) / 1e9 for row in rows),
        "waited_s": statistics.median(int(row[2]) / 1e9 for row in rows),
    }


def measure(kernels: int = 10, repeats: int = 2) -> dict:
    """Both ways (as the kit does it, forced), ``repeats`` rounds each: a dict of figures."""
    if not 1 <= kernels <= 40:
        raise ValueError(f"kernels must be 1 to 40, not {kernels}")
    result: dict = {"kernels": kernels, "repeats": repeats}
    for label, force in (("as_the_kit_does", False), ("forced", True)):
        rounds = [one_round(kernels, force) for _ in range(repeats)]
        result[label] = {
            "wall_s": statistics.median(r["wall_s"] for r in rounds),
            "prepared": rounds[-1]["prepared"],
            "ran_s": rounds[-1]["ran_s"],
            "waited_s": rounds[-1]["waited_s"],
        }
    return result


def table(result: dict) -> str:
    """The figures of :func:`measure` as a small text table."""
    n = result["kernels"]
    lines = [
        f"{n} kernels at once, each builds and shows the membership explorer",
        f"{'preparation':<28}{'wall (median)':>14}{'prepared':>12}{'ran':>8}{'waited':>8}",
    ]
    for label, key in (("as the kit does it", "as_the_kit_does"), ("forced", "forced")):
        r = result[key]
        lines.append(
            f"{label:<28}{r['wall_s']:>13.1f}s{r['prepared']:>6} of {n:<3}"
            f"{r['ran_s']:>7.1f}s{r['waited_s']:>7.1f}s"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kernels", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    if not 1 <= args.kernels <= 40:
        parser.error("--kernels must be 1 to 40")
    print(table(measure(args.kernels, args.repeats)))


if __name__ == "__main__":
    main()
