"""The api app's migrations. After changing models.py: `python manage.py makemigrations api`."""
