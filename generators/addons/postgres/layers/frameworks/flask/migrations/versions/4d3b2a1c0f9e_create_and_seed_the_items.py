"""create and seed the items

Revision ID: 4d3b2a1c0f9e
Revises:
Create Date: 2026-12-01 00:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "4d3b2a1c0f9e"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    items = op.create_table(
        "items",
        sa.Column("id", sa.Integer(), sa.Identity(), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("price", sa.Double(), nullable=False),
    )
    # Ids from the identity column, as the app's inserts take them: the next one gets 4.
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
