"""Invariants over random flows and random event sequences."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows.conditions import holds
from flows.effects import AskQuestion, CloseRun, PostOutcome, SaveAnswer
from flows.events import Actor, Advance, AnswerGiven, Pause, Resume, Skip, Stop, VoteCast
from flows.run_state import Mode, RunStatus
from tests.engine.builders import ANNA, BRAM, CEES, card, choice_q, flow, info_q, open_q, rating_q
from tests.engine.driver import RunDriver

MEMBERS = (ANNA, BRAM, CEES)
OPTIONS = ("ja", "nee", "soms")


@st.composite
def flows(draw):
    cards, counter, choices = [], 0, []
    for number in range(1, draw(st.integers(1, 3)) + 1):
        questions = []
        for _ in range(draw(st.integers(1, 4))):
            counter += 1
            qid = f"q{counter}"
            kind = draw(st.sampled_from(["open", "open", "choice", "rating", "info"]))
            extra = {}
            if choices and draw(st.booleans()):
                target = draw(st.sampled_from(choices))
                extra["when"] = draw(
                    st.sampled_from(
                        [
                            {"question": target, "equals": "ja"},
                            {"question": target, "not_equals": "nee"},
                            {"question": target, "answered": draw(st.booleans())},
                        ]
                    )
                )
            if kind != "info":
                extra["required"] = draw(st.booleans())
            builder = {
                "open": lambda q, e: open_q(q, **e),
                "choice": lambda q, e: choice_q(q, *OPTIONS, **e),
                "rating": lambda q, e: rating_q(q, **e),
                "info": lambda q, e: info_q(q),
            }[kind]
            questions.append(builder(qid, extra))
            if kind == "choice":
                choices.append(qid)
        if not any(q["type"] != "info" for q in questions):
            counter += 1
            questions.append(open_q(f"q{counter}"))
        cards.append(card(number, *questions))
    return flow(*cards)


def events(question_ids):
    member = st.sampled_from(MEMBERS)
    actor = st.builds(Actor, member, st.booleans())
    return st.lists(
        st.one_of(
            # A message id belongs to one member, as in Telegram: the same id again is the
            # same message delivered again.
            st.builds(
                lambda key, question, text: AnswerGiven(
                    MEMBERS[key % len(MEMBERS)], question, text, key
                ),
                st.integers(1, 30),
                st.sampled_from(question_ids),
                st.text(min_size=0, max_size=8),
            ),
            st.builds(
                VoteCast,
                member,
                st.sampled_from(question_ids),
                st.one_of(st.sampled_from(OPTIONS), st.integers(0, 5)),
                st.sampled_from(["", *question_ids]),
            ),
            st.builds(Advance, actor),
            st.builds(Skip, actor),
            st.builds(Pause, actor),
            st.builds(Resume, actor),
            st.builds(Stop, actor),
        ),
        max_size=40,
    )


@st.composite
def scenarios(draw):
    shaped = draw(flows())
    ids = [q.id for c in shaped.cards for q in c.questions]
    mode = draw(st.sampled_from([Mode.LIVE, Mode.ASYNC]))
    return shaped, draw(events(ids)), mode


def play(shaped, sequence, mode):
    run = RunDriver.begin(shaped, mode=mode, pace_days=2 if mode is Mode.ASYNC else None)
    checked = []
    for event in sequence:
        before = run.responses
        decision = run.send(event)
        for effect in decision.effects:
            if isinstance(effect, AskQuestion):
                checked.append(holds(shaped.question(effect.question_id).when, shaped, before))
    return run, checked


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(scenarios())
def test_never_asks_a_question_whose_condition_is_false(scenario):
    _, checked = play(*scenario)
    assert all(checked)


@PROPERTY
@given(scenarios())
def test_never_posts_a_cards_outcome_twice(scenario):
    run, _ = play(*scenario)
    posted = [e.card_number for e in run.log if isinstance(e, PostOutcome)]
    assert len(posted) == len(set(posted))


@PROPERTY
@given(scenarios())
def test_never_loses_an_accepted_answer(scenario):
    run, _ = play(*scenario)
    accepted = {e.answer.key for e in run.log if isinstance(e, SaveAnswer)}
    assert accepted == set(run.answers)
    for effect in run.log:
        if isinstance(effect, SaveAnswer) and not effect.edited:
            assert run.answers[effect.answer.key].member == effect.answer.member


@PROPERTY
@given(scenarios())
def test_a_run_always_ends_when_the_facilitator_keeps_skipping(scenario):
    shaped, sequence, mode = scenario
    run, _ = play(shaped, sequence, mode)
    run.send(Resume(Actor(ANNA)))
    limit = sum(len(c.questions) for c in shaped.cards) + len(shaped.cards) + 1
    for _ in range(limit):
        if not run.state.status.open:
            break
        run.send(Skip(Actor(ANNA)))
    assert run.state.status in (RunStatus.FINISHED, RunStatus.STOPPED)
    assert sum(isinstance(e, CloseRun) for e in run.log) == 1


@PROPERTY
@given(scenarios())
def test_the_same_events_give_the_same_effects(scenario):
    first, _ = play(*scenario)
    second, _ = play(*scenario)
    assert first.log == second.log
    assert first.state == second.state
