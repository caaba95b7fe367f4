"""Django settings, read from the environment (twelve-factor): see .env.example. create-pyweb
wrote a .env with a fresh secret key beside it, which compose reads; it is not committed.

Production is the default. DJANGO_DEBUG=1 is for a developer's machine only.
"""

import os
from pathlib import Path
{{#if database}}
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit
{{/if}}

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string, e.g. the output of "
            '`python -c "import secrets; print(secrets.token_urlsafe(50))"`, '
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-development-only"
# Old keys still accepted for signatures while sessions and tokens roll over to the new one.
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")
# Origins with their scheme (https://example.com): needed for unsafe requests behind a proxy.
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Behind a reverse proxy that terminates TLS. Django trusts these headers from any peer:
# the proxy must set them, and the app must not be reachable around the proxy.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Off: the proxy passes the client's Host on (nginx: Host $http_host), while X-Forwarded-Host is
# often $host, without the port, which breaks CSRF origin checks and absolute URLs. Turn it on
# only behind a proxy that rewrites Host.
USE_X_FORWARDED_HOST = env_bool("DJANGO_USE_X_FORWARDED_HOST", False)

# HTTPS hardening, on unless DEBUG. Turn the redirect off when the proxy already redirects or
# when the stack serves plain HTTP (a local compose); /healthz never redirects.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# HSTS, sent over HTTPS only. Browsers remember it for max-age seconds and then refuse plain
# HTTP to this host: start at an hour, raise it to a year once HTTPS is known to work, and opt in
# to subdomains and the preload list only when they all serve HTTPS (README: "HTTPS and HSTS").
# Until then `check --deploy` warns about those two: the reminder is meant.
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "3600"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "{{package}}.api",
]

MIDDLEWARE = [
    "{{package}}.middleware.health_check",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "{{package}}.urls"
WSGI_APPLICATION = "{{package}}.wsgi.application"
ASGI_APPLICATION = "{{package}}.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

{{#if database}}

def database_from_url(url: str) -> dict[str, Any]:
    """A DATABASES entry from `postgresql://user:password@host:port/name?sslmode=require`: the
    query's parameters are libpq's (sslmode, host=/a/socket/dir, ...)."""
    parts = urlsplit(url)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.removeprefix("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "OPTIONS": dict(parse_qsl(parts.query)),
    }


# The items and the admin's tables live in PostgreSQL (`python manage.py migrate`). Unset, the
# app still starts (the dummy backend), and /readyz answers 503 with the reason.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
{{#if database.async}}
# Connections each worker process keeps: requests that reach the database at once (sync views
# run in a thread each under ASGI); more wait for one, for the pool's timeout at most.
DATABASE_POOL_SIZE = int(os.environ.get("DATABASE_POOL_SIZE", "{{database.poolSize}}"))
{{else}}
# Connections each worker process keeps: one per server thread (WSGI_THREADS).
DATABASE_POOL_SIZE = int(os.environ.get("DATABASE_POOL_SIZE", os.environ.get("WSGI_THREADS", "{{database.poolSize}}")))
{{/if}}
DATABASES: dict[str, dict[str, Any]] = {"default": {}}
if DATABASE_URL:
    default = database_from_url(DATABASE_URL)
    default["OPTIONS"] = {
        # Seconds to wait for the server: an outage fails a request, and /readyz, quickly.
        "connect_timeout": 3,
        **default["OPTIONS"],
        # psycopg's pool rather than persistent connections (CONN_MAX_AGE): Django's docs advise
        # against those under ASGI, and the pool serves WSGI threads alike. It opens on the first
        # query, not at start-up, and waits `timeout` seconds at most for a free connection.
        "pool": {"min_size": DATABASE_POOL_SIZE, "max_size": DATABASE_POOL_SIZE, "timeout": 3},
    }
    # The pool checks a connection before lending it: one the server dropped is replaced.
    default["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"] = default
{{else}}
# The routes need no database; the admin does (`python manage.py migrate`).
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("DJANGO_DB_PATH", str(BASE_DIR / "db.sqlite3")),
    }
}
{{/if}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# `collectstatic` gathers files into STATIC_ROOT (before the server starts: see the README);
# WhiteNoise serves them with far-future caching under hashed names, compressed.
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Everything to stdout: the container runtime collects it.
LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    # Replaces Django's default handlers (console in DEBUG, mail_admins): the root has stdout.
    "loggers": {"django": {"handlers": [], "level": LOG_LEVEL, "propagate": True}},
}
