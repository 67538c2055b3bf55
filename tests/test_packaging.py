"""Set-up files agree with each other, and the installed wheel (not the checkout) works.

The slow test builds a wheel offline, installs it into a bare folder and, from a folder outside
the repository, imports every module of ``src/natokit`` and runs a notebook against it.
"""

import importlib.metadata
import json
import os
import re
import shutil
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
SRC = REPO / "src" / "natokit"
# The notebook run from the installed wheel: the first one, which every student opens.
WHEEL_NOTEBOOK = REPO / "notebooks" / "00_start_here.ipynb"


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


def _makefile_variable(name: str) -> str:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    match = re.search(rf"^{name}\s*:?=\s*(\S+)\s*$", makefile, re.M)
    assert match, f"the Makefile sets {name}"
    return match.group(1)


def _make_rule(target: str) -> str:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    return makefile.split(f"\n{target}:")[1].split("\n\n")[0]


def _source_modules() -> list[str]:
    """Every module under src/natokit, found on disk (so a new subpackage is covered)."""
    names = []
    for path in sorted(SRC.rglob("*.py")):
        parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return names


def test_environment_and_pyproject_list_the_same_packages():
    project = _pyproject()
    wanted = dict(
        _requirement(s)
        for s in project["project"]["dependencies"]
        + project["project"]["optional-dependencies"]["test"]
        + project["build-system"]["requires"]
    )
    conda = _environment_packages()
    conda.pop("pip", None)
    python = conda.pop("python")
    assert conda == wanted
    # repo2docker only honours an exact pin such as python=3.12; '>=' silently falls back to 3.10.
    assert re.fullmatch(r"=3\.\d+", python)


def test_tools_that_decide_ci_are_pinned_exactly_and_installed_at_that_pin():
    project = _pyproject()
    (backend,) = project["build-system"]["requires"]
    assert re.fullmatch(r"setuptools==\d+(\.\d+)+", backend)
    # The Makefile installs the same backend before building without isolation.
    assert _makefile_variable("BUILD_BACKEND") == backend
    install = _make_rule("$(STAMP)")
    assert '"$(BUILD_BACKEND)"' in install and "--no-build-isolation" in install
    assert install.index("$(BUILD_BACKEND)") < install.index("--no-build-isolation")
    pins = dict(_requirement(s) for s in project["project"]["optional-dependencies"]["test"])
    for tool in ("ruff", "pytest", "nbval", "playwright"):
        assert re.fullmatch(r"==\d+(\.\d+)+", pins[tool]), f"{tool} is pinned exactly"
    pins["setuptools"] = backend.split("setuptools")[1]
    for tool in ("ruff", "pytest", "nbval", "playwright", "setuptools"):
        assert importlib.metadata.version(tool) == pins[tool][2:], (
            f"{tool} in this environment differs from its pin {pins[tool]}: run `make install`"
        )


def test_postbuild_installs_natokit_without_touching_the_environment():
    post = REPO / "postBuild"
    assert os.access(post, os.X_OK)
    text = post.read_text(encoding="utf-8")
    assert text.startswith("#!/bin/bash") and "set -e" in text
    assert "pip install --no-deps --no-build-isolation" in text and " -e ." in text


def test_version_lives_in_one_place():
    project = _pyproject()["project"]
    assert "version" not in project and project["dynamic"] == ["version"]
    dynamic = _pyproject()["tool"]["setuptools"]["dynamic"]["version"]
    assert dynamic == {"attr": "natokit.__version__"}
    literal = re.findall(
        r'^__version__ = "([^"]+)"$', (SRC / "__init__.py").read_text(encoding="utf-8"), re.M
    )
    assert len(literal) == 1
    # The installed distribution (editable here) reports that same version.
    assert importlib.metadata.version("natokit") == literal[0]


def test_licence_metadata_is_an_spdx_expression_with_its_texts():
    project = _pyproject()["project"]
    assert project["license"] == "MIT AND CC-BY-4.0"
    files = [p for pattern in project["license-files"] for p in REPO.glob(pattern)]
    texts = {p.name: p.read_text(encoding="utf-8") for p in files}
    assert "MIT License" in texts["LICENSE"]
    assert "Creative Commons Attribution 4.0 International Public License" in texts["CC-BY-4.0.txt"]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    licence = readme.split("## Licence")[1]
    for claim in ("MIT", "CC-BY-4.0", "Natural Earth (public domain)", "GeoNames (CC-BY 4.0)"):
        assert claim in licence


def test_every_subpackage_on_disk_is_packaged():
    packages = set(_pyproject()["tool"]["setuptools"]["packages"])
    on_disk = {".".join(p.parent.relative_to(SRC.parent).parts) for p in SRC.rglob("__init__.py")}
    assert on_disk <= packages, f"not packaged: {sorted(on_disk - packages)}"
    assert {"natokit", "natokit.exercises"} <= on_disk


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
    lab = _make_rule("lab")
    assert "--ServerApp.ip=127.0.0.1" in lab
    assert "token=" not in lab.lower() and "password" not in lab.lower()
    # --allow-root is set in exactly one place: the branch taken when `id -u` is 0
    # (tests/test_commands.py runs the rule both ways).
    assert lab.count("--allow-root") == 2  # the assignment and the printed line
    assert re.search(r'if \[ "\$\$\(id -u\)" = 0 \]; then \\\s*allow_root="--allow-root"', lab)


def test_ci_installs_first_then_runs_the_readme_test_command_offline():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    code = "\n".join(line for line in ci.splitlines() if not line.lstrip().startswith("#"))
    assert "make install" in code
    offline = re.search(r"unshare -rn .*\bmake test\b", code)
    assert offline, ".ci/run runs `make test` inside a network namespace without network"
    assert code.index("make install") < offline.start()
    assert "set -euo pipefail" in code and "PIPESTATUS" in code


def test_data_folder_stays_small():
    size = sum(p.stat().st_size for p in (REPO / "data").iterdir() if p.is_file())
    assert size < 5 * 1024 * 1024


def _copy_checkout(target: Path) -> Path:
    """Copy the source tree without build leftovers, so the build never writes into the repo."""
    skip = shutil.ignore_patterns(
        ".git", ".venv", "mutants", "build", "dist", "*.egg-info", "__pycache__", "screenshots"
    )
    shutil.copytree(REPO, target, ignore=skip)
    return target


def _isolated_env(site: Path, home: Path) -> dict[str, str]:
    """Environment in which ``natokit`` can only come from ``site``, and no network is needed."""
    env = {k: v for k, v in os.environ.items() if k not in ("NATOKIT_DATA", "JUPYTER_PATH")}
    for name in ("runtime", "ipython", "mpl", "config"):
        (home / name).mkdir(parents=True, exist_ok=True)
    env.update(
        PYTHONPATH=str(site),
        PYTHONNOUSERSITE="1",
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTER_CONFIG_DIR=str(home / "config"),
        IPYTHONDIR=str(home / "ipython"),
        MPLCONFIGDIR=str(home / "mpl"),
        PIP_NO_INDEX="1",
    )
    return env


# Run in a subprocess from the installed folder: import every module, report where each came
# from, then execute one notebook with nbclient, with an extra last cell that reports
# natokit.__file__ and the data folder as the notebook's kernel sees them.
_CHECK_INSTALLED = r"""
import importlib, json, sys
from pathlib import Path
import nbformat
from nbclient import NotebookClient

modules, notebook = json.loads(sys.argv[1])
found = {m: importlib.import_module(m).__file__ for m in modules}
import natokit.data
nb = nbformat.read(notebook, as_version=4)
nb.cells.append(nbformat.v4.new_code_cell(
    "import json as _j, natokit as _n, natokit.data as _d\n"
    "print(_j.dumps([_n.__file__, str(_d.data_dir()), _n.__version__]))"))
NotebookClient(nb, timeout=600, kernel_name="python3",
               resources={"metadata": {"path": str(Path(notebook).parent)}}).execute()
last = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")
print(json.dumps({"modules": found, "data": str(natokit.data.data_dir()),
                  "kernel": json.loads(last)}))
"""


@pytest.mark.slow
def test_the_installed_wheel_imports_every_module_and_runs_a_notebook(tmp_path):
    """Build a wheel offline, install it into a bare folder, use it from outside the repo."""
    source = _copy_checkout(tmp_path / "checkout")
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-w",
            str(tmp_path / "wheel"),
            str(source),
        ],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stdout[-2000:] + build.stderr[-2000:]
    (wheel,) = (tmp_path / "wheel").glob("natokit-*.whl")
    version = re.findall(r'^__version__ = "([^"]+)"$', (SRC / "__init__.py").read_text(), re.M)[0]
    assert wheel.name.startswith(f"natokit-{version}-")

    names = set(zipfile.ZipFile(wheel).namelist())
    modules = _source_modules()
    for path in SRC.rglob("*.py"):
        assert path.relative_to(SRC.parent).as_posix() in names, f"{path.name} not in the wheel"
    for path in (REPO / "data").iterdir():
        if path.suffix in (".csv", ".geojson", ".md", ".txt"):
            assert f"natokit/_data/{path.name}" in names, f"data/{path.name} not in the wheel"
    metadata = zipfile.ZipFile(wheel).read(f"natokit-{version}.dist-info/METADATA").decode()
    assert "License-Expression: MIT AND CC-BY-4.0" in metadata

    site = tmp_path / "site"
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-index",
            "--target",
            str(site),
            str(wheel),
        ],
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stdout[-2000:] + install.stderr[-2000:]

    # The notebook runs from a folder of its own: no data/ or src/ beside it.
    work = tmp_path / "student"
    work.mkdir()
    notebook = work / WHEEL_NOTEBOOK.name
    shutil.copy(WHEEL_NOTEBOOK, notebook)
    run = subprocess.run(
        [sys.executable, "-c", _CHECK_INSTALLED, json.dumps([modules, str(notebook)])],
        capture_output=True,
        text=True,
        cwd=work,
        env=_isolated_env(site, tmp_path / "home"),
        timeout=900,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-5000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert sorted(result["modules"]) == sorted(modules)
    for name, file in result["modules"].items():
        assert Path(file).is_relative_to(site), f"{name} was imported from {file}, not the wheel"
    assert Path(result["data"]).is_relative_to(site)
    kernel_file, kernel_data, kernel_version = result["kernel"]
    assert Path(kernel_file).is_relative_to(site), f"the notebook's kernel used {kernel_file}"
    assert Path(kernel_data).is_relative_to(site)
    assert kernel_version == version


# The classroom commands (issue 10): each Makefile target runs its script, and the README names it.
CLASSROOM_COMMANDS = {
    "slides": "scripts/build_decks.py",
    "book": "scripts/build_book.py",
    "gallery": "gallery/explorers.ipynb",
    "links": "scripts/launch_links.py",
}


def test_classroom_commands_are_make_targets_that_run_their_scripts():
    for target, path in CLASSROOM_COMMANDS.items():
        rule = _make_rule(target)
        assert rule.startswith(" $(STAMP)"), f"make {target} installs first"
        assert path in rule and (REPO / path).exists(), f"make {target} runs {path}"
    assert "--Voila.ip=127.0.0.1" in _make_rule("gallery")
    # make install brings the book tools (Sphinx, myst-nb, reveal.js) that slides and book need.
    assert '-e ".[test,book,hub]"' in _make_rule("$(STAMP)")
    book = {_requirement(s)[0] for s in _pyproject()["project"]["optional-dependencies"]["book"]}
    assert {"sphinx", "myst-nb", "sphinx-book-theme", "sphinx-revealjs"} <= book


def test_readme_names_the_classroom_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = [f"make {t}" for t in CLASSROOM_COMMANDS if f"make {t}" not in readme]
    assert not missing, f"the README does not name {missing}"


def test_live_slides_and_gallery_are_dependencies_at_proven_pins():
    deps = dict(_requirement(s) for s in _pyproject()["project"]["dependencies"])
    assert re.fullmatch(r"==\d+(\.\d+)+", deps["jupyterlab-rise"])
    assert re.fullmatch(r"==\d+(\.\d+)+", deps["voila"])
    for name in ("jupyterlab-rise", "voila"):
        assert importlib.metadata.version(name) == deps[name][2:], f"{name}: run `make install`"
