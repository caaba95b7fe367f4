"""The site's routes: the API app under /api/, and the admin. /healthz is answered by
middleware.health_check, ahead of host checks."""

from django.contrib import admin
from django.urls import include, path

from .api.views import index

urlpatterns = [
    path("", index, name="index"),
    path("api/", include("django_gunicorn.api.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "django_gunicorn.api.views.not_found"
handler500 = "django_gunicorn.api.views.server_error"
