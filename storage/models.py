"""The tables of samenbot, as SQLAlchemy 2 typed models.

Storage holds plain values only: Telegram ids as integers, flow and question ids as strings, the
engine's run state and outcome data as JSON. What those values mean is decided in `flows/`.

`migrations/versions/` mirrors this module by hand; `tests/storage/test_migrations.py` proves
that the two agree, so change both together.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

__all__ = [
    "ActionItem",
    "ActionProposer",
    "ActionStatus",
    "Answer",
    "AnswerMode",
    "Base",
    "Chat",
    "ChatKind",
    "ChatMember",
    "FlowSnapshot",
    "InboundUpdate",
    "Invite",
    "Member",
    "OutboxMessage",
    "OutboxStatus",
    "OutcomeCard",
    "Partnership",
    "PeerReview",
    "PeerReviewStatus",
    "QuestionMessage",
    "Region",
    "Reminder",
    "ReminderStatus",
    "Run",
    "RunMode",
    "RunScope",
    "RunStatus",
    "UTCDateTime",
    "Vote",
    "utcnow",
]

# Deterministic constraint names, so that Alembic migrations name what the models name.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# A Telegram message outside a forum topic has no thread id; this key stands in for it where a
# NULL would make a unique index useless (NULLs never collide).
NO_THREAD = 0


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every dialect.

    PostgreSQL keeps the offset; SQLite stores text without it and would hand back naive values.
    Naive values are refused on the way in, so a local time can never pass as UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pass a timezone-aware UTC value")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime()}


def _one_of(column: str, values: type[StrEnum], name: str) -> CheckConstraint:
    allowed = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=name)


class ChatKind(StrEnum):
    UNBOUND = "unbound"
    PARTNERSHIP = "partnership"
    REGION = "region"


class AnswerMode(StrEnum):
    REPLY = "reply"
    ALL = "all"


class RunScope(StrEnum):
    PARTNERSHIP = "partnership"
    REGION = "region"


class RunStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    FINISHED = "finished"
    STOPPED = "stopped"


OPEN_RUN_STATUSES = (RunStatus.ACTIVE, RunStatus.PAUSED)


class RunMode(StrEnum):
    LIVE = "live"
    ASYNC = "async"


class PeerReviewStatus(StrEnum):
    PLANNED = "planned"
    CANCELLED = "cancelled"
    COMPLETED = "completed"


class ReminderStatus(StrEnum):
    PENDING = "pending"
    CLAIMED = "claimed"
    SENT = "sent"
    LATE_SENT = "late_sent"
    UNDELIVERABLE = "undeliverable"
    CANCELLED = "cancelled"


class ActionStatus(StrEnum):
    OPEN = "open"
    BEZIG = "bezig"
    KLAAR = "klaar"
    VERVALLEN = "vervallen"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class Region(Base):
    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Partnership(Base):
    __tablename__ = "partnerships"
    __table_args__ = (UniqueConstraint("region_id", "name_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"))
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    region: Mapped[Region] = relationship(lazy="joined")


class Chat(Base):
    __tablename__ = "chats"
    __table_args__ = (
        _one_of("kind", ChatKind, "kind"),
        _one_of("answer_mode", AnswerMode, "answer_mode"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_chat_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    title: Mapped[str] = mapped_column(String(255), default="")
    kind: Mapped[str] = mapped_column(String(16), default=ChatKind.UNBOUND)
    partnership_id: Mapped[int | None] = mapped_column(
        ForeignKey("partnerships.id", ondelete="SET NULL")
    )
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id", ondelete="SET NULL"))
    language: Mapped[str | None] = mapped_column(String(8))
    answer_mode: Mapped[str] = mapped_column(String(8), default=AnswerMode.REPLY)
    active: Mapped[bool] = mapped_column(default=True)
    migrated_from_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Member(Base):
    __tablename__ = "members"

    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    first_name: Mapped[str] = mapped_column(String(255))
    last_name: Mapped[str | None] = mapped_column(String(255))
    username: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ChatMember(Base):
    """Who has been seen in which chat: the people a reminder may nudge."""

    __tablename__ = "chat_members"

    chat_id: Mapped[int] = mapped_column(
        ForeignKey("chats.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class Run(Base):
    __tablename__ = "runs"
    __table_args__ = (
        _one_of("scope", RunScope, "scope"),
        _one_of("status", RunStatus, "status"),
        _one_of("mode", RunMode, "mode"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    message_thread_id: Mapped[int | None] = mapped_column(BigInteger)
    thread_key: Mapped[int] = mapped_column(BigInteger, default=NO_THREAD)
    flow_id: Mapped[str] = mapped_column(String(64))
    flow_version: Mapped[int] = mapped_column(Integer)
    flow_hash: Mapped[str] = mapped_column(String(128))
    scope: Mapped[str] = mapped_column(String(16))
    partnership_id: Mapped[int | None] = mapped_column(
        ForeignKey("partnerships.id", ondelete="SET NULL")
    )
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default=RunStatus.ACTIVE)
    mode: Mapped[str] = mapped_column(String(8), default=RunMode.LIVE)
    pace_days: Mapped[int | None] = mapped_column(Integer)
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer, default=1)
    started_by_member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL")
    )
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]


# One open run per chat and topic. The repository checks first and says so politely; this
# partial index settles the race between two facilitators starting at the same moment.
_open_run = Run.status.in_([str(status) for status in OPEN_RUN_STATUSES])
Index(
    "uq_runs_open_per_thread",
    Run.chat_id,
    Run.thread_key,
    unique=True,
    sqlite_where=_open_run,
    postgresql_where=_open_run,
)


class QuestionMessage(Base):
    """A posted question: a reply to this message is an answer to that question."""

    __tablename__ = "question_messages"
    __table_args__ = (UniqueConstraint("telegram_chat_id", "message_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    telegram_chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int] = mapped_column(BigInteger)
    card_number: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[str] = mapped_column(String(64))
    posted_at: Mapped[datetime] = mapped_column(default=utcnow)


class Answer(Base):
    """One answer message; an edit of the message changes the row, never adds one."""

    __tablename__ = "answers"
    __table_args__ = (
        UniqueConstraint("telegram_chat_id", "message_id"),
        Index(None, "run_id", "card_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    card_number: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[str] = mapped_column(String(64))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    telegram_chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]

    member: Mapped[Member] = relationship(lazy="joined")


class Vote(Base):
    """A member's choice or rating; casting again changes it."""

    __tablename__ = "votes"
    __table_args__ = (UniqueConstraint("run_id", "question_id", "item_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    card_number: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[str] = mapped_column(String(64))
    item_id: Mapped[str] = mapped_column(String(64), default="")
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    member: Mapped[Member] = relationship(lazy="joined")


class OutcomeCard(Base):
    __tablename__ = "outcome_cards"
    __table_args__ = (
        UniqueConstraint("run_id", "card_number"),
        Index(None, "chat_id", "flow_id", "card_number"),
        Index(None, "partnership_id", "flow_id", "card_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"))
    partnership_id: Mapped[int | None] = mapped_column(
        ForeignKey("partnerships.id", ondelete="SET NULL")
    )
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id", ondelete="SET NULL"))
    flow_id: Mapped[str] = mapped_column(String(64))
    card_number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(255))
    # jsonb on PostgreSQL: one field is read without parsing the whole card (migration 0005).
    data: Mapped[dict[str, Any]] = mapped_column(
        JSON().with_variant(JSONB(), "postgresql"), default=dict
    )
    text: Mapped[str] = mapped_column(Text)
    # The card as it stands in its run's Markdown export, and which rendering that is
    # (bot/rendering/documents.py): made with the card, so an export need not render it.
    markdown: Mapped[str | None] = mapped_column(Text)
    markdown_edition: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # None until the card was posted in its chat: a card stored just before a crash is posted
    # when the bot starts again.
    posted_at: Mapped[datetime | None]

    partnership: Mapped[Partnership | None] = relationship(lazy="joined")


class PeerReview(Base):
    __tablename__ = "peer_reviews"
    __table_args__ = (_one_of("status", PeerReviewStatus, "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    partnership_id: Mapped[int | None] = mapped_column(
        ForeignKey("partnerships.id", ondelete="SET NULL")
    )
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id", ondelete="SET NULL"))
    visit_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default=PeerReviewStatus.PLANNED)
    cycle: Mapped[int] = mapped_column(Integer, default=1)
    created_by_member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Reminder(Base):
    """A message due at a moment; stored so that it survives restarts and is sent once."""

    __tablename__ = "reminders"
    __table_args__ = (
        _one_of("status", ReminderStatus, "status"),
        Index(None, "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    message_thread_id: Mapped[int | None] = mapped_column(BigInteger)
    peer_review_id: Mapped[int | None] = mapped_column(
        ForeignKey("peer_reviews.id", ondelete="CASCADE"), index=True
    )
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("runs.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(64))
    due_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16), default=ReminderStatus.PENDING)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    claimed_by: Mapped[str | None] = mapped_column(String(128))
    claimed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)


class FlowSnapshot(Base):
    """A flow as it was when a run started, keyed by its content hash.

    Editing a YAML file later must never break an older run or its summary.
    """

    __tablename__ = "flow_snapshots"

    content_hash: Mapped[str] = mapped_column(String(128), primary_key=True)
    flow_id: Mapped[str] = mapped_column(String(64))
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OutboxMessage(Base):
    """Something the bot decided to show in a chat, stored with the decision that caused it.

    The sender delivers each row once, in order per chat and lane: `post` for messages (a
    question never overtakes its card's intro), `side` for reactions and tally edits, which
    must never hold a question up. `key` coalesces rows that show the latest state (a tally).
    """

    __tablename__ = "outbox"
    __table_args__ = (
        _one_of("status", OutboxStatus, "status"),
        Index(None, "status", "chat_id", "lane", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    message_thread_id: Mapped[int | None] = mapped_column(BigInteger)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    lane: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(16))
    key: Mapped[str | None] = mapped_column(String(128))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    # When the courier started on a row that shows the latest state (a tally): later changes
    # need a row of their own.
    taken_at: Mapped[datetime | None]
    # Telegram message ids of the parts delivered so far: a long message resumes where a
    # failure stopped it, and a question's copies are all known.
    message_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    last_error: Mapped[str | None] = mapped_column(Text)


class InboundUpdate(Base):
    """An update taken from Telegram, kept before its offset is confirmed (or before a webhook
    is answered), so that a crash never loses it; `handled_at` is set once it took effect."""

    __tablename__ = "inbound_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column(index=True)


class Invite(Base):
    """A one-time code with which another group joins a partnership or region.

    Only a hash of the code is kept: the code itself is shown once, in the inviting group.
    """

    __tablename__ = "invites"
    __table_args__ = (_one_of("kind", RunScope, "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    partnership_id: Mapped[int | None] = mapped_column(
        ForeignKey("partnerships.id", ondelete="CASCADE")
    )
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"))
    issued_by_chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"))
    issued_by_member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    used_by_chat_id: Mapped[int | None] = mapped_column(ForeignKey("chats.id", ondelete="SET NULL"))


class Lease(Base):
    """Who does a piece of work that must be done by one instance at a time (a chat's
    updates, a chat's outbox lane), until when. With several instances on PostgreSQL, this is
    what keeps a chat's conversation in order; an instance that died loses its leases when
    they run out."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(128), primary_key=True)
    holder: Mapped[str] = mapped_column(String(128))
    until: Mapped[datetime]


class ActionItem(Base):
    """An action point or decision of an outcome card, kept in the partnership's (or region
    group's) ledger beyond the run: an owner, a due date, a status. It outlives its run and
    card (the links are set to NULL), so a retention clean-up never loses what was agreed."""

    __tablename__ = "action_items"
    __table_args__ = (
        _one_of("status", ActionStatus, "status"),
        Index(None, "partnership_id", "status"),
        Index(None, "chat_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"))
    partnership_id: Mapped[int | None] = mapped_column(
        ForeignKey("partnerships.id", ondelete="SET NULL")
    )
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id", ondelete="SET NULL"))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"))
    outcome_card_id: Mapped[int | None] = mapped_column(
        ForeignKey("outcome_cards.id", ondelete="SET NULL")
    )
    flow_id: Mapped[str] = mapped_column(String(64))
    card_number: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    owner_member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL")
    )
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default=ActionStatus.OPEN)
    # The outcome cards that named this item (a near-duplicate of a later card is merged here).
    sources: Mapped[list[int]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]

    owner: Mapped[Member | None] = relationship(lazy="joined")


class ActionProposer(Base):
    """Who proposed an item: every member whose words were merged into it."""

    __tablename__ = "action_proposers"

    item_id: Mapped[int] = mapped_column(
        ForeignKey("action_items.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    member: Mapped[Member] = relationship(lazy="joined")
