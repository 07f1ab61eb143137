"""`samenbot run` — long polling, or `--webhook` behind HTTPS with a secret token."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.app import build_application
from bot.cli.startup import check_database_location, explain
from bot.lifecycle import serve
from bot.logging_setup import Redactor, configure_logging
from bot.runtime import Runtime
from bot.settings import SettingsError, load_settings
from flows.catalog import InvalidFlows, load_catalog
from flows.peer_review import TimelineError, load_timeline

__all__ = ["run"]

STARTUP_FAILED = 2


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    token = settings.token
    api_key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    secrets = (token, api_key, _secret(settings.webhook_secret), _password(settings.database_url))
    configure_logging(settings.log_level, secrets=secrets)
    redact = Redactor(secrets)
    try:
        catalog = load_catalog(settings.flows_path)
        load_timeline(settings.peer_review_timeline)
    except InvalidFlows as error:
        print(f"samenbot: the flows are not valid, not starting:\n{error}", file=sys.stderr)
        return 1
    except TimelineError as error:
        print(
            f"samenbot: PEER_REVIEW_TIMELINE is not valid, not starting:\n{error}", file=sys.stderr
        )
        return 1
    if args.webhook and (not settings.webhook_url or settings.webhook_secret is None):
        raise SettingsError("WEBHOOK_URL and WEBHOOK_SECRET are needed for --webhook")
    runtime = Runtime(settings)
    try:
        check_database_location(settings.database_url)
        application = build_application(runtime, catalog=catalog)
        asyncio.run(serve(application, runtime, webhook=args.webhook))
    except Exception as error:
        reason = explain(
            error,
            api_base_url=settings.telegram_api_base_url,
            database_url=settings.database_url,
        )
        if reason is None:
            raise
        logging.getLogger(__name__).debug("start-up failed", exc_info=True)
        print(redact(f"samenbot: {reason}"), file=sys.stderr)
        return STARTUP_FAILED
    return 0


def _secret(value) -> str | None:
    return value.get_secret_value() if value is not None else None


def _password(database_url: str) -> str | None:
    try:
        return make_url(database_url).password
    except ArgumentError:
        return None
