"""Every shipped flow, played start to end by the engine with scripted answers for every
question type, produces every outcome card."""

import pytest

from flows.catalog import load_catalog
from flows.effects import AskQuestion, CloseRun, PostOutcome
from flows.engine import playable_cards
from flows.events import Actor, AnswerGiven, Skip, VoteCast
from flows.responses import Member
from flows.run_state import RunStatus
from flows.schema import QuestionType, Scope
from flows.synthesis import synthesize
from tests.engine.driver import RunDriver

CATALOG = load_catalog()
TEAM = (Member(1, "Anna"), Member(2, "Bram"), Member(3, "Fatima"))
FACILITATOR = Actor(TEAM[0])


def answer_everything(run: RunDriver, effect: AskQuestion, counter: list[int]) -> None:
    question = run.flow.question(effect.question_id)
    for index, member in enumerate(TEAM):
        if question.type in (QuestionType.OPEN, QuestionType.LIST):
            counter[0] += 1
            text = f"* Onderzoekende houding {index}\nLeren van en met elkaar"
            run.send(AnswerGiven(member, question.id, text, key=counter[0]))
        elif question.type in (QuestionType.CHOICE, QuestionType.MULTI):
            run.send(VoteCast(member, question.id, question.options[index % 2].id))
        elif question.type is QuestionType.RATING:
            for item in question.rating_items:
                run.send(VoteCast(member, question.id, question.scale[index].value, item.id))


@pytest.mark.parametrize(
    ("flow_id", "scope"),
    [(flow.id, scope) for flow in CATALOG for scope in Scope if playable_cards(flow, scope)],
)
def test_a_flow_runs_from_start_to_end_producing_every_outcome_card(flow_id, scope):
    flow = CATALOG.get(flow_id)
    cards = playable_cards(flow, scope)
    run = RunDriver.begin(flow, cards)
    counter = [0]
    for _ in range(500):
        if not run.state.status.open:
            break
        asked = [e for e in run.log if isinstance(e, AskQuestion)][-1]
        answer_everything(run, asked, counter)
        before = len(run.log)
        run.send(Skip(FACILITATOR))
        assert len(run.log) > before, "skipping must always move the run on"
    assert run.state.status is RunStatus.FINISHED
    assert run.log[-1] == CloseRun(RunStatus.FINISHED)
    posted = [e.card_number for e in run.log if isinstance(e, PostOutcome)]
    assert posted == cards
    for number in posted:
        outcome = synthesize(flow, flow.card(number), run.responses)
        assert outcome.title == flow.card(number).outcome.title
        assert not outcome.is_empty or all(not q.answerable for q in flow.card(number).questions)
