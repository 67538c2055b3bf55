"""Measure what a student feels: the time one explorer step takes, and a kernel's memory.

Prints, for the "NATO on a date" explorer driven through every year:

* the median time of one step (slider value -> shading update -> PNG), the way
  ``MembershipExplorer`` does it: basemap drawn once, the frame composed from cached rasters
  (``natokit.frames``);
* the same update rendered by matplotlib in full (``to_png(exact=True)``), to show what the
  frame composer saves on top of not re-plotting;
* the median time of the naive way (``GeoDataFrame.plot(column=...)`` on a new figure, then a PNG,
  every step), and the ratio between the two;
* the peak memory (max RSS) of a real Jupyter kernel that imports natokit, loads every dataset and
  draws one map.

Run from the repository root: ``python benchmarks/bench_explorer.py`` (or ``make benchmark``).
Timings vary with the machine and its load; these are measurements, not test thresholds.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

import natokit  # noqa: E402
from natokit import geo  # noqa: E402
from natokit.explore import MembershipExplorer  # noqa: E402


def time_explorer(years: list[int]) -> list[float]:
    """Seconds per step of the explorer, one step per year (the first draw is not counted)."""
    explorer = MembershipExplorer(year=years[0])
    times = []
    for year in years[1:]:
        start = time.perf_counter()
        explorer.set(year=year)
        times.append(time.perf_counter() - start)
    return times


def time_exact(years: list[int]) -> list[float]:
    """Seconds per step with the in-place update but matplotlib's full render of the figure."""
    explorer = MembershipExplorer(year=years[0])
    times = []
    for year in years[1:]:
        start = time.perf_counter()
        explorer.controls["year"].value = year
        explorer.view.to_png(exact=True)
        times.append(time.perf_counter() - start)
    return times


def time_naive(years: list[int]) -> list[float]:
    """Seconds per step when the whole GeoDataFrame is re-plotted each time."""
    countries = natokit.load("countries").to_crs(geo.EUROPE_CRS)
    times = []
    for year in years:
        start = time.perf_counter()
        members = set(geo.members_on(f"{year}-12-31")["iso3"])
        frame = countries.assign(member=countries["iso3"].isin(members))
        fig, ax = plt.subplots(figsize=(8, 8), dpi=90)
        frame.plot(column="member", ax=ax, cmap="Blues", edgecolor="white", linewidth=0.6)
        ax.set_axis_off()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=90)
        plt.close(fig)
        times.append(time.perf_counter() - start)
    return times


KERNEL_CODE = """
import resource, natokit
from natokit.maps import EuropeMap
for name in natokit.available():
    natokit.load(name)
m = EuropeMap(title="one map")
m.shade({"NLD": "#0072B2"})
m.to_png()
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def kernel_peak_mb() -> float:
    """Peak resident memory of a fresh ipykernel after importing, loading and drawing, in MB."""
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3")
    try:
        output = []
        client.execute_interactive(
            KERNEL_CODE,
            output_hook=lambda msg: (
                output.append(msg["content"].get("text", ""))
                if msg["msg_type"] == "stream"
                else None
            ),
            timeout=120,
        )
        return int("".join(output).split()[-1]) / 1024.0  # ru_maxrss is in KiB on Linux
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def main() -> None:
    """Run the measurements and print them."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--naive-steps", type=int, default=12, help="naive re-plots to time (slow)")
    args = parser.parse_args()
    first = 1949
    last = int(natokit.load("members")["accession_date"].dt.year.max())
    years = list(range(first, last + 1))
    fast = time_explorer(years)
    step = max(1, len(years) // args.naive_steps)
    naive = time_naive(years[::step][: args.naive_steps])
    exact = time_exact(years)
    fast_median, naive_median = statistics.median(fast), statistics.median(naive)
    print(f"explorer steps timed:         {len(fast)} (years {first + 1}-{last})")
    print(f"median step (update + PNG):   {fast_median * 1000:.1f} ms")
    print(f"same, full matplotlib render: {statistics.median(exact) * 1000:.1f} ms")
    print(f"naive steps timed:            {len(naive)}")
    print(f"median naive step (re-plot):  {naive_median * 1000:.1f} ms")
    print(f"speed-up (naive / explorer):  {naive_median / fast_median:.1f}x")
    print(
        f"peak memory of a kernel:      {kernel_peak_mb():.0f} MB (import, load every dataset, one map)"
    )


if __name__ == "__main__":
    main()
