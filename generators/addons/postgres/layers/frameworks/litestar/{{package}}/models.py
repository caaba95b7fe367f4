"""The items table: its migrations are in migrations/versions."""

from advanced_alchemy.base import IdentityBase
from sqlalchemy import Text
from sqlalchemy.orm import Mapped, mapped_column


class ItemModel(IdentityBase):
    """A row of `items`: `id` is an identity column (IdentityBase), numbered by PostgreSQL."""

    __tablename__ = "items"

    name: Mapped[str] = mapped_column(Text)
    price: Mapped[float]
