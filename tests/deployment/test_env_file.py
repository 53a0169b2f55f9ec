"""The shipped environment file loads the way docs/deployment.md loads it: with a shell (`set -a && . FILE`) for the
one-off commands, and with systemd's `EnvironmentFile=` for the units. Both must read the same values."""

import shutil
import subprocess
from typing import cast

import pytest

from tests.conftest import require_tool
from tests.deployment.conftest import ROOT

ENV_FILE = ROOT / "deploy" / "env.example"


def read_like_systemd(text: str) -> dict[str, str]:
    """An environment file as systemd reads it (systemd.exec(5), EnvironmentFile=): one KEY=VALUE a line; blank
    lines, lines without "=" and lines starting with # or ; are ignored; a value may be wrapped in double quotes
    (backslash escapes \\" \\\\ \\$ \\` inside) or in single quotes, which are removed; an unquoted value keeps
    its inner spaces, without the ones around it."""
    values = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#;" or "=" not in line:
            continue
        key, value = line.split("=", 1)
        key, value = key.strip(), value.strip()
        if len(value) >= 2 and value[0] == value[-1] == '"':
            inner, out, escaped = value[1:-1], [], False
            for char in inner:
                if escaped:
                    out.append(char if char in '"\\$`' else "\\" + char)
                    escaped = False
                elif char == "\\":
                    escaped = True
                else:
                    out.append(char)
            value = "".join(out)
        elif len(value) >= 2 and value[0] == value[-1] == "'":
            value = value[1:-1]
        values[key] = value
    return values


def read_like_a_shell(path) -> dict[str, str]:
    """The variables `set -a && . FILE && set +a` exports, in a shell that starts with none."""
    bash = shutil.which("bash")
    require_tool(bash is not None, "bash is missing")
    script = 'set -a && . "$1" && set +a && env -0'
    result = subprocess.run(
        [cast(str, bash), "--noprofile", "--norc", "-c", script, "read-env", str(path)],  # or require_tool skipped
        env={},
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
    pairs = [item.split("=", 1) for item in result.stdout.split("\0") if "=" in item]
    return {key: value for key, value in pairs if key not in {"PWD", "SHLVL", "_", "OLDPWD"}}


def test_the_shipped_file_reads_the_same_in_a_shell_and_in_systemd():
    systemd = read_like_systemd(ENV_FILE.read_text())

    assert read_like_a_shell(ENV_FILE) == systemd
    assert systemd["DEFAULT_FROM_EMAIL"] == "Inovasi <inovasi@example.go.id>"
    assert systemd["DATABASE_URL"] == "postgres://inovasi:change-me@127.0.0.1:5432/inovasi"


def test_the_shell_check_catches_an_unquoted_sender(tmp_path):
    broken = tmp_path / "env"
    broken.write_text("DEFAULT_FROM_EMAIL=Inovasi <inovasi@example.go.id>\n")

    with pytest.raises(AssertionError):
        read_like_a_shell(broken)


def test_the_systemd_reading_removes_quotes_as_systemd_does():
    text = 'A="Inovasi <a@b>"\nB=\'x y\'\n# C=no\n; D=no\nE = plain value \nF="say \\"hi\\""\nnot a line\n'

    assert read_like_systemd(text) == {"A": "Inovasi <a@b>", "B": "x y", "E": "plain value", "F": 'say "hi"'}
