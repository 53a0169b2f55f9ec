# Inovasi's image, for compose.yaml (web, worker and scheduler run it). docs/deployment.md says what was tested:
# Docker cannot run on the machines this project is built on, so this file is checked by reading, not by a build.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint draws text with Pango; the documents use the DejaVu fonts.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
# Hashed, compressed static files, served by WhiteNoise; the key is only for this step.
RUN SECRET_KEY=collectstatic-only DEBUG=0 python manage.py collectstatic --no-input

RUN useradd --system --uid 1000 --home-dir /app inovasi \
    && mkdir -p /data/media \
    && chown inovasi:inovasi /data/media
USER inovasi

ENV MEDIA_ROOT=/data/media \
    GUNICORN_BIND=0.0.0.0:8000 \
    FORWARDED_ALLOW_IPS=*
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--config", "deploy/gunicorn.conf.py"]
