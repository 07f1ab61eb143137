import logging

from bot.logging_setup import TokenRedactor

TOKEN = "7654321:AAH-very-secret-token-value_123"


def record(message: str, *args) -> logging.LogRecord:
    return logging.LogRecord("httpx", logging.INFO, __file__, 1, message, args, None)


def test_the_bot_token_never_appears_in_a_log_line():
    redactor = TokenRedactor((TOKEN,))
    entry = record('HTTP Request: POST https://api.telegram.org/bot%s/getUpdates "200 OK"', TOKEN)
    redactor.filter(entry)
    assert TOKEN not in entry.getMessage()
    assert "bot<token>/getUpdates" in entry.getMessage()


def test_a_token_shaped_string_is_redacted_even_when_not_configured():
    redactor = TokenRedactor()
    entry = record("calling %s", f"https://example.org/bot{TOKEN}/getMe")
    redactor.filter(entry)
    assert TOKEN not in entry.getMessage()


def test_ordinary_lines_are_left_alone():
    entry = record("run %s advanced to card %s", 4, 2)
    TokenRedactor((TOKEN,)).filter(entry)
    assert entry.getMessage() == "run 4 advanced to card 2"
