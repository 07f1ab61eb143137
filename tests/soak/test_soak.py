"""A short soak in every test run: the real `samenbot run` killed with SIGKILL at 10 random
moments while four members answer and press buttons. `make soak` runs 50."""

import os

import pytest

from tests.soak.harness import soak

pytestmark = pytest.mark.skipif(
    os.environ.get("E2E_DATABASE") == "postgresql",
    reason="the SIGKILL soak plays on a SQLite file; it ran in the first pass of make test",
)


async def test_ten_kills_mid_conversation_lose_skip_double_and_leave_stale_nothing(tmp_path):
    report = await soak(tmp_path, kills=10, seed=11)

    assert report.problems() == {}, report.to_json() + (tmp_path / "bot.log").read_text()[-4000:]
    assert report.answers_stored > 0 and report.steps > 0 and report.presses > 0
    assert report.reposted_in_kill_window <= 2, "only a kill mid-send may post a message twice"
