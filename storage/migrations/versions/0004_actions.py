"""The action ledger: action points and decisions of outcome cards, with owner, due date and
status, kept per partnership (or region group) through the four-year cycle.

Revision ID: 0004_actions
Revises: 0003_consent
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_actions"
down_revision: str | None = "0003_consent"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "action_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.Integer(), nullable=False),
        sa.Column("partnership_id", sa.Integer(), nullable=True),
        sa.Column("region_id", sa.Integer(), nullable=True),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("outcome_card_id", sa.Integer(), nullable=True),
        sa.Column("flow_id", sa.String(length=64), nullable=False),
        sa.Column("card_number", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner_member_id", sa.Integer(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('open', 'bezig', 'klaar', 'vervallen')", name=op.f("ck_action_items_status")
        ),
        sa.ForeignKeyConstraint(
            ["chat_id"],
            ["chats.id"],
            name=op.f("fk_action_items_chat_id_chats"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["partnerships.id"],
            name=op.f("fk_action_items_partnership_id_partnerships"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["regions.id"],
            name=op.f("fk_action_items_region_id_regions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["runs.id"], name=op.f("fk_action_items_run_id_runs"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["outcome_card_id"],
            ["outcome_cards.id"],
            name=op.f("fk_action_items_outcome_card_id_outcome_cards"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["owner_member_id"],
            ["members.id"],
            name=op.f("fk_action_items_owner_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_items")),
    )
    op.create_index(
        op.f("ix_action_items_partnership_id_status"),
        "action_items",
        ["partnership_id", "status"],
        unique=False,
    )
    op.create_index(
        op.f("ix_action_items_chat_id_status"), "action_items", ["chat_id", "status"], unique=False
    )
    op.create_table(
        "action_proposers",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["action_items.id"],
            name=op.f("fk_action_proposers_item_id_action_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_action_proposers_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("item_id", "member_id", name=op.f("pk_action_proposers")),
    )
    op.create_index(
        op.f("ix_action_proposers_member_id"), "action_proposers", ["member_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_action_proposers_member_id"), table_name="action_proposers")
    op.drop_table("action_proposers")
    op.drop_index(op.f("ix_action_items_chat_id_status"), table_name="action_items")
    op.drop_index(op.f("ix_action_items_partnership_id_status"), table_name="action_items")
    op.drop_table("action_items")
