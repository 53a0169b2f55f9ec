"""compose.yaml and the Dockerfile, read: Docker cannot run on the machines this project is built on, so these
tests check what can be checked without it (docs/deployment.md says so)."""

import yaml

from tests.deployment.conftest import ROOT


def compose():
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_compose_runs_web_worker_scheduler_postgresql_and_nginx():
    services = compose()["services"]

    assert sorted(services) == ["db", "migrate", "nginx", "scheduler", "web", "worker"]
    assert services["db"]["image"] == "postgres:15"
    assert services["web"]["command"] == ["gunicorn", "config.wsgi", "--config", "deploy/gunicorn.conf.py"]
    assert services["worker"]["command"][:3] == ["python", "manage.py", "run_worker"]
    assert "run_housekeeping" in services["scheduler"]["command"][-1]
    assert "send_reminders" in services["scheduler"]["command"][-1]
    assert services["nginx"]["volumes"] == ["./deploy/nginx/compose.conf:/etc/nginx/conf.d/default.conf:ro"]


def test_compose_gives_every_process_the_same_database_queue_and_media():
    services = compose()["services"]

    for name in ("migrate", "web", "worker", "scheduler"):
        environment = services[name]["environment"]
        assert environment["TASKS_BACKEND"] == "django_tasks_db.DatabaseBackend", name
        assert environment["DATABASE_URL"].endswith("@db:5432/inovasi"), name
        assert services[name]["volumes"] == ["media:/data/media"], name
        assert services[name]["env_file"] == ".env", name


def test_compose_migrates_before_the_app_starts_and_after_postgresql_is_ready():
    services = compose()["services"]

    assert services["migrate"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    for name in ("web", "worker", "scheduler"):
        assert services[name]["depends_on"] == {"migrate": {"condition": "service_completed_successfully"}}
    assert "createcachetable" in services["migrate"]["command"][-1]


def test_the_dockerfile_installs_the_pinned_requirements_and_runs_gunicorn_as_a_user():
    lines = [line.strip() for line in (ROOT / "Dockerfile").read_text().splitlines()]

    assert lines[lines.index("WORKDIR /app") + 1 : lines.index("WORKDIR /app") + 3] == [
        "COPY requirements.txt .",
        "RUN pip install -r requirements.txt",
    ]
    assert "USER inovasi" in lines
    assert lines[-1] == 'CMD ["gunicorn", "config.wsgi", "--config", "deploy/gunicorn.conf.py"]'
    assert any(line.startswith("FROM python:3.11-") for line in lines)


def test_the_image_leaves_out_what_never_belongs_in_it():
    ignored = (ROOT / ".dockerignore").read_text().split()

    assert {".git", ".venv", "media", "db.sqlite3", ".env", "node_modules"} <= set(ignored)
