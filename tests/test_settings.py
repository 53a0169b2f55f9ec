import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    environment = {**os.environ, **env}
    for name in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):  # the browser tests set the latter
        environment.pop(name, None)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, check=False
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="a-real-secret-" + "x7Qp2vLm9Zr4Tt8Wn3Ks6Yb1Hd5Fg0Jc" * 2,
        ALLOWED_HOSTS="inovasi.example",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_flags_the_development_secret_key():
    result = run_manage("check", "--deploy", DEBUG="0", ALLOWED_HOSTS="inovasi.example")

    assert "security.W009" in result.stdout + result.stderr


def test_a_yes_or_no_that_does_not_parse_stops_the_start_naming_the_variable():
    result = run_manage("check", DEBUG="ture")

    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: DEBUG='ture' is not a yes or no: "
        "use 1 or 0 (or true/false, yes/no, on/off)."
    )


def test_a_number_that_does_not_parse_stops_the_start_naming_the_variable():
    result = run_manage("check", DEBUG="1", EMAIL_PORT="25x")

    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: EMAIL_PORT='25x' is not a whole number."
    )


def test_a_secret_may_come_from_a_file(tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text("a-secret-from-a-file-" + "q" * 50 + "\n")

    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
        DEBUG="1",
        SECRET_KEY_FILE=str(secret),
    )

    assert result.stdout.strip().splitlines()[-1] == "a-secret-from-a-file-" + "q" * 50


def test_a_secret_file_that_cannot_be_read_stops_the_start(tmp_path):
    result = run_manage("check", DEBUG="1", SECRET_KEY_FILE=str(tmp_path / "missing"))

    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"django.core.exceptions.ImproperlyConfigured: SECRET_KEY_FILE={tmp_path / 'missing'} cannot be read: "
        "No such file or directory"
    )
