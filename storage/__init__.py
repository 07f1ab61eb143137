"""samenbot's database: typed models, repositories behind a unit of work, Alembic migrations.

Storage knows neither Telegram nor the flow engine; it keeps plain values.

    engine = create_engine(settings.database_url)
    await upgrade_database(engine)
    sessions = create_session_factory(engine)
    async with UnitOfWork(sessions) as uow:
        ...
        await uow.commit()
"""

from storage.database import create_engine, create_session_factory
from storage.migrate import current_revision, head_revision, upgrade_database
from storage.models import (
    ActionItem,
    ActionProposer,
    ActionStatus,
    Answer,
    AnswerMode,
    Base,
    Chat,
    ChatKind,
    ChatMember,
    FlowSnapshot,
    InboundUpdate,
    Lease,
    Member,
    OutboxMessage,
    OutboxStatus,
    OutcomeCard,
    Partnership,
    PeerReview,
    PeerReviewStatus,
    QuestionMessage,
    Region,
    Reminder,
    ReminderStatus,
    Run,
    RunMode,
    RunScope,
    RunStatus,
    Vote,
)
from storage.repositories import ACK_LANE, KeptMarkdown, NewRow, RunAlreadyActive, name_key
from storage.unit_of_work import UnitOfWork

__all__ = [
    "ACK_LANE",
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
    "KeptMarkdown",
    "Lease",
    "Member",
    "NewRow",
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
    "RunAlreadyActive",
    "RunMode",
    "RunScope",
    "RunStatus",
    "UnitOfWork",
    "Vote",
    "create_engine",
    "create_session_factory",
    "current_revision",
    "head_revision",
    "name_key",
    "upgrade_database",
]
