"""`samenbot run` — long polling, or `--webhook` behind HTTPS with a secret token."""

from __future__ import annotations

import argparse
import sys

from telegram import Update

from bot.app import build_application
from bot.logging_setup import configure_logging
from bot.runtime import Runtime
from bot.settings import SettingsError, load_settings
from flows.catalog import InvalidFlows, load_catalog
from flows.peer_review import TimelineError, load_timeline

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    token = settings.token
    configure_logging(settings.log_level, secrets=(token,))
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
    application = build_application(Runtime(settings), catalog=catalog)
    if not args.webhook:
        application.run_polling(allowed_updates=Update.ALL_TYPES)
        return 0
    if not settings.webhook_url or settings.webhook_secret is None:
        raise SettingsError("WEBHOOK_URL and WEBHOOK_SECRET are needed for --webhook")
    application.run_webhook(
        listen=settings.webhook_listen,
        port=settings.webhook_port,
        url_path="telegram",
        webhook_url=f"{settings.webhook_url.rstrip('/')}/telegram",
        secret_token=settings.webhook_secret.get_secret_value(),
        allowed_updates=Update.ALL_TYPES,
    )
    return 0
