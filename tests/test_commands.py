"""The README's commands do what it says: `make lab` serves the kit, CI lets no test skip.

`make lab` is run exactly as a student runs it (with `-o` on the install stamp, so the test never
reinstalls, and `LAB_OPTIONS=--no-browser`), once for real and once with stand-ins for `id` and
`jupyter` to check the root and non-root command lines.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
STAMP = ".venv/.natokit-installed"
ROOT_LINE = "make lab: you are root, so JupyterLab runs with --allow-root"


def _fake_tools(folder: Path, uid: int) -> Path:
    """Write stand-ins: `id -u` prints ``uid``; `jupyter` prints its arguments as JSON."""
    folder.mkdir()
    (folder / "id").write_text(f"#!/bin/sh\necho {uid}\n")
    (folder / "jupyter").write_text(
        f"#!{sys.executable}\nimport json, sys\nprint('ARGS ' + json.dumps(sys.argv[1:]))\n"
    )
    for tool in ("id", "jupyter"):
        (folder / tool).chmod(0o755)
    return folder


@pytest.mark.parametrize("uid", [0, 1000], ids=["root", "user"])
def test_make_lab_adds_allow_root_only_for_root_and_says_so(tmp_path, uid):
    fake = _fake_tools(tmp_path / "bin", uid)
    env = dict(os.environ, PATH=f"{fake}{os.pathsep}{os.environ['PATH']}")
    run = subprocess.run(
        ["make", "--no-print-directory", "-o", STAMP, "lab", f"BIN={fake}", "PORT=8765"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    (args,) = [json.loads(line[5:]) for line in lines if line.startswith("ARGS ")]
    assert args[0] == "lab" and args[-1] == "notebooks/00_start_here.ipynb"
    assert "--ServerApp.ip=127.0.0.1" in args and "--ServerApp.port=8765" in args
    assert not any("token" in a.lower() or "password" in a.lower() for a in args)
    said = [line for line in lines if line.startswith(ROOT_LINE)]
    if uid == 0:
        assert "--allow-root" in args and len(said) == 1
    else:
        assert "--allow-root" not in args and not said


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def _first_answer(url: str, proc: subprocess.Popen, seconds: float = 60) -> tuple[int, bytes]:
    """GET ``url``, retrying while the server refuses connections and is still running.

    On a loaded machine the link can be printed a moment before the server accepts
    connections; a server that has exited is reported at once.
    """
    deadline = time.monotonic() + seconds
    while True:
        try:
            return _get(url)
        except urllib.error.URLError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.5)


@pytest.mark.slow
def test_make_lab_serves_the_kit_on_localhost_with_a_token(tmp_path):
    port = _free_port()
    home = tmp_path / "home"
    env = dict(os.environ)
    for name in ("config", "data", "runtime", "ipython", "mpl"):
        (home / name).mkdir(parents=True)
    env.update(
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_DATA_DIR=str(home / "data"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        IPYTHONDIR=str(home / "ipython"),
        MPLCONFIGDIR=str(home / "mpl"),
        PYTHONUNBUFFERED="1",
    )
    env.pop("JUPYTER_TOKEN", None)
    log_path = tmp_path / "lab.log"
    command = [
        "make",
        "--no-print-directory",
        "-o",
        STAMP,
        "lab",
        f"PORT={port}",
        "LAB_OPTIONS=--no-browser --ServerApp.port_retries=0",
    ]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            command,
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        url = None
        deadline = time.monotonic() + 180
        while url is None and time.monotonic() < deadline:
            assert proc.poll() is None, "make lab exited early:\n" + log_path.read_text()
            found = re.search(
                rf"http://127\.0\.0\.1:{port}/\S*\?token=([0-9a-f]+)", log_path.read_text()
            )
            if found:
                url, token = found.group(0), found.group(1)
            else:
                time.sleep(0.5)
        assert url, "make lab printed no link with a token:\n" + log_path.read_text()

        status, body = _first_answer(f"http://127.0.0.1:{port}/api/status?token={token}", proc)
        assert status == 200 and "started" in json.loads(body), log_path.read_text()
        # The token is required: without it the API refuses.
        assert _get(f"http://127.0.0.1:{port}/api/status")[0] == 403
        # The kit's first notebook is there to open (the server's root is its folder).
        status, body = _get(
            f"http://127.0.0.1:{port}/api/contents/00_start_here.ipynb?content=0&token={token}"
        )
        assert status == 200 and json.loads(body)["type"] == "notebook"
        said_root = ROOT_LINE in log_path.read_text()
        assert said_root == (os.geteuid() == 0)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            pytest.fail("make lab did not stop within 30 s of SIGTERM")
    # Stopped cleanly: the port is free again.
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", port)) != 0


def test_a_skipped_test_fails_the_run_in_ci_only(tmp_path):
    shutil.copy(REPO / "tests" / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_skips.py").write_text(
        "import pytest\n\n"
        "def test_runs():\n    assert True\n\n"
        "def test_skips():\n    pytest.skip('no browser here')\n"
    )
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)]
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    outside = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert outside.returncode == 0, outside.stdout
    inside = subprocess.run(
        command, cwd=tmp_path, env=dict(env, CI="true"), capture_output=True, text=True
    )
    assert inside.returncode == 1, inside.stdout
    assert "skipped in CI" in inside.stdout
    assert "test_skips.py::test_skips: " in inside.stdout and "no browser here" in inside.stdout
