"""nginx in front of gunicorn, as docs/deployment.md ships it: the configs pass `nginx -t`, and the site serves the
product through nginx with TLS, the health check over plain HTTP, and no private file."""

import http.client
import json
import ssl
import subprocess
import time

import pytest

from tests.deployment.conftest import (
    ROOT,
    free_port,
    nginx_binary,
    nginx_main_config,
    self_signed_certificate,
    server_environment,
    start_gunicorn,
    stop,
)

SITE = ROOT / "deploy" / "nginx" / "inovasi.conf"
COMPOSE_SITE = ROOT / "deploy" / "nginx" / "compose.conf"
HOST = "inovasi.example.go.id"


def site_for_test(directory, *, upstream=None, http_port=None, https_port=None):
    """The shipped site file with only what a test machine must change: the certificate, and ports if it runs."""
    certificate, key = self_signed_certificate(directory)
    text = SITE.read_text()
    text = text.replace(f"/etc/letsencrypt/live/{HOST}/fullchain.pem", str(certificate))
    text = text.replace(f"/etc/letsencrypt/live/{HOST}/privkey.pem", str(key))
    if upstream:
        text = text.replace("server 127.0.0.1:8001", f"server 127.0.0.1:{upstream}")
    if http_port:
        text = text.replace("listen 80;", f"listen 127.0.0.1:{http_port};").replace("listen [::]:80;", "")
    if https_port:
        text = text.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
        text = text.replace("listen [::]:443 ssl http2;", "")
    site = directory / "inovasi.conf"
    site.write_text(text)
    return site


def nginx_test(main) -> subprocess.CompletedProcess:
    return subprocess.run(
        [nginx_binary(), "-t", "-e", "stderr", "-c", str(main), "-p", str(main.parent)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_shipped_site_config_passes_nginx_t(tmp_path):
    result = nginx_test(nginx_main_config(tmp_path, site_for_test(tmp_path)))

    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_the_compose_nginx_config_passes_nginx_t(tmp_path):
    # nginx resolves upstream names when it loads; `web` exists only inside compose's network.
    site = tmp_path / "compose.conf"
    site.write_text(COMPOSE_SITE.read_text().replace("server web:8000", "server 127.0.0.1:8000"))

    result = nginx_test(nginx_main_config(tmp_path, site))

    assert result.returncode == 0, result.stderr


@pytest.fixture
def behind_nginx(postgresql, tmp_path, collected_static):
    """gunicorn with production settings (HTTPS only, behind a proxy), and nginx with the shipped site in front."""
    environment = server_environment(
        tmp_path / "media",
        collected_static,
        BEHIND_PROXY="1",
        SECURE_SSL_REDIRECT="1",
        SESSION_COOKIE_SECURE="1",
        CSRF_COOKIE_SECURE="1",
    )
    gunicorn = start_gunicorn(environment)
    http_port, https_port = free_port(), free_port()
    site = site_for_test(tmp_path, upstream=gunicorn.port, http_port=http_port, https_port=https_port)
    main = nginx_main_config(tmp_path, site)
    nginx = subprocess.Popen(
        [nginx_binary(), "-e", "stderr", "-c", str(main), "-p", str(tmp_path), "-g", "daemon off;"]
    )
    try:
        for _ in range(50):
            probe = http.client.HTTPConnection("127.0.0.1", http_port, timeout=1)
            try:
                probe.request("GET", "/health/")
                probe.getresponse().read()
                break
            except OSError:
                time.sleep(0.1)
            finally:
                probe.close()
        yield http_port, https_port
    finally:
        stop(nginx)
        stop(gunicorn.process)


def ask(port, path, *, tls):
    if tls:
        connection = http.client.HTTPSConnection(
            "127.0.0.1", port, timeout=10, context=ssl._create_unverified_context()
        )
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": HOST})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, response.getheader("Location"), response.getheader("Content-Type"), body


def test_nginx_serves_the_product_from_gunicorn_over_https_only(behind_nginx):
    http_port, https_port = behind_nginx

    plain = ask(http_port, "/catalogue/", tls=False)
    health = ask(http_port, "/health/", tls=False)
    page = ask(https_port, "/catalogue/", tls=True)
    static = ask(https_port, "/static/css/inovasi.css", tls=True)
    media = ask(https_port, "/media/private/agreements/1/kesepakatan.pdf", tls=True)

    assert plain[:2] == (301, f"https://{HOST}/catalogue/")
    assert (health[0], json.loads(health[3])["status"]) == (200, "ok")
    # The page is served, not redirected again: gunicorn trusts nginx's X-Forwarded-Proto (BEHIND_PROXY=1).
    assert page[0] == 200
    assert b"Katalog" in page[3]  # Indonesian, the default for a visitor without a choice
    assert (static[0], static[2].split(";")[0]) == (200, "text/css")
    assert media[0] == 404
