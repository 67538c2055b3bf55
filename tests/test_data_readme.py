"""data/README.md stays true: every dataset has its row, and the row counts it states are right.

The registry (``natokit.data.DATASETS``) names every file the kit loads; the README's table of
datasets is what a reader consults. A dataset added without a README row, or a row count left
behind after rows were added, fails here. Rows are counted with the csv module, not through
natokit.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from natokit.data import DATASETS

DATA = Path(__file__).resolve().parents[1] / "data"
README = (DATA / "README.md").read_text(encoding="utf-8")
ROW = re.compile(r"^\| `(?P<name>[a-z_0-9]+)` \(`(?P<file>[^`]+)`(?:, (?P<rows>\d+) rows)?\)", re.M)
STATED = {m["name"]: m for m in ROW.finditer(README)}


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_every_dataset_has_its_row_in_the_data_readme(name):
    assert name in STATED, f"data/README.md has no row for dataset {name!r}"
    assert STATED[name]["file"] == DATASETS[name].filename


@pytest.mark.parametrize("name", sorted(n for n, m in STATED.items() if m["rows"]))
def test_row_counts_stated_in_the_data_readme_are_the_files(name):
    with (DATA / STATED[name]["file"]).open(encoding="utf-8", newline="") as handle:
        rows = sum(1 for _ in csv.DictReader(handle))
    assert int(STATED[name]["rows"]) == rows, (
        f"data/README.md says {name} has {STATED[name]['rows']} rows; the file has {rows}"
    )
