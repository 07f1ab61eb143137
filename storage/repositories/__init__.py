"""One repository per aggregate; each takes the unit of work's `AsyncSession`."""

from storage.repositories.actions import ActionRepository
from storage.repositories.answers import AnswerRepository
from storage.repositories.chats import ChatRepository, name_key
from storage.repositories.flows import FlowSnapshotRepository
from storage.repositories.inbox import InboxRepository
from storage.repositories.leases import LeaseRepository
from storage.repositories.members import MemberRepository
from storage.repositories.outbox import ACK_LANE, NewRow, OutboxRepository
from storage.repositories.outcomes import KeptMarkdown, OutcomeRepository
from storage.repositories.peer_reviews import PeerReviewRepository
from storage.repositories.reminders import ReminderRepository
from storage.repositories.runs import RunAlreadyActive, RunRepository
from storage.repositories.votes import VoteRepository

__all__ = [
    "ACK_LANE",
    "ActionRepository",
    "AnswerRepository",
    "ChatRepository",
    "FlowSnapshotRepository",
    "InboxRepository",
    "KeptMarkdown",
    "LeaseRepository",
    "MemberRepository",
    "NewRow",
    "OutboxRepository",
    "OutcomeRepository",
    "PeerReviewRepository",
    "ReminderRepository",
    "RunAlreadyActive",
    "RunRepository",
    "VoteRepository",
    "name_key",
]
