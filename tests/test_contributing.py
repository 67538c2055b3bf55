"""CONTRIBUTING.md stays true: every test it names as enforcing a rule exists."""

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GUIDE = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
NAMED = re.findall(r"(test_[a-z_]+\.py)::(test_[A-Za-z0-9_]+)", GUIDE)


def test_the_guide_names_the_tests_behind_its_rules():
    assert len(NAMED) >= 40


def test_every_named_test_exists():
    missing = []
    for filename, name in NAMED:
        path = REPO / "tests" / filename
        if not path.exists() or not re.search(rf"^def {name}\(", path.read_text(), re.M):
            missing.append(f"{filename}::{name}")
    assert not missing, f"CONTRIBUTING.md names tests that do not exist: {missing}"
