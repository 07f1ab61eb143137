"""One chat as a test sees it: members act, the bot's messages are awaited.

    msg = await group.command(anna, "/gesprek visie-op-beroep")
    question = await group.next_bot_message()
    await group.reply(bram, question, "Onderzoekende houding")
    answer = await group.press(cees, question, "Volgende ▶")

Every action posts into the double's world and queues the update the bot would get (subject to
privacy mode); every wait re-checks on each change of the world and fails with the tail of the
transcript and the bot's last refused calls, so a stuck test says why.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from bot.sandbox.models import Chat, Message, StoredFile, User, chat_member_json
from bot.sandbox.transcript import render_message, render_transcript
from bot.sandbox.world import World

# The rights a ChatMemberRestricted carries (besides can_send_messages).
_RESTRICTABLE = (
    "can_send_audios",
    "can_send_documents",
    "can_send_photos",
    "can_send_videos",
    "can_send_video_notes",
    "can_send_voice_notes",
    "can_send_polls",
    "can_send_other_messages",
    "can_add_web_page_previews",
    "can_change_info",
    "can_invite_users",
    "can_pin_messages",
    "can_manage_topics",
    "can_edit_tag",
    "can_react_to_messages",
)

__all__ = ["ChatScenario"]

T = TypeVar("T")
_COMMANDS = re.compile(r"(?:(?<=\s)|^)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]+)?(?=\s|$)")
_TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def command_entities(text: str) -> list[dict]:
    """bot_command entities as Telegram's server marks them in a user's text."""
    return [
        {"type": "bot_command", "offset": _utf16(text[: m.start()]), "length": _utf16(m.group())}
        for m in _COMMANDS.finditer(text)
    ]


class ChatScenario:
    def __init__(self, world: World, chat: Chat, handles: dict[int, ChatScenario]) -> None:
        self.world = world
        self.chat = chat
        self._handles = handles
        self._consumed: set[int] = set()
        self._cursor = 0  # every bot message up to this id has been returned
        self._seen_versions: dict[int, int] = {}

    # -- what is in the chat --------------------------------------------------------------
    @property
    def id(self) -> int:
        return self.chat.id

    @property
    def transcript(self) -> list[Message]:
        return list(self.chat.messages.values())

    @property
    def messages_from_bot(self) -> list[Message]:
        return [m for m in self.transcript if m.from_bot and not m.is_service]

    @property
    def documents(self) -> list[StoredFile]:
        return self._files("document")

    @property
    def photos(self) -> list[StoredFile]:
        return self._files("photo")

    def _files(self, kind: str) -> list[StoredFile]:
        return [f for f in self.world.files.values() if f.kind == kind and f.chat_id == self.id]

    def message(self, message_id: int) -> Message:
        return self.chat.messages[message_id]

    def render_transcript(self, last: int | None = None, *, ids: bool = False) -> str:
        messages = self.transcript if last is None else self.transcript[-last:]
        return render_transcript(messages, ids=ids)

    # -- membership and settings ----------------------------------------------------------
    def set_admins(self, *users: User) -> None:
        self.chat.admins = list(users)
        self.chat.members.update(user.id for user in users)

    def set_privacy_mode(self, on: bool) -> None:
        """Per chat override of the bot's privacy mode (the double's default otherwise)."""
        self.chat.privacy_mode = on

    async def add_bot(self, by: User) -> Message:
        old = "left" if self.chat.bot_status == "absent" else self.chat.bot_status
        self.chat.bot_status = "member"
        self.world.my_chat_member(self.chat, by, old, "member")
        return await self._post(by, service={"new_chat_members": [self.world.bot.to_api()]})

    async def promote_bot(self, by: User) -> None:
        """Make the bot an admin: it then reads every message, privacy mode or not."""
        old, self.chat.bot_status = self.chat.bot_status, "administrator"
        self.world.my_chat_member(self.chat, by, old, "administrator")
        await self.world.changed_now()

    async def kick_bot(self, by: User) -> Message:
        old, self.chat.bot_status = self.chat.bot_status, "kicked"
        self.world.my_chat_member(self.chat, by, old, "kicked")
        return await self._post(by, service={"left_chat_member": self.world.bot.to_api()})

    async def restrict_bot(self, by: User, *, can_send_messages: bool = True) -> None:
        """An admin restricts the bot (e.g. no media, no links); it may or may not still send.

        The double keeps sending allowed or refused as a plain member or a kicked bot would.
        """
        old = self.chat.bot_status
        self.chat.bot_status = "member" if can_send_messages else "kicked"
        restricted = {
            "status": "restricted",
            "user": self.world.bot.to_api(),
            "is_member": True,
            "until_date": 0,
            **dict.fromkeys(_RESTRICTABLE, False),
            "can_send_messages": can_send_messages,
        }
        self.world.enqueue(
            "my_chat_member",
            {
                "chat": self.chat.to_api(),
                "from": by.to_api(),
                "date": self.world.now(),
                "old_chat_member": chat_member_json(self.world.bot, old),
                "new_chat_member": restricted,
            },
        )
        await self.world.changed_now()

    async def block_bot(self) -> None:
        """In a private chat: the user blocks the bot; sends then get 403."""
        if self.chat.private_user is None:
            raise ValueError("only a private chat's user can block the bot")
        self.chat.blocked_by_user = True
        self.world.my_chat_member(self.chat, self.chat.private_user, "member", "kicked")
        await self.world.changed_now()

    async def add_members(self, *users: User, by: User | None = None) -> Message:
        sender = by or users[0]
        self.chat.members.update(user.id for user in users)
        return await self._post(
            sender, service={"new_chat_members": [user.to_api() for user in users]}
        )

    async def leave(self, user: User) -> Message:
        self.chat.members.discard(user.id)
        return await self._post(user, service={"left_chat_member": user.to_api()})

    async def create_topic(self, by: User, name: str) -> int:
        if not self.chat.is_forum:
            raise ValueError(f"{self.chat.title!r} is not a forum supergroup")
        message = self.world.post(
            self.chat, by, service={"forum_topic_created": {"name": name, "icon_color": 7322096}}
        )
        message.thread_id, message.is_topic_message = message.message_id, True
        self.chat.topics[message.message_id] = name
        return (await self._publish(message)).message_id

    async def migrate_to_supergroup(self, by: User | None = None) -> ChatScenario:
        """Telegram's group → supergroup upgrade: new id, the old one answers with a 400."""
        if self.chat.type != "group":
            raise ValueError("only a basic group can be upgraded")
        actor = by or self.chat.creator or next(iter(self.chat.admins), None) or self.world.bot
        new = self.world.new_group(self.chat.title or "", supergroup=True)
        new.creator, new.admins = self.chat.creator, list(self.chat.admins)
        new.bot_status, new.privacy_mode = self.chat.bot_status, self.chat.privacy_mode
        new.members = set(self.chat.members)
        await self._post(actor, service={"migrate_to_chat_id": new.id})
        self.chat.migrated_to = new.id
        handle = ChatScenario(self.world, new, self._handles)
        self._handles[new.id] = handle
        await handle._post(actor, service={"migrate_from_chat_id": self.chat.id})
        return handle

    # -- members speak --------------------------------------------------------------------
    async def say(
        self,
        user: User,
        text: str,
        *,
        thread_id: int | None = None,
        reply_to: Message | None = None,
    ) -> Message:
        return await self._post(
            user, text=text, entities=command_entities(text), **self._where(thread_id, reply_to)
        )

    async def command(self, user: User, text: str, *, thread_id: int | None = None) -> Message:
        if not text.startswith("/"):
            raise ValueError(f"a command starts with '/': {text!r}")
        return await self.say(user, text, thread_id=thread_id)

    async def reply(self, user: User, to: Message, text: str) -> Message:
        return await self.say(user, text, reply_to=to)

    async def sticker(
        self,
        user: User,
        emoji: str = "👍",
        *,
        reply_to: Message | None = None,
        thread_id: int | None = None,
    ) -> Message:
        sticker = {
            "file_id": "CAACAgDoubleSticker",
            "file_unique_id": "AgADsticker",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return await self._post(user, sticker=sticker, **self._where(thread_id, reply_to))

    async def photo(
        self,
        user: User,
        *,
        caption: str | None = None,
        reply_to: Message | None = None,
        thread_id: int | None = None,
    ) -> Message:
        size = {
            "file_id": "AgACAgDoublePhoto",
            "file_unique_id": "AgADphoto",
            "width": 1,
            "height": 1,
            "file_size": len(_TINY_PNG),
        }
        return await self._post(
            user, photo=[size], caption=caption, **self._where(thread_id, reply_to)
        )

    async def edit(self, message: Message, text: str) -> Message:
        if message.from_bot:
            raise ValueError("members edit their own messages; the bot edits via the API")
        message.history.append(message.text)
        message.text, message.entities = text, command_entities(text)
        message.version += 1
        message.edit_date = self.world.now()
        self.world.deliver(message, edited=True)
        await self.world.changed_now()
        return message

    async def press(
        self,
        user: User,
        message: Message,
        text: str | None = None,
        *,
        callback_data: str | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109 - the transcript API takes a timeout
        wait_for_answer: bool = True,
    ) -> dict | None:
        """Press an inline button; returns the bot's answerCallbackQuery (text, show_alert)."""
        button = message.find_button(text, callback_data)
        if "callback_data" not in button:
            raise ValueError(f"button [{button['text']}] sends no callback: {button}")
        query_id = self.world.new_query_id()
        self.world.callback_answers[query_id] = None
        self.world.enqueue(
            "callback_query",
            {
                "id": query_id,
                "from": user.to_api(),
                "message": message.to_api(),
                "chat_instance": str(abs(self.id) * 7919),
                "data": button["callback_data"],
            },
        )
        await self.world.changed_now()
        if not wait_for_answer:
            return None
        return await self.wait_for(
            lambda: self.world.callback_answers[query_id],
            timeout,
            waiting_for=f"the bot to answer {user.first_name} pressing [{button['text']}]",
        )

    # -- messages not from a person --------------------------------------------------------
    # Telegram's own senders for these: GroupAnonymousBot for an admin posting as the group,
    # "Telegram" (777000) for a linked channel's automatic forward, Channel_Bot for a channel.
    ANONYMOUS_ADMIN_ID, TELEGRAM_ID, CHANNEL_BOT_ID = 1087968824, 777000, 136817688

    async def say_anonymously(
        self, text: str, *, reply_to: Message | None = None, thread_id: int | None = None
    ) -> Message:
        """An admin posting as the group itself (Telegram's "remain anonymous" right)."""
        sender = User(self.ANONYMOUS_ADMIN_ID, "Group", username="GroupAnonymousBot", is_bot=True)
        origin = {"sender_chat": self.chat.to_api()}
        return await self._post_from(sender, origin, text, reply_to, thread_id)

    async def automatic_forward(self, channel_title: str, text: str) -> Message:
        """A linked channel's post, forwarded by Telegram into its discussion group."""
        sender = User(self.TELEGRAM_ID, "Telegram")
        channel = {"id": -1_002_000_000_000 - self.TELEGRAM_ID, "type": "channel"}
        origin = {"sender_chat": {**channel, "title": channel_title}, "is_automatic_forward": True}
        return await self._post_from(sender, origin, text, None, None)

    async def say_as_channel(
        self, channel_title: str, text: str, *, reply_to: Message | None = None
    ) -> Message:
        """A member posting on behalf of a channel they own."""
        sender = User(self.CHANNEL_BOT_ID, "Channel", username="Channel_Bot", is_bot=True)
        channel = {"id": -1_002_000_000_001, "type": "channel", "title": channel_title}
        return await self._post_from(sender, {"sender_chat": channel}, text, reply_to, None)

    async def say_without_sender(self, text: str, *, reply_to: Message | None = None) -> Message:
        """A message whose `from` is absent and whose `sender_chat` is the group itself."""
        sender = User(self.ANONYMOUS_ADMIN_ID, "Group", username="GroupAnonymousBot", is_bot=True)
        origin = {"sender_chat": self.chat.to_api()}
        return await self._post_from(sender, origin, text, reply_to, None, without_from=True)

    async def reply_quoting(self, user: User, other: ChatScenario, quoted: Message, text: str):
        """A reply to a message of another chat (Telegram's `external_reply`)."""
        origin = {
            "external_reply": {
                "origin": {"type": "chat", "date": quoted.date, "sender_chat": other.chat.to_api()},
                "chat": other.chat.to_api(),
                "message_id": quoted.message_id,
            }
        }
        return await self._post_from(user, origin, text, None, None)

    async def _post_from(
        self,
        sender: User,
        origin: dict,
        text: str,
        reply_to: Message | None,
        thread_id: int | None,
        *,
        without_from: bool = False,
    ) -> Message:
        message = self.world.post(
            self.chat,
            sender,
            text=text,
            entities=command_entities(text),
            origin=origin,
            **self._where(thread_id, reply_to),
        )
        # Not `deliver()`: that skips bot senders (meant for the bot's own messages), and
        # Telegram's stand-in senders here are bots too.
        if self.world.bot_receives(message):
            payload = message.to_api()
            if without_from:
                del payload["from"]
            self.world.enqueue("message", payload)
            message.seen_by_bot = True
        await self.world.changed_now()
        return message

    # -- the bot's side -------------------------------------------------------------------
    async def next_bot_message(
        self,
        timeout: float = 5.0,  # noqa: ASYNC109 - the transcript API takes a timeout
        *,
        thread_id: int | None = None,
    ) -> Message:
        """The bot's oldest new message here not yet returned by this method (live object)."""

        def unread() -> Message | None:
            for message_id in range(self._cursor + 1, self.chat.next_message_id):
                m = self.chat.messages[message_id]
                if self._unread(m) and (thread_id is None or m.thread_id == thread_id):
                    return m
            return None

        where = f" in thread {thread_id}" if thread_id is not None else ""
        message = await self.wait_for(unread, timeout, waiting_for=f"a bot message{where}")
        self._mark_read([message])
        return message

    def unread_bot_messages(self) -> list[Message]:
        """Marks and returns every bot message next_bot_message has not returned yet."""
        fresh = [m for m in self.transcript[self._cursor :] if self._unread(m)]
        self._mark_read(fresh)
        return fresh

    def _unread(self, message: Message) -> bool:
        return (
            message.from_bot and not message.is_service and message.message_id not in self._consumed
        )

    def _mark_read(self, messages: list[Message]) -> None:
        self._consumed.update(m.message_id for m in messages)
        while self._cursor + 1 < self.chat.next_message_id and not self._unread(
            self.chat.messages[self._cursor + 1]
        ):
            self._cursor += 1

    async def next_edit(
        self,
        message: Message,
        timeout: float = 5.0,  # noqa: ASYNC109 - the transcript API takes a timeout
    ) -> Message:
        """Waits for an edit of ``message`` this method has not returned yet."""
        seen = self._seen_versions.get(message.message_id, 0)
        await self.wait_for(
            lambda: message.version > seen,
            timeout,
            waiting_for=f"an edit of message #{message.message_id}",
        )
        self._seen_versions[message.message_id] = message.version
        return message

    async def wait_for(
        self,
        predicate: Callable[[], T],
        timeout: float = 5.0,  # noqa: ASYNC109 - the transcript API takes a timeout
        *,
        waiting_for: str = "it",
    ) -> T:
        try:
            return await self.world.wait_for(predicate, timeout)
        except TimeoutError:
            raise TimeoutError(self._stuck(waiting_for, timeout)) from None

    def _stuck(self, waiting_for: str, timeout: float) -> str:
        lines = [
            f"Timed out after {timeout}s waiting for {waiting_for} "
            f"in {self.chat.type} {self.chat.title or self.id!r} ({self.id}).",
            "Transcript tail:",
            self.render_transcript(last=12, ids=True) or "  (no messages)",
        ]
        if self.world.call_errors:
            lines.append("Bot API calls the double refused (last 5):")
            lines += [
                f"  {call.method} {call.params} -> {reason}"
                for call, reason in self.world.call_errors[-5:]
            ]
        if self.world.updates:
            lines.append(f"{len(self.world.updates)} update(s) not yet confirmed by the bot.")
        return "\n".join(lines)

    # -- plumbing -------------------------------------------------------------------------
    def _where(self, thread_id: int | None, reply_to: Message | None) -> dict:
        if reply_to is not None:
            if reply_to.chat is not self.chat:
                raise ValueError("a reply must target a message of the same chat")
            thread_id = thread_id if thread_id is not None else reply_to.thread_id
            if thread_id is None and self.chat.type == "supergroup" and not self.chat.is_forum:
                thread_id = reply_to.message_id
        if thread_id is not None and self.chat.is_forum and thread_id not in self.chat.topics:
            raise ValueError(f"no topic {thread_id} in {self.chat.title!r}")
        return {
            "reply_to": reply_to,
            "thread_id": thread_id,
            "is_topic_message": self.chat.is_forum and thread_id is not None,
        }

    async def _post(self, sender: User, **fields: object) -> Message:
        if self.chat.migrated_to is not None:
            raise ValueError(f"{self.chat.title!r} was upgraded; use the new supergroup handle")
        return await self._publish(self.world.post(self.chat, sender, **fields))

    async def _publish(self, message: Message) -> Message:
        if not message.sender.is_bot:
            self.chat.members.add(message.sender.id)
        self.world.deliver(message)
        await self.world.changed_now()
        return message

    def __repr__(self) -> str:
        tail = render_message(self.transcript[-1]) if self.transcript else "(empty)"
        return f"<ChatScenario {self.chat.type} {self.chat.title!r} {self.id}: {tail}>"
