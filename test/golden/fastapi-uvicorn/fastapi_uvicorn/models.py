"""What the API sends: pydantic models, which are also its OpenAPI schemas."""

from pydantic import BaseModel, ConfigDict


class Item(BaseModel):
    # Read by attribute, so a catalogue dataclass or an ORM row converts as it is.
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    price: float


class Whoami(BaseModel):
    client: str | None
    scheme: str
    host: str | None


class Detail(BaseModel):
    """The body FastAPI sends with an HTTPException."""

    detail: str
