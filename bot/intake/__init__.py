"""Taking updates from Telegram so that none is lost by a crash and none takes effect twice:
the poller or the webhook keeps each update before Telegram may forget it, the processor
hands them to the handlers in order per chat."""
