"""Other regimes do not lengthen a Russia interview, and no interview leaves out a question that matters.

Each scenario set in Russia, Ukraine or "somewhere else" is walked page by page as the site asks it; it must ask
no more questions than it did before the Belarus, Burma and Iran regimes were encoded (the counts in
tests/fixtures/russia-interview-lengths.json, measured on the catalogue of that day), and none of the questions that
only those regimes' rules use. One question is not counted: whether anyone is designated under another UK regime,
which a UK-linked interview there must ask so that such a designation is never reported as outside UK sanctions
(docs/decisions/uk-designations-by-regime.md).
"""

import json
from pathlib import Path

import pytest

from humanitarian.catalogue import get_catalogue
from humanitarian.rules import evaluate
from tests.interview_walk import questions_asked, walked_answers

CATALOGUE = get_catalogue()
BEFORE = json.loads((Path(__file__).parent / "fixtures" / "russia-interview-lengths.json").read_text())
RUSSIA_PLACES = {"russia", "ukraine_government_controlled", "kherson_zaporizhzhia_ngca", "donetsk_luhansk_ngca"}
RUSSIA_PLACES |= {"crimea", "elsewhere"}
MEASURED = [s for s in CATALOGUE.scenarios if s.name in BEFORE]
UK_OTHER_REGIMES = "uk_other_designations"


def other_places_only(question) -> bool:
    """A question asked only where the activity takes place outside Russia and Ukraine (its ask_if says so)."""
    if question.ask_if is None:
        return False
    return not any(question.asked({"location": place}) for place in RUSSIA_PLACES)


OTHER_REGIMES_ONLY = {q.id for q in CATALOGUE.questions if other_places_only(q)}


def test_the_measured_scenarios_are_still_there():
    assert len(MEASURED) == len(BEFORE), sorted(set(BEFORE) - {s.name for s in MEASURED})


@pytest.mark.parametrize("scenario", MEASURED, ids=lambda s: s.name)
def test_a_russia_interview_is_no_longer_than_before(scenario):
    asked = questions_asked(CATALOGUE, scenario)
    assert scenario.answers["location"] in RUSSIA_PLACES
    assert len(set(asked) - {UK_OTHER_REGIMES}) <= BEFORE[scenario.name], f"{scenario.name} now asks {asked}"
    assert not OTHER_REGIMES_ONLY & set(asked)


def test_the_other_regimes_have_questions_of_their_own():
    """The check above must have something to find: the Iran questions, for example, are asked only there."""
    assert {"iran_dealings", "iran_government_or_bank"} <= OTHER_REGIMES_ONLY


def what_it_rests_on(result) -> dict:
    return {code: (j.outcome, j.relied_on) for code, j in result.jurisdictions.items()}


@pytest.mark.parametrize("scenario", CATALOGUE.scenarios, ids=lambda s: s.name)
def test_the_interview_reaches_what_the_full_answers_decide(scenario):
    """Every question the interview leaves out could not have changed the answer: walking it page by page gives the
    same outcome in each country, resting on the same authorizations, as every answer the scenario gives."""
    walked = evaluate(CATALOGUE, walked_answers(CATALOGUE, scenario), scenario.as_of)
    assert what_it_rests_on(walked) == what_it_rests_on(evaluate(CATALOGUE, scenario.answers, scenario.as_of))
