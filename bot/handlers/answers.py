"""Answers: replies to a question message, edits of them, and — where a chat opted in and the
bot can read everything — plain messages while a question is open.

Replies are the default because they work with Telegram's privacy mode on: a bot in a group
sees replies to its own messages, not the rest of the conversation. That also keeps side talk
in the group out of the outcome card.
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import Message, Update
from telegram.ext import Application, ContextTypes

from bot.conductor.places import Place
from bot.conductor.runs import Applied
from bot.handlers.common import chat_language, member_of, people_in_chats, place_of, reply
from bot.handlers.conversation import refusal_text
from bot.handlers.speakers import Speaker, speaker_of
from bot.runtime import Runtime, Services
from flows.engine import open_questions
from flows.events import AnswerEdited, AnswerGiven
from flows.run_state import Mode, RunState
from flows.schema import QuestionType
from storage import UnitOfWork

__all__ = ["AnswerHandlers", "ReplyBatch"]

QUIET_ON_EDIT = {"card_closed", "run_closed", "question_not_open"}


class AnswerHandlers:
    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    @property
    def services(self) -> Services:
        return self._runtime.services

    async def message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        edited = update.edited_message is not None
        services = self.services
        # A captioned photo answers with its caption: the text is what counts.
        text = message.text or message.caption
        if not text:
            async with services.unit_of_work() as uow:
                target = await self._question_for(uow, message)
                await uow.commit()
            if target is not None and not edited:
                t = await chat_language(services, message.chat_id)
                await reply(services, message, t("answer.text_only"))
            return
        kind = AnswerEdited if edited else AnswerGiven

        async def answer(uow: UnitOfWork) -> tuple[int, AnswerGiven | AnswerEdited] | None:
            target = await self._question_for(uow, message)
            if target is None:
                return None
            member = await member_of(uow, update.effective_chat, update.effective_user)
            run_id, question_id = target
            return run_id, kind(member, question_id, text, message.message_id)

        # Finding the question, the member and deciding: one unit of work.
        applied = await services.runs.handle_found(place_of(message), answer)
        await self._show(applied, message, edited)

    async def _show(self, applied: Applied | None, message: Message, edited: bool) -> None:
        if applied is None:
            return
        services = self.services
        refusal = applied.refused
        if refusal is not None and not (edited and refusal.reason in QUIET_ON_EDIT):
            t = await chat_language(services, message.chat_id)
            # While the bot lags, a member may send several answers to a closed card: one note.
            sender = message.from_user.id if message.from_user else message.chat_id
            key = f"refusal:{refusal.reason}:{sender}"
            await reply(services, message, refusal_text(applied, t), key=key)

    async def _question_for(self, uow: UnitOfWork, message: Message) -> tuple[int, str] | None:
        """(run, question) this message answers: the question it replies to, or in a chat that
        counts every message, the open question of the chat's live run."""
        replied = message.reply_to_message
        if replied is not None and replied.from_user and replied.from_user.is_bot:
            found = await self.services.runs.question_of_message(
                uow, message.chat_id, replied.message_id, replied.text
            )
            if found is not None:
                return found.run_id, found.question_id
        if message.text and message.text.startswith("/"):
            return None
        chat = await uow.chats.get(message.chat_id)
        if chat is None or chat.answer_mode != "all":
            return None
        place: Place = place_of(message)
        run = await uow.runs.active_in(chat.id, place.thread_id)
        if run is None:
            return None
        state = RunState.from_dict(run.state)
        if state.mode is Mode.ASYNC:
            return None  # several questions stand open: only a reply says which one is meant
        flow = await self.services.runs.flow_of(uow, run)
        written = [
            q
            for q in open_questions(flow, state)
            if q.type in (QuestionType.OPEN, QuestionType.LIST)
        ]
        return (run.id, written[0].id) if written else None


class ReplyBatch:
    """Replies that waited, in one chat or in many, taken together (`bot.intake.processor`).

    While the bot catches up — thirty members answering at once, or a hundred groups each
    answering — the chats' queues hold many plain replies to questions. Each would cost its
    own transaction; together they are found, decided and stored, with their 👍s and their
    updates' handling, in one, with one statement per kind of row. Only what
    python-telegram-bot would hand to `AnswerHandlers.message` anyway, and only the plainest
    case of it: a new text message from a person, replying to a bot message. Whatever the
    batch leaves (a reply to an older copy of a question, a refused answer) is handled one by
    one afterwards, as if it came alone.
    """

    def __init__(self, application: Application) -> None:
        self._application = application

    def accepts(self, update: Update) -> bool:
        message = update.message
        if message is None or not message.text or message.from_user is None:
            return False
        replied = message.reply_to_message
        if replied is None or replied.from_user is None or not replied.from_user.is_bot:
            return False
        if speaker_of(message) is not Speaker.PERSON:
            return False
        return self._answers_of(update) is not None

    async def handle(self, updates: Sequence[Update]) -> set[int]:
        """Take these replies (of one chat or several, each accepted); returns the updates
        taken."""
        services = self._answers_of(updates[0]).services
        async with services.unit_of_work() as uow:
            questions = await uow.runs.questions_for_messages(
                _replied(update) for update in updates
            )
            found = [
                (update, questions[_replied(update)])
                for update in updates
                if _replied(update) in questions
            ]
            if not found:
                return set()
            people = await people_in_chats(
                uow, ((update.message.chat, update.message.from_user) for update, _ in found)
            )
            answers = [
                (
                    update.update_id,
                    question.run_id,
                    AnswerGiven(
                        people[update.message.chat.id, update.message.from_user.id],
                        question.question_id,
                        update.message.text,
                        update.message.message_id,
                    ),
                )
                for update, question in found
            ]
            taken = await services.runs.take_answers(uow, answers)
            await uow.commit()
        services.runs.notify(uow.outbox.lanes_added)
        return taken

    def _answers_of(self, update: Update) -> AnswerHandlers | None:
        """The answer handlers, when python-telegram-bot would give them this update."""
        groups = self._application.handlers
        if list(groups) != [0]:
            return None
        chosen = next((h for h in groups[0] if h.check_update(update) not in (None, False)), None)
        callback = getattr(chosen, "callback", None)
        if getattr(callback, "__func__", None) is not AnswerHandlers.message:
            return None
        return callback.__self__


def _replied(update: Update) -> tuple[int, int]:
    """The bot message a reply answers: (chat, message id)."""
    return update.message.chat.id, update.message.reply_to_message.message_id
