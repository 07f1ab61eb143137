"""The double's objects (users, chats, messages, files) and their Bot API JSON.

JSON uses the Bot API's own field names (``from``, not ``from_user``), unix-int dates and
UTF-16 entity offsets, so PTB's ``de_json`` builds the same objects it would from Telegram.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

__all__ = [
    "ApiCall",
    "Chat",
    "Message",
    "StoredFile",
    "User",
    "chat_member_json",
]


class ApiCall(NamedTuple):
    """One request the bot made: ``for method, params in api.calls``."""

    method: str
    params: dict[str, object]


@dataclass(eq=False)
class User:
    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    is_bot: bool = False
    language_code: str | None = None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}" if self.last_name else self.first_name

    def to_api(self) -> dict:
        data: dict = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        for name in ("last_name", "username", "language_code"):
            if (value := getattr(self, name)) is not None:
                data[name] = value
        return data


@dataclass(eq=False)
class StoredFile:
    """A file the bot uploaded (sendDocument/sendPhoto), kept so a test can open it."""

    file_id: str
    file_unique_id: str
    kind: str  # "document" | "photo"
    filename: str
    data: bytes
    mime_type: str
    chat_id: int = 0
    message_id: int = 0
    caption: str | None = None

    @property
    def file_path(self) -> str:
        return f"{self.kind}s/{self.file_unique_id}_{self.filename}"


@dataclass(eq=False)
class Chat:
    id: int
    type: str  # "private" | "group" | "supergroup"
    title: str | None = None
    is_forum: bool = False
    username: str | None = None
    private_user: User | None = None
    creator: User | None = None
    admins: list[User] = field(default_factory=list)
    # absent (never added: "chat not found") | member | administrator | left | kicked
    bot_status: str = "absent"
    blocked_by_user: bool = False
    privacy_mode: bool | None = None  # None: the double's default
    migrated_to: int | None = None
    topics: dict[int, str] = field(default_factory=dict)
    members: set[int] = field(default_factory=set)  # user ids known to be in the chat
    messages: dict[int, Message] = field(default_factory=dict)
    next_message_id: int = 1

    @property
    def is_group(self) -> bool:
        return self.type in ("group", "supergroup")

    @property
    def kind_name(self) -> str:
        """As Telegram words it in errors: 'group chat', 'supergroup chat'."""
        return f"{self.type} chat"

    def to_api(self) -> dict:
        data: dict = {"id": self.id, "type": self.type}
        if self.private_user is not None:
            data.update(
                {
                    k: v
                    for k, v in self.private_user.to_api().items()
                    if k in ("first_name", "last_name", "username")
                }
            )
        if self.title is not None:
            data["title"] = self.title
        if self.username is not None:
            data["username"] = self.username
        if self.is_forum:
            data["is_forum"] = True
        return data


@dataclass(eq=False)
class Message:
    chat: Chat
    message_id: int
    sender: User
    date: int
    text: str | None = None
    entities: list[dict] = field(default_factory=list)
    caption: str | None = None
    caption_entities: list[dict] = field(default_factory=list)
    sent_text: str | None = None  # the text/caption exactly as the bot sent it (e.g. HTML)
    parse_mode: str | None = None
    reply_markup: dict | None = None  # inline keyboard: shown on the message, echoed in JSON
    keyboard: dict | None = None  # ForceReply / reply keyboard: client-side, never echoed
    reply_to: Message | None = None  # an explicit reply
    thread_id: int | None = None
    is_topic_message: bool = False
    edit_date: int | None = None
    version: int = 0  # +1 on each edit of text, caption or markup
    history: list[str | None] = field(default_factory=list)  # texts before each edit
    reactions: list[str] = field(default_factory=list)  # emoji the bot set
    document: dict | None = None
    photo: list[dict] | None = None
    sticker: dict | None = None
    service: dict = field(default_factory=dict)  # new_chat_members, migrate_to_chat_id, …
    origin: dict = field(default_factory=dict)  # sender_chat, is_automatic_forward, external_reply
    options: dict = field(default_factory=dict)  # disable_notification, link_preview_options…
    pinned: bool = False
    deleted: bool = False
    seen_by_bot: bool = False  # an update with this message was queued for the bot

    @property
    def from_bot(self) -> bool:
        # Telegram's stand-in senders (GroupAnonymousBot, Channel_Bot) are bots too, but their
        # messages come with an `origin` and are never the bot under test's.
        return self.sender.is_bot and not self.origin

    @property
    def is_service(self) -> bool:
        return bool(self.service)

    @property
    def force_reply(self) -> bool:
        return bool(self.keyboard and self.keyboard.get("force_reply"))

    @property
    def buttons(self) -> list[dict]:
        if not self.reply_markup:
            return []
        return [button for row in self.reply_markup["inline_keyboard"] for button in row]

    @property
    def button_texts(self) -> list[str]:
        return [button["text"] for button in self.buttons]

    def find_button(self, text: str | None = None, callback_data: str | None = None) -> dict:
        for button in self.buttons:
            if (text is not None and button["text"] == text) or (
                callback_data is not None and button.get("callback_data") == callback_data
            ):
                return button
        wanted = repr(text) if text is not None else f"callback_data={callback_data!r}"
        raise LookupError(
            f"message {self.message_id} has no button {wanted}; buttons: {self.button_texts}"
        )

    def topic_root(self) -> Message | None:
        """In a forum topic Telegram sets reply_to_message to the topic's creation message."""
        if not (self.chat.is_forum and self.is_topic_message and self.thread_id):
            return None
        root = self.chat.messages.get(self.thread_id)
        return None if root is None or root is self else root

    def to_api(self, with_reply: bool = True) -> dict:
        data: dict = {
            "message_id": self.message_id,
            "from": self.sender.to_api(),
            "date": self.date,
            "chat": self.chat.to_api(),
        }
        if self.thread_id is not None:
            data["message_thread_id"] = self.thread_id
            if self.is_topic_message:
                data["is_topic_message"] = True
        replied = self.reply_to or self.topic_root()
        if with_reply and replied is not None:
            data["reply_to_message"] = replied.to_api(with_reply=False)
        if self.edit_date is not None:
            data["edit_date"] = self.edit_date
        if self.text is not None:
            data["text"] = self.text
            if self.entities:
                data["entities"] = self.entities
        for name in ("document", "photo", "sticker"):
            if (value := getattr(self, name)) is not None:
                data[name] = value
        if self.caption is not None:
            data["caption"] = self.caption
            if self.caption_entities:
                data["caption_entities"] = self.caption_entities
        if self.reply_markup is not None:
            data["reply_markup"] = self.reply_markup
        data.update(self.service)
        data.update(self.origin)
        return data


_ADMIN_RIGHTS = (
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
    "can_pin_messages",
    "can_manage_topics",
)


def chat_member_json(user: User, status: str) -> dict:
    """A ChatMember object of the given status, with the fields PTB requires for it."""
    data: dict = {"status": status, "user": user.to_api()}
    if status == "creator":
        data["is_anonymous"] = False
    elif status == "administrator":
        data.update({"can_be_edited": False, "is_anonymous": False})
        data.update({right: True for right in _ADMIN_RIGHTS})
        data["can_promote_members"] = False
    elif status == "kicked":
        data["until_date"] = 0
    return data
