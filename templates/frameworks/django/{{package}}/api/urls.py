"""The app's routes, under /api/ (the project's urls.py includes them)."""

from django.urls import path

from . import views

app_name = "api"
urlpatterns = [
    path("items", views.items, name="items"),
    path("items/<int:item_id>", views.item, name="item"),
    path("whoami", views.whoami, name="whoami"),
]
