"""Set-up files agree with each other, and the data ships with the package."""

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pytest itself depends on tomli there
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[1]


def _pyproject():
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def _requirement(spec: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", spec)
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


def _environment_packages() -> dict[str, str]:
    packages = {}
    in_deps = False
    for line in (REPO / "environment.yml").read_text(encoding="utf-8").splitlines():
        if line.startswith("dependencies:"):
            in_deps = True
            continue
        if in_deps and line.strip().startswith("- "):
            name, version = _requirement(line.strip()[2:])
            packages[name] = version
    return packages


def test_environment_and_pyproject_list_the_same_packages():
    project = _pyproject()["project"]
    wanted = dict(
        _requirement(s) for s in project["dependencies"] + project["optional-dependencies"]["test"]
    )
    conda = _environment_packages()
    conda.pop("pip", None)
    python = conda.pop("python")
    assert conda == wanted
    # repo2docker only honours an exact pin such as python=3.12; '>=' silently falls back to 3.10.
    assert re.fullmatch(r"=3\.\d+", python)


def test_postbuild_installs_natokit_without_touching_the_environment():
    post = REPO / "postBuild"
    assert os.access(post, os.X_OK)
    text = post.read_text(encoding="utf-8")
    assert text.startswith("#!/bin/bash") and "set -e" in text
    assert "pip install --no-deps" in text and " -e ." in text


def test_readme_binder_links_use_the_one_repository_setting():
    settings = _pyproject()["tool"]["natokit"]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"https://mybinder\.org/v2/gh/([^/]+/[^/]+)/([^?)\s]+)", readme)
    assert links, "the README has a Binder badge"
    assert {(repo, ref) for repo, ref in links} == {(settings["repository"], settings["branch"])}


def test_readme_gives_the_two_commands_and_make_has_them():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make lab" in readme and "make test" in readme
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^lab:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    lab = makefile.split("\nlab:")[1].split("\n\n")[0]
    assert "--ServerApp.ip=127.0.0.1" in lab and "allow-root" not in lab and "token=''" not in lab


def test_ci_runs_the_readme_test_command():
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_data_folder_stays_small():
    size = sum(p.stat().st_size for p in (REPO / "data").iterdir() if p.is_file())
    assert size < 5 * 1024 * 1024


@pytest.mark.slow
def test_a_plain_wheel_install_finds_the_data(tmp_path):
    """Build a wheel, install it into a bare folder, load a dataset from there (no checkout)."""
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-w",
            str(tmp_path / "wheel"),
            str(REPO),
        ],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = (tmp_path / "wheel").glob("natokit-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "natokit/_data/members.csv" in names and "natokit/_data/countries.geojson" in names
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    env = {k: v for k, v in os.environ.items() if k != "NATOKIT_DATA"}
    env["PYTHONPATH"] = str(target)
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "import natokit, natokit.data as d; print(d.data_dir()); print(len(natokit.load('members')))",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    folder, count = run.stdout.split()
    assert folder.startswith(str(target)) and count == "32"
