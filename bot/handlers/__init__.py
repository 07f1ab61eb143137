"""All update handlers, in the order PTB must try them."""

from __future__ import annotations

from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.handlers.actions import ActionCommands
from bot.handlers.answers import AnswerHandlers
from bot.handlers.buttons import ButtonHandlers
from bot.handlers.callback_data import parse_callback
from bot.handlers.chat_commands import HUGE_NUMBER, ChatCommands
from bot.handlers.comparison import ComparisonCommands
from bot.handlers.conversation import FACILITATOR_EVENTS, ConversationCommands
from bot.handlers.invites import BindingCommands
from bot.handlers.membership import MembershipHandlers
from bot.handlers.peer_review import PeerReviewCommands
from bot.handlers.speakers import NOT_A_MEMBER_SPEAKING, SpeakerGate
from bot.handlers.summaries import SummaryCommands
from bot.runtime import Runtime

__all__ = ["build_handlers"]


def build_handlers(runtime: Runtime) -> list[BaseHandler]:
    chat = ChatCommands(runtime)
    binding = BindingCommands(runtime)
    conversation = ConversationCommands(runtime)
    summaries = SummaryCommands(runtime)
    answers = AnswerHandlers(runtime)
    buttons = ButtonHandlers(runtime, conversation)
    membership = MembershipHandlers(runtime)
    peer_review = PeerReviewCommands(runtime)
    actions = ActionCommands(runtime)
    comparison = ComparisonCommands(runtime)
    commands = {
        ("start", "help", "hulp"): chat.help,
        ("koppel", "bind"): binding.bind,
        ("uitnodigen", "invite"): binding.invite,
        ("taal", "language"): chat.language,
        ("instellingen", "settings"): chat.settings,
        ("mijngegevens", "mydata"): chat.my_data,
        ("vergeetmij", "forgetme"): chat.forget_me,
        ("kaarten", "cards"): conversation.list_cards,
        ("gesprek", "conversation"): conversation.start_conversation,
        ("status",): conversation.status,
        tuple(FACILITATOR_EVENTS): conversation.steer,
        ("samenvatting", "summary"): summaries.summary,
        ("export",): summaries.export,
        ("acties", "actions"): actions.actions,
        ("vergelijk", "compare"): comparison.compare,
        ("peerreview",): peer_review.peer_review,
        ("herinneringen", "reminders"): peer_review.reminders,
    }
    handlers: list[BaseHandler] = [
        ChatMemberHandler(membership.bot_membership, ChatMemberHandler.MY_CHAT_MEMBER),
        MessageHandler(filters.StatusUpdate.MIGRATE, membership.migration),
        MessageHandler(filters.StatusUpdate.NEW_CHAT_MEMBERS, membership.members_joined),
        # Before every command and answer: anonymous admins, channels, automatic forwards.
        MessageHandler(NOT_A_MEMBER_SPEAKING, SpeakerGate(runtime).hold_back),
        # A number no command argument can mean, before any command reads it.
        MessageHandler(filters.COMMAND & HUGE_NUMBER, chat.refuse_number),
        # The ledger's buttons parse their own data strictly (bot/handlers/actions.py).
        CallbackQueryHandler(actions.press, pattern=r"^act:"),
        # Callback data the bot never made: answered here, so no handler meets it.
        CallbackQueryHandler(chat.refuse_button, pattern=lambda data: parse_callback(data) is None),
        CallbackQueryHandler(chat.forget_pressed, pattern=r"^forget:"),
    ]
    only_new = filters.UpdateType.MESSAGE
    handlers += [
        CommandHandler(list(names), callback, filters=only_new)
        for names, callback in commands.items()
    ]
    handlers += [
        MessageHandler(filters.COMMAND & only_new, chat.unknown),
        CallbackQueryHandler(summaries.archived, pattern=r"^sum:"),
        CallbackQueryHandler(buttons.press),
        MessageHandler(
            (filters.UpdateType.MESSAGE | filters.UpdateType.EDITED_MESSAGE)
            & ~filters.StatusUpdate.ALL
            & ~filters.ChatType.CHANNEL,
            answers.message,
        ),
    ]
    return handlers
