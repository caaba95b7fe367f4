"""The site's routes: the API app under /api/, and the admin. /healthz is answered by
middleware.health_check, ahead of host checks."""

from django.contrib import admin
from django.urls import include, path

from .api.views import index

urlpatterns = [
    path("", index, name="index"),
    path("api/", include("{{package}}.api.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "{{package}}.api.views.not_found"
handler500 = "{{package}}.api.views.server_error"
