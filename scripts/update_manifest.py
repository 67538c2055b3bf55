"""Rewrite ``data/manifest.csv`` after a deliberate edit that adds or removes rows.

The manifest records how many data rows each file of ``data/`` holds, and which countries the
basemap has, so that ``natokit.load`` notices a file cut short or a lost basemap feature. Run it
from the repository root, then check that every dataset still loads::

    python scripts/update_manifest.py           # rewrite the manifest, list what changed
    python scripts/update_manifest.py --check   # only load and check every dataset

Set ``NATOKIT_DATA`` to work on another data folder.
"""

from __future__ import annotations

import argparse
import sys

from natokit.data import available, data_dir, load, write_manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check, write nothing")
    args = parser.parse_args(argv)
    if not args.check:
        changes = write_manifest()
        print(f"{data_dir() / 'manifest.csv'}: " + ("; ".join(changes) or "unchanged"))
    failures = 0
    for name in available():
        try:
            load(name)
        except ValueError as exc:
            failures += 1
            print(f"FAIL {name}: {exc}")
    print("every dataset loads" if not failures else f"{failures} dataset(s) fail to load")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
