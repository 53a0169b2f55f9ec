"""Inovasi settings, all read from the environment (see docs/configuration.md).

With nothing set, Inovasi runs on a SQLite file with mail printed to the
console. Production sets at least SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    """A variable's value; a secret may instead come from the file `NAME_FILE` names (a Docker or systemd secret)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text().strip()
        except OSError as error:
            raise ImproperlyConfigured(f"{name}_FILE={path} cannot be read: {error.strerror}") from None
    return os.environ.get(name, default)


TRUE, FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    """A yes or no; any other value stops the start-up with its name, as healthchecks' envbool: a typo such as
    DEBUG=ture must not quietly mean off."""
    value = env(name, "1" if default else "0").strip().lower()
    if value not in TRUE | FALSE:
        raise ImproperlyConfigured(f"{name}={value!r} is not a yes or no: use 1 or 0 (or true/false, yes/no, on/off).")
    return value in TRUE


def env_int(name: str, default: int) -> int:
    value = env(name, str(default)).strip()
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
# The fallback key is only good for a laptop: `check --deploy` flags it (security.W009).
SECRET_KEY = env("SECRET_KEY", "django-insecure-inovasi-development-key-do-not-use")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
# Printed, and in the QR code, on every sealed agreement, followed by its code: permanent, as paper is. Empty means
# SITE_URL's /verify/ (docs/configuration.md).
VERIFY_URL = env("VERIFY_URL", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "axes",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    # The project's apps, from the bottom layer up (docs/architecture.md): each imports only those above it here.
    "core",
    "programmes",
    "participants",
    "innovations",
    "seminars",
    "closing",
    # After the seminar: it carries the innovation forward (its record, dossiers, replications, the follow-up) and
    # may read what the seminar left; the portal's home pages and dashboard read it.
    "impact",
    "portal",
    "api",
]

MIDDLEWARE = [
    "core.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.RequestSizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    # Innermost, so that its page gets the security headers of every other answer.
    "core.middleware.MethodNotAllowedPageMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "participants.context_processors.roles",
                "participants.context_processors.notifications",
                "core.context_processors.site_address",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Reusing connections matters on PostgreSQL: about 4x the throughput here.
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# One cache for every worker and every host, in the database they already share: rate limits and cached answers
# hold across the whole installation, with no server to add. `manage.py createcachetable` makes its table.
# Its counters (core/cache.py) are atomic, so a limit of 30 a minute is 30 for the whole installation.
CACHES = {"default": {"BACKEND": "core.cache.DatabaseCache", "LOCATION": "inovasi_cache"}}

# Behind reverse proxies (nginx, a load balancer) the client's address is read from X-Forwarded-For, trusting the
# last PROXY_COUNT entries only (core/client.py); without BEHIND_PROXY the header is ignored.
BEHIND_PROXY = env_bool("BEHIND_PROXY")
PROXY_COUNT = env_int("PROXY_COUNT", 1) if BEHIND_PROXY else 0
# Rate limits per client address (django-ratelimit, counted in the shared cache). Sign-in is limited before any
# password is hashed, generously, since a whole office may sign in from one address; the public verification
# of agreements is stricter.
RATELIMIT_IP_META_KEY = "core.client.limited_address"
SIGN_IN_RATE = env("SIGN_IN_RATE", "60/m")
VERIFY_RATE = env("VERIFY_RATE", "30/m")
PASSWORD_RESET_RATE = env("PASSWORD_RESET_RATE", "10/h")
# How many passwords the whole installation hashes at once (core/hashing.py): a sign-in flood from many addresses
# cannot take every CPU. About the number of cores the web processes have between them.
PASSWORD_HASHING_SLOTS = env_int("PASSWORD_HASHING_SLOTS", 4)
# The read API (docs/api.md): each token's calls, and every call from one address (tokens wrong or revoked too).
API_RATE = env("API_RATE", "120/m")
API_ADDRESS_RATE = env("API_ADDRESS_RATE", "300/m")

# Django REST framework: JSON only (no browsable pages), read-only, a token or nothing, paged.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.authentication.HasToken"],
    "DEFAULT_THROTTLE_CLASSES": ["api.authentication.TokenRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Inovasi API",
    "DESCRIPTION": "Read-only: an organisation's cohorts, participants, works, seminar results, final grades and "
    "certificates. Send Authorization: Bearer <token>; tokens are issued by the organisation's staff.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}

AUTH_USER_MODEL = "participants.User"
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "participants.backends.EmailOrNipBackend"]
# Five wrong passwords for one account from one address lock that pair for 15 minutes: a whole office behind one
# address is not locked out by one careless colleague, and a stranger elsewhere cannot lock the account's owner
# out. The account is the person, whether typed as e-mail or NIP (participants/backends.py). A password typed again
# to confirm a step (signing, changing it) is throttled by the same numbers, per account (participants/passwords.py).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# A signer who typed their password to sign is not asked for it again, within this session, for this long: a
# further signature is an explicit click on a button that names the document (participants/passwords.py).
PASSWORD_CONFIRMED_FOR = datetime.timedelta(minutes=env_int("PASSWORD_CONFIRMED_MINUTES", 10))
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "participants.backends.sign_in_identifier"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "core.client.client_address"
LOGIN_URL = "participants:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads and generated files stay on local disk (MEDIA_ROOT) unless a bucket is named: then any S3-compatible store
# (MinIO, Ceph, a cloud's object storage) holds them, so every web host and worker sees the same files.
MEDIA_BUCKET = env("MEDIA_BUCKET", "")
if MEDIA_BUCKET:
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_BUCKET,
            "endpoint_url": env("MEDIA_ENDPOINT_URL") or None,
            "region_name": env("MEDIA_REGION") or None,
            "access_key": env("MEDIA_ACCESS_KEY_ID") or None,
            "secret_key": env("MEDIA_SECRET_ACCESS_KEY") or None,
            # Private files: never a public ACL, never a presigned link handed out; views stream them.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploads (evidence, attachments) are private: they live outside STATIC_ROOT and
# are served only through views that check who may see them.
MEDIA_ROOT = Path(env("MEDIA_ROOT") or BASE_DIR / "media")
# Uploads bigger than this go to a temporary file rather than memory; forms set their own caps.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The largest request body read at all (core/middleware.py): signed-in people upload files of up to 10 MB;
# anonymous visitors send a sign-in or a sealed PDF to verify, and get far less.
MAX_REQUEST_BYTES = 12 * 1024 * 1024
MAX_ANONYMOUS_REQUEST_BYTES = 3 * 1024 * 1024

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Inovasi <inovasi@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Admin", address) for address in env_list("ADMINS")]

# Background work (mail, documents, archives, the sealed PDFs) goes through Django's task API. By default a task
# runs at once in the process that enqueued it, right after the commit: a laptop or `make run` needs no worker.
# Production sets TASKS_BACKEND=django_tasks_db.DatabaseBackend and runs `manage.py run_worker` beside the web
# processes; a larger installation can name any other backend of the API (a queue) here and nothing else changes.
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}
# How long a finished download stays on the "downloads" page, with its file, before housekeeping removes it.
DOWNLOAD_DAYS = env_int("DOWNLOAD_DAYS", 7)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Production defaults are the safe ones; a development machine sets DEBUG=1.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
