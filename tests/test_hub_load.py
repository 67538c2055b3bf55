"""A class of five on a real JupyterHub: everyone logs in at once and runs notebooks 00 and 01.

Runs ``scripts/hub_load_test.py`` (JupyterHub from PyPI, configurable-http-proxy from npm in
.venv/hub-proxy, dummy authenticator, local process spawner, all on 127.0.0.1) and prints its
report. It asserts that every student succeeded and that the figures were measured, never how
fast: timings depend on the machine. The thirty-student run is a documented command:
``python scripts/hub_load_test.py --students 30``.
"""

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "hub_load_test.py"
spec = importlib.util.spec_from_file_location("hub_load_test", SCRIPT)
hub_load_test = importlib.util.module_from_spec(spec)
spec.loader.exec_module(hub_load_test)

STUDENTS = 5


@pytest.fixture(scope="module")
def report():
    reason = hub_load_test.missing()
    if reason:
        pytest.skip(reason)
    result = hub_load_test.run(STUDENTS, timeout=240)
    print("\n" + hub_load_test.describe(result))
    return result


@pytest.mark.slow
def test_every_student_logs_in_gets_a_server_and_runs_00_and_01(report):
    assert report["failed"] == [], report.get("hub_log_tail", "")
    assert report["succeeded"] == STUDENTS
    for student in report["per_student"]:
        assert student["notebooks_copied"] >= 2  # the kit arrived in the student's server
        for notebook in ("00_start_here", "01_eastern_flank"):
            assert student[notebook]["cells"] > 5
            assert student[notebook]["first_map_s"] is not None, f"{notebook}: no picture"


@pytest.mark.slow
def test_memory_time_and_saturation_are_measured_and_reported(report):
    machine = report["machine"]
    # Each student's server and kernel are counted in the total: it exceeds the hub's alone.
    assert 0 < machine["peak_hub_and_proxy_mb"] < machine["peak_total_mb"]
    assert machine["cpu_percent_mean"] is not None and machine["load_average_max"] is not None
    for key in ("server_ready_s", "first_map_s", "student_total_s"):
        summary = report[key]
        assert 0 < summary["median"] <= summary["p95"] <= summary["max"]
    text = hub_load_test.describe(report)
    assert f"{STUDENTS} of {STUDENTS} students" in text and "first map" in text


def test_the_class_size_is_bounded():
    with pytest.raises(ValueError, match="students must be 1 to"):
        hub_load_test.run(hub_load_test.MAX_STUDENTS + 1)


def test_a_student_whose_step_fails_in_any_way_is_reported_not_raised(monkeypatch):
    from tornado.simple_httpclient import HTTPTimeoutError

    async def copied(*_):
        return 7

    async def timed_out(*_):
        raise HTTPTimeoutError("Timeout during request")  # a saturated hub's websocket

    async def server(*_):
        return "token"

    monkeypatch.setattr(hub_load_test, "_login", copied)
    monkeypatch.setattr(hub_load_test, "_server", server)
    monkeypatch.setattr(hub_load_test, "_copy_kit", copied)
    monkeypatch.setattr(hub_load_test, "_run_notebook", timed_out)
    hub = hub_load_test.Hub.__new__(hub_load_test.Hub)
    hub.url = "http://127.0.0.1:1"
    result = hub_load_test._run_coroutine(
        hub_load_test.student(None, hub, "student01", ["00_start_here"], 10)
    )
    assert result["ok"] is False and result["failed_at"] == "00_start_here"
    assert result["why"] == "HTTPTimeoutError: Timeout during request"


def test_a_failed_student_s_report_quotes_its_lines_of_the_hub_log(tmp_path):
    hub = hub_load_test.Hub.__new__(hub_load_test.Hub)
    hub.work = tmp_path
    (tmp_path / "hub.log").write_text(
        "[I] student03 logged in\n"
        "[W] Kernel eb26d48f-c17d-4e19-99ec-406e54a6541c died, restarting\n"
        "[I] student13 logged in\n"
    )
    found = hub.log_about(["student03", "eb26d48f-c17d-4e19-99ec-406e54a6541c"]).splitlines()
    assert found == [
        "[I] student03 logged in",
        "[W] Kernel eb26d48f-c17d-4e19-99ec-406e54a6541c died, restarting",
    ]
    report = {
        "students": 1,
        "succeeded": 0,
        "notebooks": ["00_start_here"],
        "wall_s": 1.0,
        "server_ready_s": None,
        "first_map_s": None,
        "student_total_s": None,
        "machine": dict.fromkeys(
            (
                "peak_hub_and_proxy_mb",
                "peak_total_mb",
                "min_available_mb",
                "cpus",
                "cpu_percent_mean",
                "cpu_percent_max",
                "cpu_saturated_share",
                "load_average_max",
            ),
            0,
        ),
        "failed": [
            {"student": "student03", "step": "00_start_here", "why": "gone", "log": found[1]}
        ],
    }
    text = hub_load_test.describe(report)
    assert "FAILED student03 at 00_start_here: gone" in text and "died, restarting" in text


def test_kernels_use_unix_sockets_whose_paths_fit_for_every_student():
    import shutil
    import uuid
    from types import SimpleNamespace

    from traitlets.config import Config

    hub = hub_load_test.Hub()  # a folder and free ports, nothing started
    try:
        config = Config()
        exec(hub.config_text(), {"get_config": lambda: config})
    finally:
        shutil.rmtree(hub.work)
    # TCP ports picked at once by thirty servers collide; Unix sockets do not.
    assert "--KernelManager.transport=ipc" in config.Spawner.args
    last = SimpleNamespace(user=SimpleNamespace(name=f"student{hub_load_test.MAX_STUDENTS:02d}"))
    runtime = config.Spawner.environment["JUPYTER_RUNTIME_DIR"](last)
    socket_path = f"{runtime}/kernel-{uuid.uuid4()}-ipc-4"  # the longest a kernel makes
    assert len(socket_path) <= 107  # the limit of a Unix socket's path on Linux
