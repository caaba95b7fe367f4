"""The JSON API, a Django app as `manage.py startapp` lays it out: /api/items and /api/whoami."""
