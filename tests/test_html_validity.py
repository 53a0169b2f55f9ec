"""Every main page of every role passes the Nu HTML Checker (vnu-jar from npm, run with the machine's Java)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import require_tool
from tests.pages import main_pages

VNU = Path(__file__).resolve().parent.parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture(scope="module")
def vnu():
    require_tool(VNU.exists() and shutil.which("java"), f"{VNU} or java is missing: run `make checkers`, install Java")
    return VNU


@pytest.mark.django_db
def test_every_main_page_is_valid_html(client, vnu, tmp_path):
    files = {}
    for role, (user, urls) in main_pages().items():
        client.logout()
        if user:
            client.force_login(user)
        for number, url in enumerate(urls):
            response = client.get(url)
            assert response.status_code == 200, (role, url)
            path = tmp_path / f"{role}-{number}.html"
            path.write_bytes(response.content)
            files[path.name] = f"{role} {url}"

    result = subprocess.run(
        ["java", "-jar", str(vnu), "--format", "json", "--errors-only", *sorted(map(str, tmp_path.glob("*.html")))],
        capture_output=True,
        text=True,
        check=False,
    )

    errors = [
        f"{files[Path(message['url']).name]} line {message.get('lastLine')}: {message['message']}"
        for message in json.loads(result.stderr)["messages"]
    ]
    assert not errors, "\n".join(errors)
