"""Typed settings from the environment (and `.env`), read once by the composition root."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

__all__ = ["Settings", "SettingsError", "load_settings"]

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"


class SettingsError(Exception):
    """One line naming the variable and what is wrong with it."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True)

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = DEFAULT_API_BASE_URL
    database_url: str = "sqlite+aiosqlite:///samenbot.db"
    bot_language: Literal["nl", "en"] = "nl"
    bot_timezone: str = "Europe/Amsterdam"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    flows_path: Annotated[list[Path], NoDecode] = Field(default_factory=list)
    peer_review_timeline: Path | None = None
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: SecretStr | None = None
    # Runs (with their answers, votes and outcome cards) older than this are removed; unset:
    # kept until a group or member asks.
    data_retention_days: int | None = Field(default=None, ge=1, le=36500)

    @field_validator("bot_language", "log_level", mode="before")
    @classmethod
    def _case_insensitive(cls, value: object, info) -> object:
        if not isinstance(value, str):
            return value
        return value.lower() if info.field_name == "bot_language" else value.upper()

    @field_validator("data_retention_days", mode="before")
    @classmethod
    def _unset_when_empty(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("flows_path", mode="before")
    @classmethod
    def _path_list(cls, value: object) -> object:
        if isinstance(value, str):
            return [Path(part) for part in value.split(":") if part.strip()]
        return value

    @field_validator("bot_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone '{value}'") from error
        return value

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("use sqlite+aiosqlite:///file.db or postgresql+asyncpg://…")
        return value

    @field_validator("telegram_api_base_url", "webhook_url", "llm_base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @property
    def timezone(self) -> ZoneInfo:
        return ZoneInfo(self.bot_timezone)

    @property
    def token(self) -> str:
        if self.telegram_bot_token is None or not self.telegram_bot_token.get_secret_value():
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN is not set: get one from @BotFather, "
                "or run `samenbot demo` to try the bot without one"
            )
        return self.telegram_bot_token.get_secret_value()


def load_settings(
    environ: Mapping[str, str] | None = None, env_file: str | None = ".env"
) -> Settings:
    """Read settings; `environ` replaces the process environment (tests inject a mapping)."""
    try:
        if environ is None:
            return Settings(_env_file=env_file)
        values = {key.lower(): value for key, value in environ.items()}
        known = {name for name in Settings.model_fields}
        return Settings(_env_file=None, **{k: v for k, v in values.items() if k in known})
    except ValidationError as error:
        first = error.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "settings"
        message = first["msg"].removeprefix("Value error, ")
        raise SettingsError(f"{name}: {message}") from None
