"""WSGI entry point: `django_gunicorn.wsgi:application`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "django_gunicorn.settings")

application = get_wsgi_application()
