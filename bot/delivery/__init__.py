"""Delivering what the bot decided to show: the outbox courier and how each kind is sent."""
