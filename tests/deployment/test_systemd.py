"""The systemd units of docs/deployment.md pass `systemd-analyze verify`, with the paths of this checkout.

`verify` parses each unit and checks that its programs exist and its timers are well formed; it starts nothing.
"""

import shutil
import subprocess

import pytest

from tests.conftest import require_tool
from tests.deployment.conftest import ROOT

UNITS = sorted((ROOT / "deploy" / "systemd").iterdir())


def installed_copy(unit, directory):
    """The unit as it would be installed, with /srv/inovasi read as this checkout (its .venv holds the programs)."""
    copy = directory / unit.name
    copy.write_text(unit.read_text().replace("/srv/inovasi", str(ROOT)))
    return copy


def test_every_service_has_its_timer_or_is_started_by_the_system():
    names = {unit.name for unit in UNITS}

    assert names == {
        "inovasi-web.service",
        "inovasi-worker.service",
        "inovasi-housekeeping.service",
        "inovasi-housekeeping.timer",
        "inovasi-reminders.service",
        "inovasi-reminders.timer",
    }


@pytest.mark.parametrize("unit", UNITS, ids=lambda unit: unit.name)
def test_the_unit_passes_systemd_analyze_verify(unit, tmp_path):
    tool = shutil.which("systemd-analyze")
    require_tool(tool is not None, "systemd-analyze is missing: install systemd")
    copies = [installed_copy(each, tmp_path) for each in UNITS]  # a timer needs its service beside it
    target = next(copy for copy in copies if copy.name == unit.name)

    result = subprocess.run([tool, "verify", str(target)], capture_output=True, text=True, check=False, cwd=tmp_path)

    problems = [line for line in result.stderr.splitlines() if unit.name in line or "error" in line.lower()]
    assert (result.returncode, problems) == (0, [])


@pytest.mark.parametrize(
    ("unit", "command"),
    [
        ("inovasi-web.service", "gunicorn config.wsgi --config /srv/inovasi/deploy/gunicorn.conf.py"),
        ("inovasi-worker.service", "manage.py run_worker"),
        ("inovasi-housekeeping.service", "manage.py run_housekeeping"),
        ("inovasi-reminders.service", "manage.py send_reminders"),
    ],
)
def test_each_service_runs_the_projects_own_command_with_its_environment(unit, command):
    text = (ROOT / "deploy" / "systemd" / unit).read_text()

    assert command in text
    assert "EnvironmentFile=/etc/inovasi/env" in text
    assert "User=inovasi" in text


def test_verify_catches_a_broken_unit(tmp_path):
    tool = shutil.which("systemd-analyze")
    require_tool(tool is not None, "systemd-analyze is missing: install systemd")
    broken = tmp_path / "inovasi-broken.service"
    broken.write_text("[Service]\nExecStart=/srv/nowhere/bin/gunicorn\n")

    result = subprocess.run([tool, "verify", str(broken)], capture_output=True, text=True, check=False)

    assert result.returncode != 0
