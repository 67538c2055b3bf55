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
