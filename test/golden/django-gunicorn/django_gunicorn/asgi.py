"""ASGI entry point: `django_gunicorn.asgi:application`."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "django_gunicorn.settings")

application = get_asgi_application()
