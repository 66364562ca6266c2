"""An undecided prohibition is asked about even when another prohibition already holds."""

from pathlib import Path

from humanitarian.rules import evaluate, load_catalogue

REAL = load_catalogue(Path(__file__).parent.parent / "licenses")


def test_undecided_prohibition_is_an_open_question_when_another_holds():
    scenario = next(s for s in REAL.scenarios if s.name == "fertilizer-shipment-2024")
    answers = {k: v for k, v in scenario.answers.items() if k != "us_directive2_route"}
    determination = evaluate(REAL, answers, scenario.as_of)
    # the blocked-person prohibition holds and is lifted; the Directive 2 one is still undecided
    assert determination.jurisdictions["US"].outcome == "incomplete"
    assert "us_directive2_route" in {q.id for q in determination.open_questions}
