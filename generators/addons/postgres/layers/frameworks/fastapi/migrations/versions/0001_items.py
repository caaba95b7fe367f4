"""items: the catalogue, with its first three rows

Revision ID: 0001
Revises:
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    items = op.create_table(
        "items",
        sa.Column("id", sa.Integer(), sa.Identity(), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("price", sa.Float(), nullable=False),
    )
    # No ids: the identity numbers them 1, 2, 3, and the next insert gets 4.
    op.bulk_insert(
        items,
        [
            {"name": "keyboard", "price": 49.0},
            {"name": "mouse", "price": 19.5},
            {"name": "monitor", "price": 199.0},
        ],
    )


def downgrade() -> None:
    op.drop_table("items")
