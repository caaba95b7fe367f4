"""The items table and what the API reads and sends: SQLModel models, also its OpenAPI schemas."""

from pydantic import BaseModel
from sqlalchemy import Identity, Text
from sqlmodel import Field, SQLModel


class ItemBase(SQLModel):
    name: str = Field(sa_type=Text)
    price: float


class Item(ItemBase, table=True):
    """A row of `items`: its migrations are in migrations/versions."""

    __tablename__ = "items"

    id: int | None = Field(default=None, primary_key=True, sa_column_args=[Identity()])


class ItemCreate(ItemBase):
    """What POST /api/items reads."""


class ItemPublic(ItemBase):
    """What the API sends."""

    id: int


class Whoami(BaseModel):
    client: str | None
    scheme: str
    host: str | None


class Detail(BaseModel):
    """The body FastAPI sends with an HTTPException."""

    detail: str
