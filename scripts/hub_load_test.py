"""A class on one machine: N students log in to a real JupyterHub at once and run the kit.

Starts JupyterHub (from PyPI) with configurable-http-proxy (from the npm registry, installed in
a local folder with ``--install-proxy``), the dummy authenticator and the simple local process
spawner, all on 127.0.0.1, in a temporary folder that is removed afterwards. Then, for every
student at once:

1. log in through the hub's login form (``/hub/login``);
2. get a server (the hub's REST API starts it; wait until it answers);
3. get the kit: the repository's notebooks copied into the student's server (contents API);
4. run notebooks 00 and 01 top to bottom in a kernel of that server, cell by cell, through
   the kernel's websocket (the same messages JupyterLab sends).

Reported: which students succeeded and, for the others, the step that failed and why; time to
the first map per student (kernel ready -> first picture, median and p95) and to the whole run;
peak memory of the hub and proxy and of everything (hub, proxy, servers, kernels); the machine's
CPU use and load average while the class worked. Bounded: at most 60 students, a timeout for the
whole run (``--timeout``) and per cell.

Examples::

    python scripts/hub_load_test.py --install-proxy        # once, needs the npm registry
    python scripts/hub_load_test.py --students 5           # the CI run (tests/test_hub_load.py)
    python scripts/hub_load_test.py --students 30 --json results.json   # a class of thirty
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
PROXY_DIR = ROOT / ".venv" / "hub-proxy"
PROXY_VERSION = "5.3.0"
DEFAULT_NOTEBOOKS = ("00_start_here", "01_eastern_flank")
MAX_STUDENTS = 60
PASSWORD = "natokit-class"


def proxy_command() -> str | None:
    """The configurable-http-proxy executable: ``$NATOKIT_CHP``, the local folder, or PATH."""
    for candidate in (
        os.environ.get("NATOKIT_CHP"),
        str(PROXY_DIR / "node_modules" / ".bin" / "configurable-http-proxy"),
        shutil.which("configurable-http-proxy"),
    ):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def install_proxy() -> str:
    """Install configurable-http-proxy from the npm registry into .venv/hub-proxy (local)."""
    PROXY_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "npm",
            "install",
            "--prefix",
            str(PROXY_DIR),
            "--no-audit",
            "--no-fund",
            f"configurable-http-proxy@{PROXY_VERSION}",
        ],
        check=True,
    )
    return str(PROXY_DIR / "node_modules" / ".bin" / "configurable-http-proxy")


def missing() -> str | None:
    """Why the load test cannot run here (None when it can)."""
    try:
        import jupyterhub  # noqa: F401
    except ImportError:
        return "jupyterhub is not installed: pip install -e '.[hub]' (or jupyterhub==5.4.6)"
    if proxy_command() is None:
        return (
            "configurable-http-proxy not found: run `python scripts/hub_load_test.py "
            "--install-proxy` (npm, into .venv/hub-proxy) or set NATOKIT_CHP"
        )
    if not (VENV_BIN / "jupyterhub-singleuser").exists():
        return f"jupyterhub-singleuser not found beside {sys.executable}"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


HUB_CONFIG = """\
c = get_config()  # noqa
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.JupyterHub.db_url = "sqlite:///{work}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{work}/cookie_secret"
c.JupyterHub.pid_file = "{work}/jupyterhub.pid"
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {password!r}
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{work}/home/{{username}}"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.args = {args!r}
c.Spawner.environment = {environment!r}
# Kernels talk to their server over Unix sockets (--KernelManager.transport=ipc), which live in
# the runtime folder; a socket's path may not be longer than 107 characters, so a short one.
c.Spawner.environment["JUPYTER_RUNTIME_DIR"] = lambda spawner: "{work}/rt/" + spawner.user.name
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300
c.JupyterHub.concurrent_spawn_limit = 0
c.JupyterHub.active_server_limit = 0
c.JupyterHub.services = [{{"name": "loadtest", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [
    {{
        "name": "loadtest",
        "scopes": ["admin:users", "admin:servers", "tokens", "access:servers"],
        "services": ["loadtest"],
    }}
]
"""


class Hub:
    """A JupyterHub in a subprocess, in its own temporary folder."""

    def __init__(self):
        self.work = Path(tempfile.mkdtemp(prefix="natokit-hub-"))
        self.port, self.token = _free_port(), secrets.token_hex(24)
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 120.0) -> Hub:
        (self.work / "home").mkdir()
        mpl = self.work / "mplconfig"  # one warm font cache for every student, built once
        mpl.mkdir()
        env = {**os.environ, "MPLCONFIGDIR": str(mpl)}
        subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"], env=env)
        config = self.config_text()
        (self.work / "jupyterhub_config.py").write_text(config)
        self.log = open(self.work / "hub.log", "wb")
        self.proc = subprocess.Popen(
            [str(VENV_BIN / "jupyterhub"), "-f", str(self.work / "jupyterhub_config.py")],
            cwd=self.work,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PATH": f"{VENV_BIN}:{os.environ.get('PATH', '')}"},
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        import urllib.request

        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("JupyterHub exited:\n" + self.log_tail())
            try:
                with urllib.request.urlopen(f"{self.url}/hub/api/", timeout=2) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("JupyterHub did not answer in time:\n" + self.log_tail())

    def config_text(self) -> str:
        """The hub's ``jupyterhub_config.py`` (ports, proxy, dummy login, local spawner)."""
        mpl = self.work / "mplconfig"
        return HUB_CONFIG.format(
            port=self.port,
            hub_port=_free_port(),
            proxy=proxy_command(),
            proxy_api_port=_free_port(),
            work=self.work,
            password=PASSWORD,
            singleuser=str(VENV_BIN / "jupyterhub-singleuser"),
            # Kernels talk to their server over Unix sockets, not TCP: thirty servers picking
            # random TCP ports at once collide ("Address already in use", a kernel that dies
            # and restarts on the same port five times), and IPC is not readable by other users.
            args=["--KernelManager.transport=ipc"]
            + (["--allow-root"] if os.geteuid() == 0 else []),
            environment={
                "MPLCONFIGDIR": str(mpl),
                "PATH": f"{VENV_BIN}:{os.environ.get('PATH', '')}",
            },
            token=self.token,
        )

    def log_tail(self, lines: int = 15) -> str:
        path = self.work / "hub.log"
        return (
            "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
            if path.exists()
            else ""
        )

    def log_about(self, words, lines: int = 20) -> str:
        """The last ``lines`` lines of the hub's log (its servers' and kernels' too) that name
        any of ``words`` (a student, a kernel id): what a failed student's report shows."""
        path = self.work / "hub.log"
        words = [w for w in words if w]
        if not path.exists() or not words:
            return ""
        found = [
            line
            for line in path.read_text(errors="replace").splitlines()
            if any(word in line for word in words)
        ]
        return "\n".join(found[-lines:])

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            import signal

            os.killpg(self.proc.pid, signal.SIGTERM)  # the hub stops its servers and proxy
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.log.close()
        shutil.rmtree(self.work, ignore_errors=True)


class Monitor(threading.Thread):
    """Samples memory of the hub's process tree and the machine's CPU while the class works."""

    def __init__(self, hub_pid: int, interval: float = 0.5):
        super().__init__(daemon=True)
        import psutil

        self.psutil, self.interval = psutil, interval
        self.hub = psutil.Process(hub_pid)
        self.stopping = threading.Event()
        self.peak_hub_mb = self.peak_total_mb = 0.0
        self.cpu: list[float] = []
        self.load: list[float] = []
        self.min_available_mb = float("inf")

    def run(self) -> None:
        psutil = self.psutil
        psutil.cpu_percent(None)
        while not self.stopping.wait(self.interval):
            try:
                tree = [self.hub, *self.hub.children(recursive=True)]
            except psutil.Error:
                break
            total = hub = 0.0
            for proc in tree:
                try:
                    rss = proc.memory_info().rss / 2**20
                    name = " ".join(proc.cmdline()[:3])
                except psutil.Error:
                    continue
                total += rss
                if proc.pid == self.hub.pid or "configurable-http-proxy" in name:
                    hub += rss
            self.peak_total_mb = max(self.peak_total_mb, total)
            self.peak_hub_mb = max(self.peak_hub_mb, hub)
            self.cpu.append(psutil.cpu_percent(None))
            self.load.append(os.getloadavg()[0])
            self.min_available_mb = min(
                self.min_available_mb, psutil.virtual_memory().available / 2**20
            )

    def stop(self) -> dict:
        self.stopping.set()
        self.join(timeout=5)
        return {
            "peak_hub_and_proxy_mb": round(self.peak_hub_mb, 1),
            "peak_total_mb": round(self.peak_total_mb, 1),
            "cpu_percent_mean": round(statistics.mean(self.cpu), 1) if self.cpu else None,
            "cpu_percent_max": max(self.cpu) if self.cpu else None,
            "cpu_saturated_share": (
                round(sum(c >= 95 for c in self.cpu) / len(self.cpu), 2) if self.cpu else None
            ),
            "load_average_max": max(self.load) if self.load else None,
            "cpus": os.cpu_count(),
            "min_available_mb": round(self.min_available_mb),
        }


# -- one student ---------------------------------------------------------------------------


class StepFailed(Exception):
    """A student's step failed; the message says which and why."""


async def _fetch(client, url: str, method: str = "GET", body=None, headers=None, **kw):
    from tornado.httpclient import HTTPClientError

    try:
        return await client.fetch(
            url,
            method=method,
            body=body,
            headers=headers or {},
            follow_redirects=False,
            request_timeout=kw.pop("timeout", 120),
            **kw,
        )
    except HTTPClientError as error:
        if error.code in (301, 302, 303) and error.response is not None:
            return error.response
        text = error.response.body.decode(errors="replace")[:200] if error.response else ""
        raise StepFailed(f"{method} {urllib.parse.urlparse(url).path}: {error} {text}") from None


def _cookies(response) -> dict:
    jar = {}
    for header in response.headers.get_list("Set-Cookie"):
        name, _, rest = header.partition("=")
        jar[name.strip()] = rest.split(";")[0]
    return jar


async def _login(client, hub: Hub, name: str) -> None:
    page = await _fetch(client, f"{hub.url}/hub/login")
    jar = _cookies(page)
    xsrf = jar.get("_xsrf", "")
    body = urllib.parse.urlencode({"username": name, "password": PASSWORD, "_xsrf": xsrf})
    answer = await _fetch(
        client,
        f"{hub.url}/hub/login",
        "POST",
        body,
        {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())},
    )
    if answer.code not in (302, 303) or not any(
        c.startswith("jupyterhub-session-id") or c.startswith("jupyterhub-hub-login")
        for c in _cookies(answer)
    ):
        raise StepFailed(f"login: the hub answered {answer.code} without a login cookie")


async def _server(client, hub: Hub, name: str, timeout: float) -> str:
    admin = {"Authorization": f"token {hub.token}"}
    await _fetch(client, f"{hub.url}/hub/api/users/{name}/server", "POST", b"", admin)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        user = json.loads(
            (await _fetch(client, f"{hub.url}/hub/api/users/{name}", headers=admin)).body
        )
        server = user.get("servers", {}).get("", {})
        if server.get("ready"):
            break
        await asyncio.sleep(0.5)
    else:
        raise StepFailed(f"server: not ready after {timeout:.0f} s")
    answer = await _fetch(
        client,
        f"{hub.url}/hub/api/users/{name}/tokens",
        "POST",
        json.dumps({"note": "load test", "expires_in": 3600}),
        admin,
    )
    return json.loads(answer.body)["token"]


async def _copy_kit(client, base: str, headers: dict) -> int:
    await _fetch(
        client,
        f"{base}/api/contents/notebooks",
        "PUT",
        json.dumps({"type": "directory"}),
        headers,
    )
    count = 0
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        model = {"type": "notebook", "format": "json", "content": json.loads(path.read_text())}
        await _fetch(
            client, f"{base}/api/contents/notebooks/{path.name}", "PUT", json.dumps(model), headers
        )
        count += 1
    return count


def _has_picture(content: dict) -> bool:
    data = content.get("data", {})
    return "image/png" in data or "base64," in str(data.get("text/html", ""))


async def _run_notebook(client, base: str, headers: dict, name: str, cell_timeout: float) -> dict:
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    session = json.loads(
        (
            await _fetch(
                client,
                f"{base}/api/sessions",
                "POST",
                json.dumps(
                    {
                        "path": f"notebooks/{name}.ipynb",
                        "type": "notebook",
                        "kernel": {"name": "python3"},
                    }
                ),
                headers,
            )
        ).body
    )
    kernel = session["kernel"]["id"]
    ws_url = base.replace("http://", "ws://") + f"/api/kernels/{kernel}/channels"
    # As long as any request may take (tornado's default, 20 s, is too short for a hub whose
    # CPUs a whole class saturates).
    socket_ = await websocket_connect(
        HTTPRequest(ws_url, headers=headers, connect_timeout=120, request_timeout=120)
    )
    notebook = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text())
    cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    session_id = uuid.uuid4().hex
    ready = time.monotonic()
    first_picture = None
    try:
        for index, cell in enumerate(cells):
            code = "".join(cell["source"])
            msg_id = uuid.uuid4().hex
            message = {
                "header": {
                    "msg_id": msg_id,
                    "username": "student",
                    "session": session_id,
                    "msg_type": "execute_request",
                    "version": "5.3",
                    "date": "",
                },
                "parent_header": {},
                "metadata": {},
                "content": {
                    "code": code,
                    "silent": False,
                    "store_history": True,
                    "user_expressions": {},
                    "allow_stdin": False,
                    "stop_on_error": True,
                },
                "channel": "shell",
                "buffers": [],
            }
            await socket_.write_message(json.dumps(message))
            replied = idle = False
            deadline = time.monotonic() + cell_timeout
            while not (replied and idle):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise StepFailed(f"{name} cell {index + 1}: no answer in {cell_timeout:.0f} s")
                raw = await asyncio.wait_for(socket_.read_message(), timeout=left)
                if raw is None:
                    raise StepFailed(f"{name} cell {index + 1}: the kernel's websocket closed")
                if isinstance(raw, bytes):
                    continue  # a message with binary buffers (widget pictures): not needed here
                reply = json.loads(raw)
                if reply.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind, content = reply["msg_type"], reply["content"]
                if kind in ("display_data", "execute_result") and first_picture is None:
                    if _has_picture(content):
                        first_picture = time.monotonic() - ready
                elif kind == "error":
                    raise StepFailed(
                        f"{name} cell {index + 1}: {content['ename']}: {content['evalue'][:150]}"
                    )
                elif kind == "execute_reply":
                    replied = True
                    if content.get("status") != "ok":
                        raise StepFailed(f"{name} cell {index + 1}: {content.get('status')}")
                elif kind == "status" and content.get("execution_state") == "idle":
                    idle = True
    finally:
        socket_.close()
        await _fetch(client, f"{base}/api/sessions/{session['id']}", "DELETE", None, headers)
    return {"cells": len(cells), "first_map_s": first_picture, "run_s": time.monotonic() - ready}


async def student(client, hub: Hub, name: str, notebooks, timeout: float) -> dict:
    """One student's whole session; never raises, says which step failed and why."""
    result: dict = {"student": name, "ok": False}
    step = "login"
    start = time.monotonic()
    try:
        await _login(client, hub, name)
        step = "server"
        token = await _server(client, hub, name, timeout)
        result["server_ready_s"] = time.monotonic() - start
        base = f"{hub.url}/user/{name}"
        headers = {"Authorization": f"token {token}"}
        step = "kit"
        result["notebooks_copied"] = await _copy_kit(client, base, headers)
        for notebook in notebooks:
            step = notebook
            result[notebook] = await _run_notebook(client, base, headers, notebook, timeout)
        result["ok"] = True
    except Exception as error:  # any failure is one student's, reported: the class goes on
        result["failed_at"] = step
        why = str(error) or type(error).__name__
        result["why"] = why if isinstance(error, StepFailed) else f"{type(error).__name__}: {why}"
    result["total_s"] = time.monotonic() - start
    return result


async def _class(hub: Hub, count: int, notebooks, timeout: float) -> list[dict]:
    from tornado.httpclient import AsyncHTTPClient

    AsyncHTTPClient.configure(None, max_clients=max(10, 4 * count))
    client = AsyncHTTPClient()
    names = [f"student{i:02d}" for i in range(1, count + 1)]
    return await asyncio.wait_for(
        asyncio.gather(*(student(client, hub, n, notebooks, timeout) for n in names)),
        timeout=timeout * (2 + len(notebooks)),
    )


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


def _run_coroutine(coroutine):
    """Run ``coroutine`` to the end, also where this thread already runs an event loop.

    A notebook's kernel and Playwright's sync API (the browser tests, in the same pytest
    session) keep a loop running in the main thread, where ``asyncio.run`` refuses to start.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(asyncio.run, coroutine).result()


def run(students: int, notebooks=DEFAULT_NOTEBOOKS, timeout: float = 300.0) -> dict:
    """Start a hub, let ``students`` work at once, stop everything; the report as a dict."""
    if not 1 <= students <= MAX_STUDENTS:
        raise ValueError(f"students must be 1 to {MAX_STUDENTS}, not {students}")
    reason = missing()
    if reason:
        raise RuntimeError(reason)
    hub = Hub()
    start = time.monotonic()
    try:
        hub.start()
        monitor = Monitor(hub.proc.pid)
        monitor.start()
        try:
            results = _run_coroutine(_class(hub, students, list(notebooks), timeout))
        except asyncio.TimeoutError:
            results = [{"student": "all", "ok": False, "why": "the whole run timed out"}]
        machine = monitor.stop()
        log = hub.log_tail(30)
        for failed in (r for r in results if not r.get("ok")):
            # Its name, and the ids (kernel, session) its error names: its servers' own lines.
            ids = re.findall(
                r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
                str(failed.get("why", "")),
            )
            failed["log"] = hub.log_about([failed["student"], *ids])
    finally:
        hub.stop()
    ok = [r for r in results if r.get("ok")]
    first = [r[notebooks[0]]["first_map_s"] for r in ok if r[notebooks[0]].get("first_map_s")]
    ready = [r["server_ready_s"] for r in results if "server_ready_s" in r]
    report = {
        "students": students,
        "succeeded": len(ok),
        "failed": [
            {
                "student": r["student"],
                "step": r.get("failed_at"),
                "why": r.get("why"),
                "log": r.get("log", ""),
            }
            for r in results
            if not r.get("ok")
        ],
        "notebooks": list(notebooks),
        "server_ready_s": _summary(ready),
        "first_map_s": _summary(first),
        "student_total_s": _summary([r["total_s"] for r in ok]),
        "wall_s": round(time.monotonic() - start, 1),
        "machine": machine,
        "per_student": results,
    }
    if report["failed"]:
        report["hub_log_tail"] = log
    return report


def _summary(values: list[float]) -> dict | None:
    if not values:
        return None
    return {
        "median": round(statistics.median(values), 2),
        "p95": round(_percentile(values, 0.95), 2),
        "max": round(max(values), 2),
    }


def describe(report: dict) -> str:
    """A few lines for people."""
    m = report["machine"]
    lines = [
        f"{report['succeeded']} of {report['students']} students ran "
        f"{' and '.join(report['notebooks'])} top to bottom ({report['wall_s']} s in all).",
    ]
    for name, key in (
        ("login -> server ready", "server_ready_s"),
        ("kernel ready -> first map (00)", "first_map_s"),
        ("whole session per student", "student_total_s"),
    ):
        s = report[key]
        if s:
            lines.append(f"{name}: median {s['median']} s, p95 {s['p95']} s, max {s['max']} s")
    lines.append(
        f"memory: hub + proxy peak {m['peak_hub_and_proxy_mb']} MB; everything (hub, proxy, "
        f"servers, kernels) peak {m['peak_total_mb']} MB; least memory available "
        f"{m['min_available_mb']} MB"
    )
    lines.append(
        f"machine: {m['cpus']} CPUs, CPU use mean {m['cpu_percent_mean']}% (max "
        f"{m['cpu_percent_max']}%), at 95% or more in a share {m['cpu_saturated_share']} of "
        f"the samples, load average up to {m['load_average_max']}"
    )
    for failure in report["failed"]:
        lines.append(f"FAILED {failure['student']} at {failure['step']}: {failure['why']}")
        if failure.get("log"):
            lines.append("  its lines in the hub's log:")
            lines.extend(f"    {line}" for line in failure["log"].splitlines())
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=5)
    parser.add_argument("--notebooks", nargs="*", default=list(DEFAULT_NOTEBOOKS))
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per step")
    parser.add_argument("--json", help="also write the full report to this file")
    parser.add_argument("--install-proxy", action="store_true", help="npm install, then exit")
    args = parser.parse_args()
    if args.install_proxy:
        print(install_proxy())
        return
    report = run(args.students, args.notebooks, args.timeout)
    print(describe(report))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1) + "\n")
    sys.exit(0 if report["succeeded"] == report["students"] else 1)


if __name__ == "__main__":
    main()
