"""What the deployment tests share: real gunicorn processes on the test database, nginx, a small HTTP client.

The servers run the product's own settings (config.settings, DEBUG off) in processes of their own, so nothing is
shared with the test process or with each other except what a real installation shares: PostgreSQL (data,
sessions, cache, rate limits, the task queue) and the media directory. They need PostgreSQL: on SQLite the test
database lives in this process's memory, where no other process can reach it.
"""

import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, cast

import pytest
from django.db import connection

from tests.conftest import require_tool

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
SECRET_KEY = "deployment-test-" + "s" * 50


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def postgresql(transactional_db):
    """Committed data, on PostgreSQL; ask for it before the fixtures that start processes."""
    if connection.vendor != "postgresql":
        pytest.skip("Processes of their own share the database only on PostgreSQL (the full suite runs this).")


def database_url() -> str:
    settings = connection.settings_dict
    user, host, port = settings["USER"] or "postgres", settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    password = f":{urllib.parse.quote(settings['PASSWORD'])}" if settings["PASSWORD"] else ""
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """The hashed, compressed static files that production settings serve (collectstatic, once per session)."""
    target = tmp_path_factory.mktemp("static")
    environment = {**os.environ, "DEBUG": "0", "SECRET_KEY": SECRET_KEY, "STATIC_ROOT": str(target)}
    environment.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=environment, check=True
    )
    return target


def server_environment(media: Path, static: Path, **extra) -> dict:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost,inovasi.example.go.id",
        DATABASE_URL=database_url(),
        CONN_MAX_AGE="0",  # the test database is dropped at the end: no connection may outlive a request
        MEDIA_ROOT=str(media),
        STATIC_ROOT=str(static),
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="ERROR",
    )
    environment.update(extra)
    return environment


@dataclass
class Server:
    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def start_gunicorn(environment: dict, port: int | None = None) -> Server:
    port = port or free_port()
    process = subprocess.Popen(
        [str(GUNICORN), "config.wsgi", "--config", str(ROOT / "deploy" / "gunicorn.conf.py"), "--workers", "1"],
        cwd=ROOT,
        env={**environment, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_LOG_LEVEL": "warning"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            stderr = cast(IO[bytes], process.stderr)  # stderr=subprocess.PIPE above
            message = stderr.read().decode()
            stderr.close()
            raise RuntimeError("gunicorn stopped at start:\n" + message)
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2):
                return Server(port, process)
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not answer within 30 s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    if process.stderr:
        process.stderr.close()


@dataclass
class Browser:
    """Just enough of a browser: one cookie jar for every server on 127.0.0.1, forms with their CSRF token."""

    jar: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)

    def __post_init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def request(self, url, data=None, *, headers=None, content_type=None):
        body = data
        if isinstance(data, dict):
            body = urllib.parse.urlencode(data).encode()
            content_type = "application/x-www-form-urlencoded"
        request = urllib.request.Request(url, data=body, headers=headers or {})
        if content_type:
            request.add_header("Content-Type", content_type)
        if body is not None:
            request.add_header("Referer", url)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def get(self, url, **kwargs):
        return self.request(url, **kwargs)

    def csrf_token(self, page: bytes) -> str:
        # A page with a form has the token; a page without fails the test either way.
        return cast(re.Match[bytes], re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page))[1].decode()

    def post_form(self, page_url, action_url, fields):
        """Open the page that holds the form, then post it with the page's CSRF token."""
        _status, _headers, page = self.get(page_url)
        return self.request(action_url, {"csrfmiddlewaretoken": self.csrf_token(page), **fields})

    def post_file(self, page_url, action_url, name, filename, data: bytes, content_type: str):
        _status, _headers, page = self.get(page_url)
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{self.csrf_token(page)}\r\n".encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode()
            + data
            + b"\r\n",
            f"--{boundary}--\r\n".encode(),
        ]
        return self.request(action_url, b"".join(parts), content_type=f"multipart/form-data; boundary={boundary}")

    def json(self, url):
        status, _headers, body = self.get(url)
        return status, json.loads(body)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    require_tool(found is not None, "nginx is missing: install it with `apt-get install nginx`")
    return cast(str, found)  # require_tool skipped the test otherwise


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    certificate, key = directory / "fullchain.pem", directory / "privkey.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=inovasi.example.go.id"]
        + ["-keyout", str(key), "-out", str(certificate)],
        check=True,
        capture_output=True,
    )
    return certificate, key


def nginx_main_config(directory: Path, site: Path) -> Path:
    """A main nginx.conf for one site file, with every path inside `directory`, so no root-owned file is touched."""
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (directory / name).mkdir(exist_ok=True)
    main = directory / "nginx.conf"
    main.write_text(
        f"""worker_processes 1;
pid {directory}/nginx.pid;
error_log {directory}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {directory}/body;
    proxy_temp_path {directory}/proxy;
    fastcgi_temp_path {directory}/fastcgi;
    uwsgi_temp_path {directory}/uwsgi;
    scgi_temp_path {directory}/scgi;
    include {site};
}}
"""
    )
    return main
