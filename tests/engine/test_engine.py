from datetime import timedelta

from flows.effects import (
    Acknowledge,
    AskQuestion,
    CloseRun,
    Notice,
    PostOutcome,
    Refusal,
    RemindMembers,
    SaveAnswer,
    ScheduleDeadline,
    ShowCard,
    ShowInfo,
)
from flows.engine import playable_cards
from flows.events import (
    Actor,
    Advance,
    AnswerEdited,
    AnswerGiven,
    DeadlineReached,
    NudgeDue,
    Pause,
    Resume,
    Skip,
    Stop,
    VoteCast,
)
from flows.run_state import Mode, RunState, RunStatus
from flows.schema import Scope
from tests.engine.builders import (
    ANNA,
    BRAM,
    CEES,
    NOW,
    card,
    choice_q,
    flow,
    info_q,
    multi_q,
    open_q,
    rating_q,
)
from tests.engine.driver import RunDriver

FACILITATOR = Actor(ANNA)
MEMBER = Actor(BRAM)


def asked(decision):
    return [e.question_id for e in decision.effects if isinstance(e, AskQuestion)]


def test_a_run_opens_with_the_card_and_its_first_question_with_progress():
    run = RunDriver.begin(flow(card(1, open_q("a"), open_q("b"))))
    assert run.log == [ShowCard(1), AskQuestion(1, "a", 1, 2)]


def test_an_answer_is_saved_and_acknowledged_with_a_reaction():
    run = RunDriver.begin(flow(card(1, open_q("a"))))
    decision = run.send(AnswerGiven(BRAM, "a", "  Onderzoekende houding ", key=11))
    assert decision.effects[0] == SaveAnswer(run.answers[11])
    assert run.answers[11].text == "Onderzoekende houding"
    assert decision.effects[1] == Acknowledge(11)


def test_an_edited_answer_replaces_the_text_without_a_second_reaction():
    run = RunDriver.begin(flow(card(1, open_q("a"))))
    run.send(AnswerGiven(BRAM, "a", "eerst", key=11))
    decision = run.send(AnswerEdited(BRAM, "a", "later", key=11))
    assert [type(e) for e in decision.effects] == [SaveAnswer]
    assert run.answers[11].text == "later"


def test_only_the_facilitator_or_an_admin_may_advance():
    run = RunDriver.begin(flow(card(1, open_q("a"), open_q("b"))))
    assert run.send(Advance(MEMBER)).refused == Refusal("not_facilitator")
    assert asked(run.send(Advance(Actor(CEES, is_admin=True)))) == ["b"]


def test_advancing_past_a_required_question_without_answers_is_refused_but_skip_works():
    run = RunDriver.begin(flow(card(1, open_q("a", required=True), open_q("b"))))
    assert run.send(Advance(FACILITATOR)).refused == Refusal("no_answers_yet", "a")
    decision = run.send(Skip(FACILITATOR))
    assert Notice("skipped") in decision.effects
    assert asked(decision) == ["b"]


def test_the_last_question_of_the_last_card_posts_the_outcome_and_closes_the_run():
    run = RunDriver.begin(flow(card(1, open_q("a")), card(2, open_q("b"))))
    run.send(AnswerGiven(BRAM, "a", "x", key=1))
    decision = run.send(Advance(FACILITATOR))
    assert decision.effects == (PostOutcome(1), ShowCard(2), AskQuestion(2, "b", 1, 1))
    decision = run.send(Advance(FACILITATOR))
    assert decision.effects == (PostOutcome(2), CloseRun(RunStatus.FINISHED))
    assert run.send(Advance(FACILITATOR)).refused == Refusal("run_closed")


def test_a_question_whose_condition_is_false_is_skipped():
    choice = choice_q("wie", "leraar", "alle")
    follow = open_q("waarom", when={"question": "wie", "equals": "alle"})
    run = RunDriver.begin(flow(card(1, choice, follow, open_q("slot"))))
    run.send(VoteCast(BRAM, "wie", "leraar"))
    assert asked(run.send(Advance(FACILITATOR))) == ["slot"]


def test_a_question_whose_condition_holds_is_asked():
    choice = choice_q("wie", "leraar", "alle")
    follow = open_q("waarom", when={"question": "wie", "in": ["alle"]})
    run = RunDriver.begin(flow(card(1, choice, follow)))
    run.send(VoteCast(BRAM, "wie", "alle"))
    assert asked(run.send(Advance(FACILITATOR))) == ["waarom"]


def test_info_is_shown_and_the_next_question_follows_at_once():
    run = RunDriver.begin(flow(card(1, info_q("uitleg"), open_q("a"))))
    assert run.log == [ShowCard(1), ShowInfo(1, "uitleg"), AskQuestion(1, "a", 1, 1)]


def test_a_choice_vote_is_one_per_member_and_changeable():
    run = RunDriver.begin(flow(card(1, choice_q("wie", "leraar", "alle"))))
    run.send(VoteCast(BRAM, "wie", "leraar"))
    run.send(VoteCast(BRAM, "wie", "alle"))
    assert run.responses.option_counts("wie") == {"alle": 1}


def test_a_multi_vote_toggles_options():
    run = RunDriver.begin(flow(card(1, multi_q("rollen", "a", "d", "e"))))
    run.send(VoteCast(BRAM, "rollen", "a"))
    run.send(VoteCast(BRAM, "rollen", "e"))
    run.send(VoteCast(BRAM, "rollen", "a"))
    assert run.responses.votes_on("rollen")[0].value == ("e",)


def test_a_rating_outside_the_scale_or_for_an_unknown_item_is_refused():
    run = RunDriver.begin(flow(card(1, rating_q("zicht", "visie", "beleid"))))
    assert run.send(VoteCast(BRAM, "zicht", 5, "visie")).refused == Refusal(
        "not_an_option", "zicht"
    )
    assert run.send(VoteCast(BRAM, "zicht", 2, "onbekend")).refused is not None
    assert run.send(VoteCast(BRAM, "zicht", 2, "visie")).refused is None


def test_a_text_answer_to_a_button_question_asks_for_the_buttons():
    run = RunDriver.begin(flow(card(1, choice_q("wie", "leraar", "alle"))))
    assert run.send(AnswerGiven(BRAM, "wie", "leraar", 5)).refused == Refusal("use_buttons", "wie")


def test_answers_to_a_card_whose_outcome_was_posted_are_refused():
    run = RunDriver.begin(flow(card(1, open_q("a")), card(2, open_q("b"))))
    run.send(Advance(FACILITATOR))
    assert run.send(AnswerGiven(BRAM, "a", "te laat", 9)).refused == Refusal("card_closed", "a")


def test_an_answer_to_a_question_not_yet_asked_is_refused():
    run = RunDriver.begin(flow(card(1, open_q("a"), open_q("b"))))
    assert run.send(AnswerGiven(BRAM, "b", "vooruit", 9)).refused == Refusal(
        "question_not_open", "b"
    )


def test_stop_posts_the_outcome_so_far_once_and_closes():
    run = RunDriver.begin(flow(card(1, open_q("a"), open_q("b")), card(2, open_q("c"))))
    run.send(AnswerGiven(BRAM, "a", "x", 1))
    decision = run.send(Stop(FACILITATOR))
    assert decision.effects == (PostOutcome(1), CloseRun(RunStatus.STOPPED))
    assert run.state.status is RunStatus.STOPPED


def test_stop_on_a_card_without_any_answer_posts_no_empty_outcome():
    run = RunDriver.begin(flow(card(1, open_q("a"))))
    assert run.send(Stop(FACILITATOR)).effects == (CloseRun(RunStatus.STOPPED),)


def test_pause_blocks_advancing_until_resumed_and_resume_repeats_the_question():
    run = RunDriver.begin(flow(card(1, open_q("a"), open_q("b"))))
    assert Notice("paused") in run.send(Pause(FACILITATOR)).effects
    assert run.send(Advance(FACILITATOR)).refused == Refusal("paused")
    assert run.send(Pause(FACILITATOR)).refused == Refusal("already_paused")
    decision = run.send(Resume(FACILITATOR))
    assert decision.effects == (Notice("resumed"), AskQuestion(1, "a", 1, 2))


def test_answers_given_during_a_pause_are_kept():
    run = RunDriver.begin(flow(card(1, open_q("a"))))
    run.send(Pause(FACILITATOR))
    run.send(AnswerGiven(BRAM, "a", "tussendoor", 4))
    assert 4 in run.answers


def test_async_mode_posts_the_whole_card_with_a_deadline_and_a_nudge_a_day_before():
    run = RunDriver.begin(
        flow(card(1, open_q("a"), open_q("b")), card(2, open_q("c"))),
        mode=Mode.ASYNC,
        pace_days=3,
    )
    deadline = NOW + timedelta(days=3)
    assert run.log == [
        ShowCard(1),
        AskQuestion(1, "a", 1, 2),
        AskQuestion(1, "b", 2, 2),
        ScheduleDeadline(1, deadline, deadline - timedelta(days=1)),
    ]


def test_async_nudge_names_only_members_without_answers_once():
    run = RunDriver.begin(flow(card(1, open_q("a"))), mode=Mode.ASYNC, pace_days=2)
    run.send(AnswerGiven(BRAM, "a", "x", 1))
    later = NOW + timedelta(days=1)
    decision = run.send(NudgeDue(1, later, (ANNA, BRAM, CEES)), now=later)
    assert decision.effects == (RemindMembers(1, (ANNA, CEES), run.state.deadline),)
    assert run.send(NudgeDue(1, later, (ANNA, CEES)), now=later).effects == ()


def test_async_deadline_moves_on_by_itself_but_a_stale_one_does_nothing():
    run = RunDriver.begin(
        flow(card(1, open_q("a")), card(2, open_q("b"))), mode=Mode.ASYNC, pace_days=1
    )
    early = NOW + timedelta(hours=2)
    assert run.send(DeadlineReached(1, early), now=early).effects == ()
    due = NOW + timedelta(days=1)
    decision = run.send(DeadlineReached(1, due), now=due)
    assert decision.effects[:3] == (PostOutcome(1), ShowCard(2), AskQuestion(2, "b", 1, 1))
    assert run.send(DeadlineReached(1, due), now=due).effects == ()


def test_playable_cards_follow_the_chat_scope_and_the_start_card():
    shaped = flow(card(1, open_q("a")), card(2, open_q("b")), card(3, open_q("c"), scope="region"))
    assert playable_cards(shaped, Scope.PARTNERSHIP) == [1, 2]
    assert playable_cards(shaped, Scope.PARTNERSHIP, from_card=2) == [2]
    assert playable_cards(shaped, Scope.REGION) == [3]


def test_run_state_survives_a_json_round_trip():
    run = RunDriver.begin(flow(card(1, open_q("a"))), mode=Mode.ASYNC, pace_days=2)
    assert RunState.from_dict(run.state.to_dict()) == run.state


def test_a_second_press_on_a_question_already_left_behind_does_not_move_again():
    run = RunDriver.begin(flow(card(1, open_q("a"), open_q("b"), open_q("c"))))
    assert asked(run.send(Advance(FACILITATOR, from_question="a"))) == ["b"]
    second = run.send(Advance(Actor(CEES, is_admin=True), from_question="a"))
    assert second.refused == Refusal("already_moved", "a")
    assert asked(run.send(Skip(FACILITATOR, from_question="b"))) == ["c"]


def test_an_answer_of_only_invisible_characters_is_refused_as_empty():
    """Zero-width spaces and direction marks look empty in Telegram: never an invisible bullet."""
    run = RunDriver.begin(flow(card(1, open_q("a"))))
    decision = run.send(AnswerGiven(BRAM, "a", "\u200b\u200e \u2060", key=9))
    assert decision.refused == Refusal("empty_answer", "a")
    assert 9 not in run.answers


def test_steering_bound_to_a_question_already_left_does_nothing():
    run = RunDriver.begin(flow(card(1, open_q("a"), open_q("b"))))
    run.send(Advance(FACILITATOR, from_question="a"))
    for stale in (Advance, Skip, Pause, Stop):
        assert run.send(stale(FACILITATOR, from_question="a")).refused == Refusal(
            "already_moved", "a"
        )
    assert run.send(Stop(FACILITATOR, from_question="b")).refused is None
