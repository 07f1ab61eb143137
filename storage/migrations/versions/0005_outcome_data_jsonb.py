"""On PostgreSQL an outcome card's data is `jsonb`: reading one field of it (who took part, for
`/samenvatting`'s archive) no longer parses the whole card. SQLite is unchanged.

Revision ID: 0005_outcome_data_jsonb
Revises: 0004_actions
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005_outcome_data_jsonb"
down_revision: str | None = "0004_actions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    _data_as(postgresql.JSONB(), was=sa.JSON(), cast="jsonb")


def downgrade() -> None:
    _data_as(sa.JSON(), was=postgresql.JSONB(), cast="json")


def _data_as(type_: sa.types.TypeEngine, *, was: sa.types.TypeEngine, cast: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column(
            "outcome_cards",
            "data",
            type_=type_,
            existing_type=was,
            postgresql_using=f"data::{cast}",
        )
