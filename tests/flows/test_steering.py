"""Which question a facilitator's command refers to: the one shown when it was sent."""

from flows.steering import STALE, referred_question


def test_a_command_sent_after_the_open_question_was_shown_refers_to_it():
    assert referred_question(["b"], [("a", 10), ("b", 20)], command_id=25) == "b"


def test_a_second_command_sent_before_the_next_question_was_shown_refers_to_the_previous():
    # /volgende at 21 moved a → b; the second /volgende (22) was sent before b's post (30).
    assert referred_question(["b"], [("a", 10), ("b", 30)], command_id=22) == "a"


def test_a_command_before_the_open_question_was_posted_at_all_is_stale():
    assert referred_question(["b"], [("a", 10)], command_id=22) == "a"
    assert referred_question(["a"], [], command_id=5) == STALE


def test_a_question_asked_again_counts_from_its_newest_post():
    # paused at a (post 10), resumed and asked again (post 40): a /pauze of 30 is stale.
    assert referred_question(["a"], [("a", 10), ("a", 40)], command_id=30) == STALE
    assert referred_question(["a"], [("a", 10), ("a", 40)], command_id=41) == "a"


def test_async_cards_need_every_open_question_shown():
    posts = [("a", 10), ("b", 11)]
    assert referred_question(["a", "b", "c"], posts, command_id=12) == STALE
    assert referred_question(["a", "b"], posts, command_id=12) == "a"


def test_nothing_open_leaves_the_command_unbound():
    assert referred_question([], [("a", 10)], command_id=12) is None
