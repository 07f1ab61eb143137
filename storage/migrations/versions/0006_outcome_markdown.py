"""An outcome card keeps its Markdown, made when the card is made, so a Markdown export joins
the cards' texts instead of rendering every answer again. `markdown_edition` says which
rendering it is (language and template fingerprint); cards stored before have none and are
rendered when exported.

Revision ID: 0006_outcome_markdown
Revises: 0005_outcome_data_jsonb
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_outcome_markdown"
down_revision: str | None = "0005_outcome_data_jsonb"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outcome_cards") as table:
        table.add_column(sa.Column("markdown", sa.Text(), nullable=True))
        table.add_column(sa.Column("markdown_edition", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outcome_cards") as table:
        table.drop_column("markdown_edition")
        table.drop_column("markdown")
