/**
 * A found Django project whose settings are startproject's (DEBUG on, the key in the file):
 * production runs a settings module of ours beside theirs, which imports theirs and takes what
 * production must decide from the environment. Their settings.py is never edited: the module is
 * undone by deleting it and the DJANGO_SETTINGS_MODULE line that names it.
 */

export interface DjangoProduction {
  /** The module the image names in DJANGO_SETTINGS_MODULE: mysite.settings_production */
  module: string;
  /** Its file, from the project root. */
  path: string;
}

/** Where the production module goes: beside the settings module it imports. */
export function productionModuleFor(settings: string, importRoot: string): DjangoProduction {
  const parts = settings.split('.');
  const leaf = parts.pop()!;
  const module = [...parts, `${leaf}_production`].join('.');
  const path = `${importRoot ? `${importRoot}/` : ''}${module.split('.').join('/')}.py`;
  return { module, path };
}

/** The production settings module's text. `health` is the probes' path, never redirected to HTTPS. */
export function productionSettings(settings: string, health: string): string {
  const parts = settings.split('.');
  const leaf = parts.at(-1)!;
  const source = parts.length > 1 ? `.${leaf}` : leaf;
  const healthRe = `^${health.replace(/^\/+|\/+$/g, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/?$`;
  return `"""Production settings, written by create-pyweb add: ${settings} as you wrote it, with what
production must decide taken from the environment (see .env.example). ${settings} is not
changed; the image selects this module with DJANGO_SETTINGS_MODULE.

To undo: delete this file and the DJANGO_SETTINGS_MODULE line in the Dockerfile.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from ${source} import *  # noqa: F403
from ${source} import BASE_DIR, DATABASES, MIDDLEWARE


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
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. Set it to a long random string, e.g. the output of "
        '\`python -c "import secrets; print(secrets.token_urlsafe(50))"\`.'
    )
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS")

# DJANGO_POD_IP: Kubernetes' probes ask for the health check with the pod's IP as Host.
ALLOWED_HOSTS = [*env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1"), *env_list("DJANGO_POD_IP")]
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto: the app must not be
# reachable around it.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = env_bool("DJANGO_USE_X_FORWARDED_HOST", False)

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# The health check answers over plain HTTP: the image's HEALTHCHECK and the probes ask for it so.
SECURE_REDIRECT_EXEMPT = [r"${healthRe}"]
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "3600"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)

# collectstatic gathers the static files (the admin's too) here when the image is built, and
# WhiteNoise serves them from the app: no web server has to share the folder.
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
if "whitenoise.middleware.WhiteNoiseMiddleware" not in MIDDLEWARE:
    _at = (
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1
        if "django.middleware.security.SecurityMiddleware" in MIDDLEWARE
        else 0
    )
    MIDDLEWARE = [*MIDDLEWARE[:_at], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[_at:]]

# SQLite where the image's user may write it (DJANGO_DB_PATH); another database is left as set.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and os.environ.get(
    "DJANGO_DB_PATH"
):
    DATABASES = {**DATABASES, "default": {**DATABASES["default"], "NAME": os.environ["DJANGO_DB_PATH"]}}

# Logs to stdout, where the container runtime collects them, unless the settings say otherwise.
if "LOGGING" not in globals():
    LOGGING = {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"}},
        "root": {"handlers": ["stdout"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO").upper()},
    }
`;
}
