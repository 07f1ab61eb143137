"""Fault injection: the double fails calls the way Telegram and the network sometimes do.

    api.faults.inject("sendMessage", Fault.SERVER_ERROR)                 # the next one: 502
    api.faults.inject("sendMessage", Fault.LOST_ANSWER,                  # delivered, but the
                      when=lambda p: "vraag 2/" in str(p.get("text")))   # answer never arrives
    api.faults.inject("setMessageReaction", Fault.FLOOD, times=3)
    held = api.faults.inject("setMessageReaction", Fault.HELD)          # waits until
    await held.arrived.wait(); ...; held.release()                      # released

Each rule applies to the next `times` calls of its method that `when` accepts, then is used
up. `injected` records what was done, so a test can assert the fault really happened.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = ["Fault", "FaultRule", "Faults"]


class Fault(StrEnum):
    SERVER_ERROR = "server_error"  # 502 Bad Gateway; nothing happened
    LOST_REQUEST = "lost_request"  # the connection drops before the call arrives
    LOST_ANSWER = "lost_answer"  # the call took effect, the connection drops before the answer
    FLOOD = "flood"  # 429 Too Many Requests with retry_after; nothing happened
    HELD = "held"  # the call waits until the test releases it, then goes through (a slow API)


@dataclass
class FaultRule:
    method: str
    fault: Fault
    times: int = 1
    when: Callable[[dict], bool] = lambda params: True
    retry_after: int = 1
    arrived: asyncio.Event = field(default_factory=asyncio.Event)  # HELD: the call is waiting
    released: asyncio.Event = field(default_factory=asyncio.Event)

    def release(self) -> None:
        self.released.set()


@dataclass
class Faults:
    rules: list[FaultRule] = field(default_factory=list)
    injected: list[tuple[str, Fault]] = field(default_factory=list)

    def inject(
        self,
        method: str,
        fault: Fault,
        *,
        times: int = 1,
        when: Callable[[dict], bool] = lambda params: True,
        retry_after: int = 1,
    ) -> FaultRule:
        rule = FaultRule(method.lower(), Fault(fault), times, when, retry_after)
        self.rules.append(rule)
        return rule

    def clear(self) -> None:
        self.rules.clear()

    def take(self, method: str, params: dict) -> FaultRule | None:
        """The rule that fails this call, used up by one; None: the call goes through."""
        for rule in self.rules:
            if rule.method == method.lower() and rule.times > 0 and rule.when(params):
                rule.times -= 1
                if rule.times == 0:
                    self.rules.remove(rule)
                self.injected.append((method, rule.fault))
                return rule
        return None
