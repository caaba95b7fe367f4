from typing import Any

from django.db import models


class Item(models.Model):
    """An item of the catalogue. Change a field, then `python manage.py makemigrations api`."""

    name = models.TextField()
    price = models.FloatField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "price": self.price}
