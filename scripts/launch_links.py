"""Launch links per notebook, built from the one repository setting (``make links``).

``[tool.natokit]`` in pyproject.toml holds ``repository`` ("owner/name" on GitHub) and
``branch``; every Binder and nbgitpuller link of the kit is built from them here, so changing the
setting and running this script updates them all.

* **Binder**: ``https://mybinder.org/v2/gh/<repository>/<branch>?urlpath=lab/tree/notebooks/<nb>``
  builds the environment from environment.yml + postBuild and opens the notebook in JupyterLab.
* **nbgitpuller** (for a class on a JupyterHub, ``--hub https://hub.example.edu``):
  ``<hub>/hub/user-redirect/git-pull?repo=...&branch=...&urlpath=lab/tree/<name>/notebooks/<nb>``
  clones the kit into each student's home on first click and pulls updates later without
  overwriting the student's changes.

Usage::

    python scripts/launch_links.py                    # print the Markdown table
    python scripts/launch_links.py --hub https://hub.example.edu
    python scripts/launch_links.py --write README.md docs/instructor/course_map.md

``--write`` replaces the text between ``<!-- launch-links:start -->`` and
``<!-- launch-links:end -->`` in each file (tests/test_launch_links.py checks those blocks are
up to date).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from urllib.parse import quote, urlencode

__all__ = [
    "BINDER",
    "START",
    "END",
    "binder_url",
    "links_table",
    "nbgitpuller_url",
    "notebooks",
    "settings",
    "write_block",
]

REPO = Path(__file__).resolve().parents[1]
BINDER = "https://mybinder.org"
START = "<!-- launch-links:start -->"
END = "<!-- launch-links:end -->"

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib


def settings(pyproject: Path = REPO / "pyproject.toml") -> dict[str, str]:
    """Return ``[tool.natokit]``: ``repository`` ("owner/name") and ``branch``.

    Raises
    ------
    SystemExit
        If the setting is missing or not of the form ``owner/name``.
    """
    table = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}).get("natokit", {})
    repository = table.get("repository", "")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+", repository):
        raise SystemExit(
            f"[tool.natokit] repository in {pyproject.name} must be 'owner/name' on GitHub, "
            f"not {repository!r}"
        )
    return {"repository": repository, "branch": table.get("branch", "main")}


def notebooks(folder: Path = REPO / "notebooks") -> list[Path]:
    """Every notebook of the kit, in course order."""
    return sorted(folder.glob("*.ipynb"))


def binder_url(repository: str, branch: str, notebook: str) -> str:
    """Return the mybinder.org link that opens ``notebooks/<notebook>`` in JupyterLab.

    Examples
    --------
    >>> binder_url("owner/kit", "main", "00_start_here.ipynb")
    'https://mybinder.org/v2/gh/owner/kit/main?urlpath=lab/tree/notebooks/00_start_here.ipynb'
    """
    return f"{BINDER}/v2/gh/{repository}/{branch}?urlpath=lab/tree/notebooks/{quote(notebook)}"


def nbgitpuller_url(hub: str, repository: str, branch: str, notebook: str) -> str:
    """Return the nbgitpuller link that clones the kit on ``hub`` and opens the notebook.

    Examples
    --------
    >>> nbgitpuller_url("https://hub.example.edu/", "owner/kit", "main", "01_x.ipynb")
    'https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fowner%2Fkit&branch=main&urlpath=lab%2Ftree%2Fkit%2Fnotebooks%2F01_x.ipynb'
    """
    if not re.match(r"https?://[^/\s]+", hub):
        raise ValueError(f"the hub must be an address such as https://hub.example.edu, not {hub!r}")
    name = repository.split("/")[1]
    query = urlencode(
        {
            "repo": f"https://github.com/{repository}",
            "branch": branch,
            "urlpath": f"lab/tree/{name}/notebooks/{notebook}",
        }
    )
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def _title(path: Path) -> str:
    """The notebook's title: its first heading without the number prefix."""
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "markdown":
            source = "".join(cell["source"])
            match = re.search(r"^# (.+)$", source, re.M)
            if match:
                return re.sub(r"^\d\d\s*·\s*", "", match.group(1).strip())
    return path.stem


def links_table(
    paths: list[Path], conf: dict[str, str], hub: str | None = None, folder: str = "notebooks"
) -> str:
    """Return a Markdown table with a Binder (and with ``hub``, nbgitpuller) link per notebook.

    ``folder`` is the notebooks' folder as seen from the file the table goes into.
    """
    repository, branch = conf["repository"], conf["branch"]
    head = "| notebook | Binder |" + (" JupyterHub (nbgitpuller) |" if hub else "")
    rule = "|---|---|" + ("---|" if hub else "")
    rows = [head, rule]
    for path in paths:
        cells = [
            f"[`{path.stem}`]({folder}/{path.name}) {_title(path)}",
            f"[launch]({binder_url(repository, branch, path.name)})",
        ]
        if hub:
            cells.append(
                f"[open on the hub]({nbgitpuller_url(hub, repository, branch, path.name)})"
            )
        rows.append("| " + " | ".join(cells) + " |")
    note = (
        f'\nLinks built by `make links` from `[tool.natokit] repository = "{repository}"` and '
        f'`branch = "{branch}"` in pyproject.toml.'
    )
    return "\n".join(rows) + "\n" + note + "\n"


def write_block(path: Path, text: str) -> bool:
    """Replace the launch-links block of ``path`` with ``text``; return True if it changed.

    Raises
    ------
    SystemExit
        If the file has no ``START``/``END`` markers.
    """
    content = path.read_text(encoding="utf-8")
    if START not in content or END not in content:
        raise SystemExit(f"{path}: add the lines {START} and {END} where the links belong")
    before, rest = content.split(START, 1)
    _, after = rest.split(END, 1)
    new = f"{before}{START}\n{text}{END}{after}"
    if new != content:
        path.write_text(new, encoding="utf-8")
    return new != content


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hub", help="JupyterHub address for nbgitpuller links")
    parser.add_argument("--write", nargs="+", type=Path, metavar="FILE", help="update FILE's block")
    args = parser.parse_args(argv)
    try:
        text = links_table(notebooks(), settings(), hub=args.hub)
    except ValueError as exc:
        parser.error(str(exc))
    if not args.write:
        print(text, end="")
        return 0
    for path in args.write:
        folder = os.path.relpath(REPO / "notebooks", path.resolve().parent)
        text = links_table(notebooks(), settings(), hub=args.hub, folder=Path(folder).as_posix())
        print(f"{path}: {'updated' if write_block(path, text) else 'already up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
