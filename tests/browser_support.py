"""Helpers for the JupyterLab browser suite (``tests/test_browser.py``).

This module starts an isolated JupyterLab server and drives a notebook page in
headless Chromium through Playwright. It has no pytest dependency, so it can be
used from a plain script while debugging::

    from browser_support import JupyterLabServer
    with JupyterLabServer(root_dir) as server:
        print(server.url("lab/tree/notebooks/00_start_here.ipynb"))
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

# Text a widget leaves behind when the widget manager did not render it.
WIDGET_FALLBACK_TEXTS = (
    "IntSlider(",
    "FloatSlider(",
    "Dropdown(",
    "HBox(children=",
    "VBox(children=",
    "Box(children=",
    "Image(value=",
    "Error displaying widget",
    "Loading widget...",
)


def notebooks_dir() -> Path:
    """Return the folder whose ``*.ipynb`` files the suite runs.

    Returns
    -------
    pathlib.Path
        ``$NATOKIT_NOTEBOOKS_DIR`` if set, else ``<repo>/notebooks``.
    """
    return Path(os.environ.get("NATOKIT_NOTEBOOKS_DIR", REPO_ROOT / "notebooks")).resolve()


def server_root_dir() -> Path:
    """Return the directory JupyterLab serves.

    Returns
    -------
    pathlib.Path
        ``$NATOKIT_NOTEBOOKS_ROOT`` if set, else the parent of :func:`notebooks_dir`
        (the repository root by default).
    """
    root = os.environ.get("NATOKIT_NOTEBOOKS_ROOT")
    return Path(root).resolve() if root else notebooks_dir().parent


def chromium_path() -> str:
    """Return the Chromium executable to drive.

    Returns
    -------
    str
        ``$NATOKIT_CHROMIUM`` if set, else ``/usr/bin/chromium``.
    """
    return os.environ.get("NATOKIT_CHROMIUM", DEFAULT_CHROMIUM)


def browser_skip_reason() -> str | None:
    """Return why the browser tests cannot run here, or ``None`` if they can.

    Returns
    -------
    str or None
        A message that says how to install what is missing.
    """
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return (
            "playwright is not importable: install it with "
            "`.venv/bin/python -m pip install playwright` (the browser itself comes "
            "from the system, see NATOKIT_CHROMIUM)"
        )
    exe = chromium_path()
    if not (os.path.isfile(exe) and os.access(exe, os.X_OK)):
        return (
            f"Chromium not found at {exe}: install it with `sudo apt-get install chromium` "
            "(Debian/Ubuntu) or set NATOKIT_CHROMIUM=/path/to/chromium"
        )
    return None


# JupyterLab user settings for the test server: no news/update toasts, no autosave,
# and every cell attached to the DOM (the default "full" windowing detaches cells that are
# scrolled out of view, which would hide their outputs from the checks).
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    # Never write the run's outputs back into the notebooks under test.
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
}


def write_lab_settings(settings_dir: Path) -> None:
    """Write :data:`LAB_SETTINGS` as JupyterLab user settings.

    Parameters
    ----------
    settings_dir : pathlib.Path
        The ``user-settings`` directory passed as ``--LabApp.user_settings_dir``.
    """
    for plugin, values in LAB_SETTINGS.items():
        path = settings_dir / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values, indent=2))


def free_port() -> int:
    """Ask the OS for a free TCP port on 127.0.0.1.

    Returns
    -------
    int
        A port number that was free when the function returned.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class JupyterLabServer:
    """A JupyterLab server in a subprocess, isolated from the user's settings.

    Parameters
    ----------
    root_dir : pathlib.Path
        Directory served as the Jupyter root (``--ServerApp.root_dir``).
    python : str, optional
        Interpreter that runs ``-m jupyter lab``; the kernel is this interpreter's
        ``python3`` kernel. Defaults to :data:`sys.executable`.
    startup_timeout : float, optional
        Seconds to wait for ``/api/status`` to answer.

    Notes
    -----
    Config, data (except the interpreter prefix's ``share/jupyter``, where the
    widget extension and kernel spec live), runtime, IPython, checkpoint and
    lab settings/workspace directories are temporary, so neither the user's
    settings leak in nor ``.ipynb_checkpoints`` appear in the repository.
    Autosave is off, so the notebooks under test are never rewritten.
    Use as a context manager; the server is always terminated on exit.
    """

    root_dir: Path
    python: str = sys.executable
    startup_timeout: float = 60.0
    port: int = 0
    token: str = field(default_factory=lambda: secrets.token_hex(16))
    workdir: Path | None = None
    proc: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        """str: ``http://127.0.0.1:PORT/``."""
        return f"http://127.0.0.1:{self.port}/"

    @property
    def log_path(self) -> Path:
        """pathlib.Path: File that receives the server's stdout and stderr."""
        assert self.workdir is not None
        return self.workdir / "jupyterlab.log"

    def url(self, path: str) -> str:
        """Return an authenticated URL.

        Parameters
        ----------
        path : str
            Path below the server root, e.g. ``"lab/tree/notebooks/x.ipynb"``.

        Returns
        -------
        str
            The URL with ``?token=...`` appended.
        """
        return f"{self.base_url}{path.lstrip('/')}?token={self.token}"

    def log_text(self) -> str:
        """Return the server log so far (empty if there is none).

        Returns
        -------
        str
            The log, decoded leniently.
        """
        if self.workdir is None or not self.log_path.exists():
            return ""
        return self.log_path.read_text(errors="replace")

    def start(self) -> JupyterLabServer:
        """Start the server and wait until it answers.

        Returns
        -------
        JupyterLabServer
            ``self``, for chaining.

        Raises
        ------
        RuntimeError
            If the server exits or does not answer within ``startup_timeout``.
        """
        self.workdir = Path(tempfile.mkdtemp(prefix="natokit-lab-"))
        self.port = free_port()
        env = dict(os.environ)
        for name in ("config", "data", "runtime", "ipython", "mpl", "checkpoints"):
            (self.workdir / name).mkdir()
        env.update(
            JUPYTER_CONFIG_DIR=str(self.workdir / "config"),
            JUPYTER_DATA_DIR=str(self.workdir / "data"),
            JUPYTER_RUNTIME_DIR=str(self.workdir / "runtime"),
            IPYTHONDIR=str(self.workdir / "ipython"),
            MPLCONFIGDIR=str(self.workdir / "mpl"),
            JUPYTER_PLATFORM_DIRS="1",
            PYTHONUNBUFFERED="1",
        )
        settings_dir = self.workdir / "config" / "lab" / "user-settings"
        write_lab_settings(settings_dir)
        env.pop("JUPYTER_PATH", None)
        cmd = [
            self.python,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--allow-root",
            "--ip=127.0.0.1",
            f"--port={self.port}",
            "--ServerApp.port_retries=0",
            f"--ServerApp.root_dir={self.root_dir}",
            f"--IdentityProvider.token={self.token}",
            "--ServerApp.open_browser=False",
            "--ServerApp.terminals_enabled=False",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabServerApp.extension_manager=readonly",
            f"--LabApp.user_settings_dir={settings_dir}",
            # Keep .ipynb_checkpoints/ out of the repository.
            f"--FileCheckpoints.checkpoint_dir={self.workdir / 'checkpoints'}",
            f"--LabApp.workspaces_dir={self.workdir / 'config' / 'lab' / 'workspaces'}",
        ]
        log = open(self.log_path, "wb")  # closed right after Popen: the child keeps its copy
        try:
            self.proc = subprocess.Popen(
                cmd,
                cwd=self.root_dir,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        finally:
            log.close()
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        """Poll ``/api/status`` until it answers 200 (see :meth:`start`)."""
        deadline = time.monotonic() + self.startup_timeout
        status_url = self.url("api/status")
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"JupyterLab exited with code {self.proc.returncode}:\n{self.log_text()}"
                )
            try:
                with urllib.request.urlopen(status_url, timeout=2) as resp:
                    if resp.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(
            f"JupyterLab did not answer within {self.startup_timeout:.0f} s:\n{self.log_text()}"
        )

    def stop(self) -> None:
        """Terminate the server (SIGTERM, then SIGKILL) and remove its temp dirs."""
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        # Kernels run in their own process; the server shuts them down on SIGTERM,
        # but kill any straggler in the server's session to be sure.
        if proc is not None:
            try:
                os.killpg(proc.pid, 9)
            except (ProcessLookupError, PermissionError):
                pass

    def cleanup(self) -> None:
        """Remove the temporary directories (call after :meth:`stop`)."""
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None

    def api(self, method: str, path: str) -> object:
        """Call the server's REST API.

        Parameters
        ----------
        method : str
            HTTP method, e.g. ``"GET"``.
        path : str
            Path below the server root, e.g. ``"api/sessions"``.

        Returns
        -------
        object
            The decoded JSON answer (``None`` when the answer is empty).
        """
        req = urllib.request.Request(
            self.base_url + path, method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(req, timeout=10) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def shutdown_sessions(self, relpath: str) -> None:
        """Shut down the kernel sessions of one notebook (frees memory between tests).

        Parameters
        ----------
        relpath : str
            Notebook path relative to the server root.
        """
        for session in self.api("GET", "api/sessions") or []:
            if session.get("path") == relpath:
                self.api("DELETE", f"api/sessions/{session['id']}")

    def __enter__(self) -> JupyterLabServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
        self.cleanup()


def digest(data: str | bytes) -> str:
    """Return a short SHA-256 digest.

    Parameters
    ----------
    data : str or bytes
        Content to hash (strings are UTF-8 encoded).

    Returns
    -------
    str
        The first 16 hex digits of the digest.
    """
    if isinstance(data, str):
        data = data.encode()
    return hashlib.sha256(data).hexdigest()[:16]


# --------------------------------------------------------------------------- page driving
# The JupyterLab DOM contract the suite relies on (JupyterLab 4.x, ipywidgets 8.x):
NOTEBOOK_PANEL = ".jp-NotebookPanel"
CODE_CELL = ".jp-Notebook .jp-CodeCell"
PALETTE_INPUT = ".lm-CommandPalette input"
DIALOG = ".jp-Dialog"
DIALOG_ACCEPT = ".jp-Dialog .jp-Dialog-button.jp-mod-accept"
EXPLORER = ".natokit-explorer"

# True once the status bar's kernel item reads "<kernel name> | Idle" (it reads
# "No Kernel | Initializing", "... | Busy", "... | Restarting" etc. otherwise).
JS_KERNEL_IDLE = """() => {
  const item = document.querySelector('.jp-StatusBar-TextItem[title^="Change kernel"]');
  const text = (item?.textContent || '').trim();
  return /\\|\\s*Idle$/.test(text) && !/^No Kernel/.test(text);
}"""

# A traceback, or a line such as "ZeroDivisionError: ..." (SyntaxError has no traceback).
ERROR_PATTERN = r"Traceback \(most recent call last\)|^\s*[A-Za-z_.]*(Error|Exception)(:|$)"
ERROR_RE = re.compile(ERROR_PATTERN, re.MULTILINE)
JS_ERROR_RE = f"/{ERROR_PATTERN}/m"

# Progress of "run all": how many non-empty code cells, how many are numbered, how many
# are still queued/running ([*]), and whether any error output appeared.
JS_RUN_STATE = """() => {
  const ERROR_RE = __ERROR_RE__;
  const cells = Array.from(document.querySelectorAll('.jp-Notebook .jp-CodeCell'));
  let nonEmpty = 0, numbered = 0, running = 0;
  for (const cell of cells) {
    const prompt = (cell.querySelector('.jp-InputPrompt')?.textContent || '').trim();
    const code = (cell.querySelector('.jp-InputArea-editor')?.innerText || '').trim();
    if (prompt.includes('*')) running += 1;
    if (!code) continue;
    nonEmpty += 1;
    if (/\\[\\d+\\]/.test(prompt)) numbered += 1;
  }
  const errors = Array.from(document.querySelectorAll(
    '.jp-Notebook .jp-OutputArea-output[data-mime-type^="application/vnd.jupyter.std"],'
    + ' .jp-Notebook [data-mime-type="application/vnd.jupyter.error"]'))
    .filter((el) => el.dataset.mimeType.endsWith('error') || ERROR_RE.test(el.innerText)).length;
  return {cells: cells.length, nonEmpty, numbered, running, errors};
}""".replace("__ERROR_RE__", JS_ERROR_RE)

# Every output problem visible in the DOM, one dict per finding.
JS_OUTPUT_PROBLEMS = """(fallbackTexts) => {
  const ERROR_RE = __ERROR_RE__;
  const problems = [];
  const cells = Array.from(document.querySelectorAll('.jp-Notebook .jp-Cell'));
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    const st = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && st.visibility !== 'hidden' && st.display !== 'none';
  };
  cells.forEach((cell, index) => {
    const code = (cell.querySelector('.jp-InputArea-editor')?.innerText || '').trim();
    const prompt = (cell.querySelector('.jp-InputPrompt')?.textContent || '').trim();
    const where = {cell: index, prompt, code: code.slice(0, 300)};
    const area = cell.querySelector('.jp-OutputArea');
    if (!area) return;
    // JupyterLab renders error outputs (tracebacks) as stderr text.
    for (const el of area.querySelectorAll(
        '[data-mime-type="application/vnd.jupyter.error"], '
        + '[data-mime-type="application/vnd.jupyter.stderr"]')) {
      const text = el.innerText;
      if (el.dataset.mimeType.endsWith('error') || ERROR_RE.test(text)) {
        problems.push({...where, kind: 'error output', detail: text.slice(-1500)});
      }
    }
    for (const out of area.querySelectorAll('.jp-OutputArea-output')) {
      const text = out.innerText || '';
      for (const needle of fallbackTexts) {
        if (text.includes(needle)) {
          problems.push({...where, kind: 'widget not rendered',
                         detail: `output shows ${JSON.stringify(needle)}: ` + text.slice(0, 300)});
        }
      }
      const widgets = Array.from(out.querySelectorAll('.jupyter-widgets'));
      if (out.matches('.jupyter-widgets')) widgets.push(out);
      if (widgets.length && !widgets.some(shown)) {
        problems.push({...where, kind: 'widget not visible',
                       detail: `${widgets.length} .jupyter-widgets element(s), none visible`});
      }
    }
    for (const img of area.querySelectorAll('img')) {
      const inWidget = !!img.closest('.jupyter-widgets');
      const desc = (img.getAttribute('alt') || '') + ' ' + (img.src || '').slice(0, 60);
      if (!img.complete || img.naturalWidth === 0) {
        problems.push({...where, kind: 'broken image', detail: desc});
      } else if (!shown(img)) {
        problems.push({...where, kind: 'image not visible', detail: desc});
      }
      if (!inWidget && !(img.getAttribute('alt') || '').trim()) {
        problems.push({...where, kind: 'image without alt text', detail: desc});
      }
    }
  });
  return problems;
}""".replace("__ERROR_RE__", JS_ERROR_RE)

# A content digest of an <img>'s bytes (blob: or data: URL), or its src if unreadable.
JS_IMG_DIGEST = """async (img) => {
  try {
    const buf = await (await fetch(img.src)).arrayBuffer();
    const hash = await crypto.subtle.digest('SHA-256', buf);
    return Array.from(new Uint8Array(hash)).slice(0, 8)
      .map((b) => b.toString(16).padStart(2, '0')).join('');
  } catch (e) {
    return 'src:' + img.src;
  }
}"""


def format_problems(problems: list[dict]) -> str:
    """Format the findings of :data:`JS_OUTPUT_PROBLEMS` for an assertion message.

    Parameters
    ----------
    problems : list of dict
        Dicts with ``kind``, ``cell``, ``prompt``, ``code`` and ``detail`` keys.

    Returns
    -------
    str
        One indented block per finding.
    """
    blocks = []
    for p in problems:
        code = "\n".join("      | " + line for line in str(p.get("code", "")).splitlines()[:12])
        detail = "\n".join("      " + line for line in str(p.get("detail", "")).splitlines())
        blocks.append(
            f"  - {p['kind']} in cell #{p.get('cell')} {p.get('prompt', '')}\n"
            f"{code}\n    ->\n{detail}"
        )
    return "\n".join(blocks)


class NotebookPage:
    """Drive one notebook opened in JupyterLab.

    Parameters
    ----------
    page : playwright.sync_api.Page
        A fresh page (one browser context per notebook).
    server : JupyterLabServer
        The running server.
    relpath : str
        Notebook path relative to the server root, with ``/`` separators.
    """

    def __init__(self, page, server: JupyterLabServer, relpath: str) -> None:
        self.page = page
        self.server = server
        self.relpath = relpath
        self.console: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.console.append(f"pageerror: {exc}"))

    def _on_console(self, msg) -> None:
        if msg.type in ("error", "warning"):
            self.console.append(f"console.{msg.type}: {msg.text[:500]}")

    def open(self, timeout: float = 60.0) -> None:
        """Open the notebook and wait until its kernel is connected and idle.

        A kernel-selection dialog (notebook without kernelspec) is accepted.

        Parameters
        ----------
        timeout : float, optional
            Seconds to wait for the idle kernel.
        """
        from urllib.parse import quote

        # A workspace of its own, so JupyterLab does not restore the tabs (and the
        # cells) of the notebooks opened before this one.
        workspace = "natokit-" + digest(self.relpath + secrets.token_hex(4))
        self.page.goto(self.server.url(f"lab/workspaces/{workspace}/tree/{quote(self.relpath)}"))
        self.page.wait_for_selector(NOTEBOOK_PANEL, timeout=timeout * 1000)
        deadline = time.monotonic() + timeout
        while True:
            handle = self.page.wait_for_function(
                f"() => ({JS_KERNEL_IDLE})() ? 'idle' : "
                f"(document.querySelector('{DIALOG}') ? 'dialog' : false)",
                timeout=max(1.0, deadline - time.monotonic()) * 1000,
            )
            if handle.json_value() == "idle":
                return
            self.page.locator(DIALOG_ACCEPT).click()
            self.page.locator(DIALOG).wait_for(state="detached")

    def run_command(self, command: str, search: str) -> None:
        """Run a JupyterLab command through the command palette.

        Parameters
        ----------
        command : str
            Command id, e.g. ``"notebook:restart-run-all"``; the palette entry is
            ``li[data-command=<command>]``.
        search : str
            Text typed into the palette to bring the entry up.
        """
        self.page.locator(".jp-NotebookPanel .jp-Notebook").first.focus()
        self.page.keyboard.press("Control+Shift+C")
        palette = self.page.locator(PALETTE_INPUT)
        palette.wait_for(state="visible")
        palette.fill(search)
        self.page.locator(f'.lm-CommandPalette li[data-command="{command}"]').first.click()

    def restart_and_run_all(self, timeout: float = 120.0) -> dict:
        """Clear outputs, then *Restart Kernel and Run All Cells* and wait for the end.

        Outputs (and execution counts) are cleared first so stale counts stored in
        the file cannot make the run look finished.

        Parameters
        ----------
        timeout : float, optional
            Seconds to wait for every non-empty code cell to get an execution count
            (or for an error to stop the run) with the kernel idle.

        Returns
        -------
        dict
            The final :data:`JS_RUN_STATE`.
        """
        self.run_command("notebook:clear-all-cell-outputs", "Clear Outputs of All Cells")
        self.run_command("notebook:restart-run-all", "Restart Kernel and Run All Cells")
        self.page.locator(DIALOG_ACCEPT).click()
        self.page.locator(DIALOG).wait_for(state="detached")
        try:
            self.page.wait_for_function(
                f"""() => {{
                  const s = ({JS_RUN_STATE})();
                  return ({JS_KERNEL_IDLE})() && s.running === 0
                    && (s.numbered === s.nonEmpty || s.errors > 0);
                }}""",
                timeout=timeout * 1000,
                polling=250,
            )
        except Exception as exc:  # playwright TimeoutError, explained below
            raise AssertionError(
                f"Restart Kernel and Run All Cells did not finish within {timeout:.0f} s\n"
                + self.describe_stuck_run()
            ) from exc
        return self.page.evaluate(JS_RUN_STATE)

    def describe_stuck_run(self) -> str:
        """Describe a run that did not finish: kernel status, busy cells, open dialog.

        Returns
        -------
        str
            A few lines for an assertion message.
        """
        info = self.page.evaluate(
            """() => {
              const status = document.querySelector(
                '.jp-StatusBar-TextItem[title^="Change kernel"]')?.textContent || '?';
              const busy = Array.from(document.querySelectorAll('.jp-Notebook .jp-CodeCell'))
                .filter((c) => (c.querySelector('.jp-InputPrompt')?.textContent || '')
                  .includes('*'))
                .map((c) => (c.querySelector('.jp-InputArea-editor')?.innerText || '')
                  .slice(0, 300));
              const dialog = document.querySelector('.jp-Dialog')?.innerText || '';
              return {status, busy, dialog};
            }"""
        )
        lines = [
            f"kernel status: {info['status']}",
            f"run state: {self.page.evaluate(JS_RUN_STATE)}",
        ]
        for code in info["busy"][:3]:
            lines.append("cell still running or queued:\n" + code)
        if info["dialog"]:
            lines.append("open dialog: " + info["dialog"])
        return "\n".join(lines)

    def output_problems(self, settle: float = 10.0) -> list[dict]:
        """Return error, widget and image problems in the outputs.

        Widgets still loading ("Loading widget...") and images still decoding get
        up to ``settle`` seconds before they count as problems.

        Parameters
        ----------
        settle : float, optional
            Seconds to wait for the outputs to become problem-free.

        Returns
        -------
        list of dict
            Findings of :data:`JS_OUTPUT_PROBLEMS` (empty when all is well).
        """
        fallback = list(WIDGET_FALLBACK_TEXTS)
        try:
            self.page.wait_for_function(
                f"(fb) => ({JS_OUTPUT_PROBLEMS})(fb).length === 0",
                arg=fallback,
                timeout=settle * 1000,
                polling=250,
            )
        except Exception:  # playwright TimeoutError: report below
            pass
        return self.page.evaluate(JS_OUTPUT_PROBLEMS, fallback)

    def log_console_text(self, timeout: float = 10.0) -> str:
        """Return what the kernel wrote to JupyterLab's *Log Console*, if anything.

        Errors raised in widget callbacks (an explorer's ``observe`` handler) do
        not reach a cell's output: JupyterLab routes them to the log console and
        flashes its status-bar item. When that item reports entries, the console
        is opened and its text returned.

        Parameters
        ----------
        timeout : float, optional
            Seconds to wait for the log console to show its entries.

        Returns
        -------
        str
            The log console's text, or ``""`` when it has no entries.
        """
        item = self.page.locator(".jp-LogConsoleStatusItem [title]").first
        if not item.count() or not item.is_visible():
            return ""
        title = item.get_attribute("title") or ""
        match = re.search(r"(\d+) log entr", title)
        if not match or int(match.group(1)) == 0:
            return ""
        item.click()
        entries = self.page.locator(".jp-LogConsolePanel .jp-OutputArea-output")
        entries.first.wait_for(state="attached", timeout=timeout * 1000)
        return "\n".join(entries.all_inner_texts()).strip()

    def screenshot_notebook(self, path: Path, max_height: int = 16000) -> None:
        """Save a screenshot of the whole notebook, not just the visible part.

        The notebook scrolls inside its panel, so a ``full_page`` screenshot would
        only show the viewport: the viewport is made as tall as the notebook.

        Parameters
        ----------
        path : pathlib.Path
            PNG file to write (its folder is created).
        max_height : int, optional
            Cap on the viewport height in pixels.
        """
        path.parent.mkdir(parents=True, exist_ok=True)
        size = self.page.viewport_size
        # How far the last cell reaches below the visible part of the scroller.
        extra = self.page.evaluate(
            """() => {
              const s = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer');
              const cells = document.querySelectorAll('.jp-NotebookPanel .jp-Cell');
              if (!s || !cells.length) return 0;
              const bottom = cells[cells.length - 1].getBoundingClientRect().bottom;
              const top = s.getBoundingClientRect().top;
              return bottom - top + s.scrollTop - s.clientHeight;
            }"""
        )
        height = int(min(size["height"] + max(0, extra) + 40, max_height))
        self.page.set_viewport_size({"width": size["width"], "height": height})
        try:
            self.page.evaluate(
                """() => new Promise((ok) => {
                  document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer')
                    ?.scrollTo(0, 0);
                  requestAnimationFrame(() => requestAnimationFrame(ok));
                })"""
            )
            self.page.screenshot(path=str(path))
        finally:
            self.page.set_viewport_size(size)

    def screenshot_element(self, locator, path: Path, max_height: int = 8000) -> None:
        """Save a screenshot of one element, growing the viewport if it is taller.

        Parameters
        ----------
        locator : playwright.sync_api.Locator
            The element (e.g. an explorer).
        path : pathlib.Path
            PNG file to write.
        max_height : int, optional
            Cap on the viewport height in pixels.
        """
        path.parent.mkdir(parents=True, exist_ok=True)
        size = self.page.viewport_size
        box = locator.bounding_box() or {"height": 0}
        height = int(min(max(size["height"], box["height"] + 250), max_height))
        self.page.set_viewport_size({"width": size["width"], "height": height})
        try:
            locator.scroll_into_view_if_needed()
            locator.screenshot(path=str(path))
        finally:
            self.page.set_viewport_size(size)

    def explorers(self):
        """Return a locator of the explorer widgets (``.natokit-explorer``).

        Returns
        -------
        playwright.sync_api.Locator
            All explorers in the notebook's outputs.
        """
        return self.page.locator(f".jp-OutputArea {EXPLORER}")


# Controls tried, in order, to move an explorer: (CSS selector, kind). ipywidgets 8
# renders (Int|Float|Selection)Slider with noUiSlider: the handle is a focusable
# ``.noUi-handle[role=slider]`` that follows the arrow keys.
EXPLORER_CONTROLS = (
    (".widget-slider .noUi-handle", "slider"),
    (".widget-dropdown select", "dropdown"),
    (".widget-toggle-buttons button", "toggle buttons"),
    (".widget-radio-box input[type=radio]", "radio buttons"),
    (".widget-select select", "select"),
    (".widget-checkbox input[type=checkbox]", "checkbox"),
    ("button.widget-toggle-button", "toggle button"),
    (".widget-text input[type=text]", "text"),
)
EXPLORER_IMAGES = "img.widget-image, .widget-image img"

# What an explorer shows: its images' src and the text of its HTML widgets (captions,
# tables). Explorers with an image must change the image; the others, their text.
JS_EXPLORER_VIEW = """(root) => ({
  images: Array.from(root.querySelectorAll(__IMAGES__)).map((img) => img.src),
  text: Array.from(root.querySelectorAll('.widget-html, .widget-htmlmath'))
    .map((el) => el.innerText).join('\\n'),
})""".replace("__IMAGES__", json.dumps(EXPLORER_IMAGES))

JS_EXPLORER_CHANGED = """([root, before]) => {
  const now = (__VIEW__)(root);
  if (before.images.length) {
    return now.images.length === before.images.length
      && now.images.some((src, i) => src !== before.images[i]);
  }
  return now.text !== before.text;
}""".replace("__VIEW__", JS_EXPLORER_VIEW)


def _move_control(control, kind: str) -> str | None:
    """Change one control's value the way a student would.

    Parameters
    ----------
    control : playwright.sync_api.Locator
        The control (first match of its selector).
    kind : str
        Kind from :data:`EXPLORER_CONTROLS`.

    Returns
    -------
    str or None
        What was done, or ``None`` if the control cannot be moved (disabled,
        single option, ...).
    """
    if kind == "slider":
        now = float(control.get_attribute("aria-valuenow") or 0)
        top = float(control.get_attribute("aria-valuemax") or 0)
        before = control.get_attribute("aria-valuetext")
        key = "ArrowRight" if now < top else "ArrowLeft"
        control.focus()
        control.press(key)
        return f"slider at {before!r}: pressed {key}"
    if control.is_disabled():
        return None
    if kind in ("dropdown", "select"):
        values = control.evaluate(
            "(s) => Array.from(s.options).filter((o) => !o.selected && !o.disabled)"
            ".map((o) => o.value)"
        )
        if not values:
            return None
        control.select_option(values[0])
        return f"{kind}: selected option {values[0]!r}"
    if kind in ("toggle buttons", "radio buttons"):
        selector = "button:not(.mod-active):not([disabled])"
        if kind == "radio buttons":
            selector = "input[type=radio]:not(:checked):not([disabled])"
        other = control.locator("xpath=..").locator(selector).first
        if not other.count():
            return None
        label = other.inner_text() if kind == "toggle buttons" else other.get_attribute("value")
        other.click()
        return f"{kind}: clicked {label!r}"
    if kind == "text":
        # Type a letter into an empty box, or clear a filled one; Enter submits
        # boxes with continuous_update=False.
        text = "" if control.input_value() else "a"
        control.fill(text)
        control.press("Enter")
        return f"text box: typed {text!r}"
    control.click()
    return f"{kind}: clicked"


def move_explorer(explorer, timeout: float = 10.0) -> dict:
    """Move the controls of one explorer until what it shows changes.

    Controls are tried in :data:`EXPLORER_CONTROLS` order (sliders first); the
    first one that changes the explorer's image (or, for an explorer without
    image, the text of its HTML widgets) ends the search.

    Parameters
    ----------
    explorer : playwright.sync_api.Locator
        One ``.natokit-explorer`` element.
    timeout : float, optional
        Seconds to wait for the change after each move.

    Returns
    -------
    dict
        ``changed`` (bool), ``images`` (number of images), ``controls`` (number of
        controls found) and ``tried`` (the moves made and their effect).
    """
    page = explorer.page
    handle = explorer.element_handle()
    before = handle.evaluate(JS_EXPLORER_VIEW)
    images = explorer.locator(EXPLORER_IMAGES)
    digests = [page.evaluate(JS_IMG_DIGEST, img) for img in images.element_handles()]
    found = [(explorer.locator(sel), kind) for sel, kind in EXPLORER_CONTROLS]
    found = [(loc, kind) for loc, kind in found if loc.count()]
    result = {"changed": False, "images": len(before["images"]), "controls": 0, "tried": []}
    result["controls"] = sum(loc.count() for loc, _ in found)
    for controls, kind in found:
        action = _move_control(controls.first, kind)
        if action is None:
            continue
        try:
            page.wait_for_function(
                JS_EXPLORER_CHANGED, arg=[handle, before], timeout=timeout * 1000, polling=100
            )
        except Exception:  # playwright TimeoutError: try the next control
            what = "image" if before["images"] else "text"
            result["tried"].append(f"{action} -> {what} unchanged after {timeout:.0f} s")
            continue
        if before["images"]:
            page.wait_for_function(
                "(root) => Array.from(root.querySelectorAll('img'))"
                ".every((i) => i.complete && i.naturalWidth > 0)",
                arg=handle,
                timeout=timeout * 1000,
            )
            after = [page.evaluate(JS_IMG_DIGEST, img) for img in images.element_handles()]
            if after == digests:
                result["tried"].append(f"{action} -> new image src but identical bytes")
                before = handle.evaluate(JS_EXPLORER_VIEW)
                continue
        result["tried"].append(f"{action} -> {'image' if before['images'] else 'text'} changed")
        result["changed"] = True
        break
    return result
