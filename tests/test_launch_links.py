"""Launch links are built from the one repository setting (``[tool.natokit]`` in pyproject.toml).

* scripts/launch_links.py builds Binder and nbgitpuller links per notebook from the setting and
  nothing else (checked with a pyproject of another repository);
* every Binder or nbgitpuller link in the README and in docs/ points at that repository and
  branch;
* every ``<!-- launch-links:start -->`` ... ``<!-- launch-links:end -->`` block is what
  ``make links`` writes today (a new notebook or a changed setting makes it stale).
"""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
DOCS = sorted([REPO / "README.md", *(REPO / "docs").rglob("*.md")])
BINDER_LINK = re.compile(r"https://mybinder\.org/v2/gh/([^/\s)]+/[^/\s)]+)/([^?\s)]+)")
PULLER_LINK = re.compile(r"https?://[^\s)]+/git-pull\?[^\s)]+")


def _load_script():
    spec = importlib.util.spec_from_file_location(
        "launch_links", REPO / "scripts" / "launch_links.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


links = _load_script()


def test_links_come_from_the_setting_and_nothing_else(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.natokit]\nrepository = "someone/other-kit"\nbranch = "v2"\n')
    conf = links.settings(pyproject)
    table = links.links_table(NOTEBOOKS, conf, hub="https://hub.example.edu")
    assert "natokit/natokit" not in table
    found = BINDER_LINK.findall(table)
    assert found == [("someone/other-kit", "v2")] * len(NOTEBOOKS)
    for url in PULLER_LINK.findall(table):
        query = parse_qs(urlsplit(url.rstrip(")")).query)
        assert query["repo"] == ["https://github.com/someone/other-kit"]
        assert query["branch"] == ["v2"]
        assert query["urlpath"][0].startswith("lab/tree/other-kit/notebooks/")
    # One row per notebook, found by glob, each opening its own notebook.
    for notebook in NOTEBOOKS:
        assert f"urlpath=lab/tree/notebooks/{notebook.name})" in table


@pytest.mark.parametrize(
    "text", ['repository = "not a path"', 'repository = ""', 'repository = "a/b/c"']
)
def test_a_bad_setting_is_refused_with_a_message(tmp_path, text):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(f"[tool.natokit]\n{text}\n")
    with pytest.raises(SystemExit, match="owner/name"):
        links.settings(pyproject)


def test_a_hub_must_be_an_address():
    with pytest.raises(ValueError, match="hub"):
        links.nbgitpuller_url("hub.example.edu", "a/b", "main", "x.ipynb")


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_launch_link_uses_the_setting(doc):
    conf = links.settings()
    text = doc.read_text(encoding="utf-8")
    for repository, ref in BINDER_LINK.findall(text):
        assert (repository, ref) == (conf["repository"], conf["branch"]), (
            f"{doc.name}: Binder link to {repository}@{ref}, the setting says "
            f"{conf['repository']}@{conf['branch']}"
        )
    for url in PULLER_LINK.findall(text):
        query = parse_qs(urlsplit(unquote(url)).query)
        assert query.get("repo") == [f"https://github.com/{conf['repository']}"], url


def test_launch_link_blocks_are_up_to_date():
    stale = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        if links.START not in text:
            continue
        block = text.split(links.START, 1)[1].split(links.END, 1)[0]
        hub = re.search(r"(https?://[^/\s)]+)/hub/user-redirect/git-pull", block)
        folder = Path(os.path.relpath(REPO / "notebooks", doc.parent)).as_posix()
        expected = links.links_table(
            NOTEBOOKS, links.settings(), hub=hub.group(1) if hub else None, folder=folder
        )
        if block.strip() != expected.strip():
            stale.append(doc.relative_to(REPO).as_posix())
    assert not stale, (
        f"stale launch links in {stale}: run "
        f"`.venv/bin/python scripts/launch_links.py --write {' '.join(stale)}`"
    )


def test_block_check_sees_a_stale_block(tmp_path):
    doc = tmp_path / "page.md"
    doc.write_text(f"intro\n{links.START}\nold table\n{links.END}\nend\n")
    assert links.write_block(doc, "new table\n") is True
    assert doc.read_text() == f"intro\n{links.START}\nnew table\n{links.END}\nend\n"
    assert links.write_block(doc, "new table\n") is False


def test_the_scripts_examples_hold():
    import doctest

    assert doctest.testmod(links).failed == 0
