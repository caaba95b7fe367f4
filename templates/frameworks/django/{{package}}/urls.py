"""URL routes. /healthz is answered by middleware.health_check, ahead of host checks."""
from django.contrib import admin
from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="index"),
    path("api/items", views.items, name="items"),
    path("api/items/<int:item_id>", views.item, name="item"),
    path("api/whoami", views.whoami, name="whoami"),
    path("admin/", admin.site.urls),
]

handler404 = "{{package}}.views.not_found"
handler500 = "{{package}}.views.server_error"
