"""The engine: three-valued logic, version choice by date, outcomes, open questions."""

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from humanitarian.rules import UNKNOWN, decide, effective_answers, evaluate, load_catalogue
from humanitarian.rules.conditions import NOTHING, REMEMBERED, All, Answer, Any, Not, hashable_answer, remembering
from humanitarian.rules.engine import statuses_of
from humanitarian.rules.results import Reason
from humanitarian.rules.vocabulary import Status, StepKind

MINI = load_catalogue(Path(__file__).parent / "fixtures" / "mini")
REAL = load_catalogue(Path(__file__).parent.parent / "licenses")
REAL_SCENARIOS = {s.name: s for s in REAL.scenarios}
BASE = {
    "org": "ngo",
    "member": "yes",
    "us_link": "yes",
    "uk_link": "yes",
    "kinds": ["relief"],
    "place": "inside",
    "blocked": "bank",
}


def outcomes(determination) -> dict:
    return {code: j.outcome for code, j in determination.jurisdictions.items()}


def status(determination, aid):
    for j in determination.jurisdictions.values():
        for a in j.authorizations:
            if a.id == aid:
                return a.status, a.version


# -- Kleene logic --------------------------------------------------------------
YES = Answer("q", "is", "yes", "q is yes")
NO = Answer("r", "is", "yes", "r is yes")


@pytest.mark.parametrize(
    ("condition", "answers", "expected"),
    [
        (All((YES, NO)), {"q": "yes", "r": "no"}, False),
        (All((YES, NO)), {"q": "yes"}, None),
        (All((YES, NO)), {"q": "no"}, False),  # one false settles 'all' without r
        (Any((YES, NO)), {"q": "yes"}, True),  # one true settles 'any' without r
        (Any((YES, NO)), {"q": "no"}, None),
        (Any((YES, NO)), {"q": "no", "r": UNKNOWN}, None),  # "I don't know" is unknown, never a guess
        (Not(YES), {}, None),
        (Not(YES), {"q": "no"}, True),
    ],
)
def test_three_valued_connectives(condition, answers, expected):
    assert condition.evaluate(answers).result is expected


def test_trace_names_the_answer_that_decided():
    trace = All((YES, NO)).evaluate({"q": "yes", "r": "no"})
    assert trace.reasons() == [Reason("r is yes", False, "r", "no")]
    assert All((YES, NO)).probe({"q": "yes"})[1] == {"r"}


def test_multi_choice_with_i_dont_know_ticked():
    includes = Answer("k", "includes", "relief", "k includes relief")
    assert includes.evaluate({"k": ["training", UNKNOWN]}).result is None
    assert includes.evaluate({"k": ["training"]}).result is False
    assert includes.evaluate({"k": ["relief", UNKNOWN]}).result is True


# -- Properties over every answer set ------------------------------------------
def answer_strategy(catalogue):
    """Any subset of the questions, each with any value it accepts (including "I don't know")."""
    fields = {}
    for q in catalogue.questions:
        values = sorted(q.values() or {"2023-01-01"}) + ([UNKNOWN] if q.allow_unknown else [])
        if q.type == "multi_choice":
            fields[q.id] = st.lists(st.sampled_from(values), min_size=1, unique=True)
        elif q.type == "date":
            fields[q.id] = st.dates(date(2021, 1, 1), date(2027, 1, 1)).map(date.isoformat)
        else:
            fields[q.id] = st.sampled_from(values)
    return st.fixed_dictionaries({}, optional=fields)


DATES = st.dates(date(2021, 6, 1), date(2027, 1, 1))
# A settled result: the authorization covers the activity, needs checking, or does not cover it
# (excluded and does_not_apply are the same "no", reached by different reasons).
SETTLED = {"applies": "yes", "needs_review": "review", "does_not_apply": "no", "excluded": "no"}


@pytest.mark.parametrize("catalogue", [MINI, REAL], ids=["fixture", "licenses"])
def test_evaluation_never_raises_and_unknown_never_becomes_applies(catalogue):
    @settings(max_examples=300, deadline=None)
    @given(answers=answer_strategy(catalogue), as_of=DATES)
    def check(answers, as_of):
        determination = evaluate(catalogue, answers, as_of)
        determination.to_dict()
        for j in determination.jurisdictions.values():
            for a in j.authorizations:
                version = catalogue.authorization(a.id).version_on(as_of)[0]
                if version and version.applies_if.evaluate(determination.answers).result is None:
                    assert a.status not in ("applies", "needs_review"), a.id
            if j.outcome == "authorized":
                assert any(a.status == "applies" for a in j.authorizations)

    check()


@pytest.mark.parametrize("catalogue", [MINI, REAL], ids=["fixture", "licenses"])
def test_adding_an_answer_never_flips_a_decided_result(catalogue):
    """More information can settle an open result, never overturn a settled one."""

    @settings(max_examples=300, deadline=None)
    @given(answers=answer_strategy(catalogue), extra=answer_strategy(catalogue), as_of=DATES)
    def check(answers, extra, as_of):
        more = {**extra, **answers}
        before, after = evaluate(catalogue, answers, as_of), evaluate(catalogue, more, as_of)
        if any(after.answers.get(k) != v for k, v in before.answers.items()):
            return  # the extra answers made an earlier one irrelevant: a different question set
        for code, j in before.jurisdictions.items():
            # An authorization of a regime the answers now rule out is no longer listed: it does not apply.
            later = {a.id: a.status for a in after.jurisdictions[code].authorizations}
            for a in j.authorizations:
                now = later.get(a.id, "does_not_apply")
                if a.status in SETTLED:
                    assert SETTLED.get(now) == SETTLED[a.status], (a.id, a.status, now)

    check()


# -- Versions by date ----------------------------------------------------------
@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2021, 12, 31), ("does_not_apply", "GL 1")),  # before the first version
        (date(2022, 1, 1), ("applies", "GL 1")),  # first day in force
        (date(2022, 12, 31), ("applies", "GL 1")),  # last day of GL 1
        (date(2023, 1, 1), ("applies", "GL 1A")),  # the successor takes over that day
        (date(2023, 12, 31), ("applies", "GL 1A")),
        (date(2024, 1, 1), ("needs_review", "GL 1A")),  # lapsed, no successor known
    ],
)
def test_version_in_force_at_the_boundaries(as_of, expected):
    assert status(evaluate(MINI, BASE, as_of), "us-relief") == expected


def test_what_a_version_added_counts_only_from_its_date():
    training = {**BASE, "kinds": ["training"]}
    assert status(evaluate(MINI, training, date(2022, 6, 1)), "us-relief") == ("does_not_apply", "GL 1")
    assert status(evaluate(MINI, training, date(2023, 6, 1)), "us-relief") == ("applies", "GL 1A")


def test_lapsed_version_says_what_to_check():
    result = evaluate(MINI, BASE, date(2024, 2, 1)).jurisdictions["US"]
    (auth,) = result.authorizations
    assert result.outcome == "needs_review"
    assert any("expired on 1 January 2024" in p.point for p in auth.review_points)


# -- Outcomes --------------------------------------------------------------------
def test_unconfirmed_version_is_never_plainly_authorized():
    uk = evaluate(MINI, BASE, date(2023, 6, 1)).jurisdictions["UK"]
    assert (uk.outcome, uk.authorizations[0].status) == ("needs_review", "needs_review")
    assert "could not confirm" in uk.authorizations[0].review_points[0].point


def test_exclusion_and_specific_licence_route():
    us = evaluate(MINI, {**BASE, "blocked": "other"}, date(2023, 6, 1)).jurisdictions["US"]
    assert us.outcome == "licence_required"
    assert us.authorizations[0].status == "excluded"
    assert us.authorizations[0].reasons[0].text == "Only blocked banks may be involved."
    assert [r.id for r in us.licence_routes] == ["specific"]


def test_authorized_only_if_every_prohibition_involved_is_lifted():
    us = evaluate(MINI, {**BASE, "place": "embargoed"}, date(2023, 6, 1)).jurisdictions["US"]
    assert us.authorizations[0].status == "applies"  # it lifts the blocked-person ban ...
    assert us.outcome == "licence_required"  # ... but not the embargo, which only Commerce licenses
    assert "you need a specific licence from the Commerce Department" in us.headline
    assert [r.id for r in us.licence_routes] == ["export_licence"]
    # A point still open cannot change that outcome (and is not asked), so it is not listed as "not known".
    blocked_unknown = evaluate(MINI, {**BASE, "place": "embargoed", "blocked": UNKNOWN}, date(2023, 6, 1))
    assert [r.holds for r in blocked_unknown.jurisdictions["US"].reasons] == [True]


def test_a_prohibition_counts_only_from_the_day_it_took_effect():
    before = evaluate(MINI, {**BASE, "place": "embargoed"}, date(2021, 12, 31)).jurisdictions["US"]
    assert "embargoed region" not in " ".join(r.text for r in before.reasons)
    after = evaluate(MINI, {**BASE, "place": "embargoed"}, date(2022, 1, 1)).jurisdictions["US"]
    assert "embargoed region" in " ".join(r.text for r in after.reasons)
    assert evaluate(MINI, {**BASE, "place": "inside"}, date(2023, 6, 1)).jurisdictions["US"].outcome == "authorized"


def test_headline_names_every_version_relied_on():
    us = evaluate(MINI, BASE, date(2023, 6, 1)).jurisdictions["US"]
    assert us.headline == f"Authorized in the United States by {us.authorizations[0].version}, on the conditions below."
    scenario = REAL_SCENARIOS["gl27-ngo-pays-staff-and-taxes"]
    both = evaluate(REAL, scenario.answers, scenario.as_of)
    assert " in the United States by GL 13C and GL 27," in both.jurisdictions["US"].headline


def test_no_nexus_or_nothing_prohibited_is_not_engaged():
    assert evaluate(MINI, {**BASE, "us_link": "no"}, date(2023, 6, 1)).jurisdictions["US"].outcome == "not_engaged"
    clear = evaluate(MINI, {**BASE, "blocked": "none"}, date(2023, 6, 1)).jurisdictions["US"]
    assert clear.outcome == "not_engaged"
    assert clear.reasons[-1] == Reason("Export controls are not checked here.", True)  # what was not checked


def test_conditional_obligation_and_general_obligation():
    us = evaluate(MINI, BASE, date(2023, 6, 1)).jurisdictions["US"]
    assert [o.id for o in us.authorizations[0].obligations] == ["report"]
    duties = [s for s in us.next_steps if s.kind is StepKind.DUTY]
    assert [(s.sources, s.certain) for s in duties] == [(("GL 1A",), True), (("OFAC",), True)]
    assert duties[1].text == next(o.text for o in MINI.jurisdictions["US"].obligations if o.id == "records")


def test_incomplete_lists_the_questions_that_matter_most_first():
    result = evaluate(MINI, {"org": "ngo"}, date(2023, 6, 1))
    assert outcomes(result) == {"US": "incomplete", "UK": "incomplete"}
    ranked = [q.id for q in result.open_questions]
    assert set(ranked) == {"us_link", "uk_link", "kinds", "member", "blocked", "place"}
    # 'blocked' could settle three open results (the US exclusion and both prohibitions),
    # 'kinds' two (both authorizations), the rest one each.
    assert ranked[:2] == ["blocked", "kinds"]


def test_a_question_that_only_settles_an_authorization_with_nothing_to_lift_is_not_asked():
    """GL 25 (telecommunications) lifts none of the prohibitions these answers put in play, so whether the
    telecoms exclusions apply cannot change the US answer: the interview does not ask it."""
    answers = {
        "uk_person": "yes",
        "links": ["usd", "gbp"],
        "organization_type": "company",
        "goods": ["food_agri"],
        "us_blocked_program": ["burma_eo14014"],
        "uk_regime_designations": ["myanmar"],
        "un_designated_party": "no",
        "moge_payment": "no",
    }
    result = evaluate(REAL, answers, date(2026, 12, 1))
    us = result.jurisdictions["US"]
    gl25 = next(a for a in us.authorizations if a.id == "us-ruhsr-gl-25")
    assert us.outcome == "incomplete" and gl25.status == "unknown"
    assert "telecom_excluded_entities" not in [q.id for q in result.open_questions]
    assert "telecom_excluded_entities" not in decide(REAL, answers, date(2026, 12, 1)).open_questions


def test_a_settled_jurisdiction_asks_nothing_more():
    result = evaluate(MINI, {"org": "ngo", "us_link": "no", "uk_link": "no"}, date(2023, 6, 1))
    assert outcomes(result) == {"US": "not_engaged", "UK": "not_engaged"}
    assert result.open_questions == ()


def test_dont_know_answer_stays_open_and_is_flagged():
    result = evaluate(MINI, {**BASE, "blocked": UNKNOWN}, date(2023, 6, 1))
    assert result.jurisdictions["US"].outcome == "incomplete"
    assert (result.open_questions[0].id, result.open_questions[0].answered_unknown) == ("blocked", True)


def test_answers_that_no_longer_apply_are_dropped():
    kept, dropped = effective_answers(MINI, {**BASE, "org": "company", "nonsense": 1})
    assert "member" not in kept and dropped == {"member": "yes", "nonsense": 1}
    assert evaluate(MINI, {**BASE, "org": "company"}, date(2023, 6, 1)).dropped_answers == {"member": "yes"}


def test_divergence_of_outcomes_is_reported():
    result = evaluate(MINI, {**BASE, "uk_link": "no"}, date(2023, 6, 1))
    assert result.divergences[0].id == "outcome"
    assert result.divergences[0].uk.startswith("United Kingdom sanctions do not prohibit")


def test_answers_are_kept_in_the_words_they_were_given_in():
    answered = evaluate(MINI, {**BASE, "blocked": UNKNOWN}, date(2023, 6, 1)).to_dict()["answered"]
    by_id = {a["id"]: a for a in answered}
    assert [a["id"] for a in answered] == [q.id for q in MINI.questions if q.id in by_id]  # catalogue order
    assert by_id["org"] == {"id": "org", "prompt": "What kind of organization?", "value": "ngo", "answer": "NGO"}
    assert by_id["kinds"]["answer"] == ["Relief"]
    assert by_id["blocked"]["answer"] == "I don't know"


def perturbed_scenarios(trials: int = 6):
    """(answers, as-of date): every scenario, then copies with answers dropped or set to "I don't know"."""
    import random

    rnd = random.Random(11)
    for scenario in REAL.scenarios:
        for trial in range(trials):
            answers = dict(scenario.answers)
            for qid in list(answers):
                draw = rnd.random()
                if trial and draw < 0.25:
                    del answers[qid]
                elif trial and draw < 0.35 and REAL.question(qid).allow_unknown:
                    answers[qid] = UNKNOWN
            yield answers, scenario.as_of


def test_decide_agrees_with_evaluate_on_every_scenario_and_its_perturbations():
    """The interview's fast path and the explained result are the same decision."""
    for answers, as_of in perturbed_scenarios():
        full, fast = evaluate(REAL, answers, as_of), decide(REAL, answers, as_of)
        assert fast.outcomes == outcomes(full), answers
        every = {a.id: a.status for j in full.jurisdictions.values() for a in j.authorizations}
        assert fast.statuses == {aid: every[aid] for aid in fast.statuses}, answers
        assert fast.open_questions == tuple(q.id for q in full.open_questions)
        assert fast.answers == full.answers


def every_condition(catalogue):
    """Every condition the catalogue holds, as the loader compiled it."""
    for j in catalogue.jurisdictions.values():
        yield j.engaged_if
        yield from (r.engaged_if for r in j.regimes.values() if r.engaged_if)
        yield from (p.when for p in j.all_prohibitions)
    yield from (q.ask_if for q in catalogue.questions if q.ask_if)
    for auth in catalogue.authorizations:
        for v in auth.versions:
            yield v.applies_if
            yield from (e.when for e in v.excluded_if)
            yield from (p.when for p in v.review_points if p.when)


def unsettled(trace) -> set:
    """The questions keeping an explained result unknown, read from its trace."""
    if trace.result is not None:
        return set()
    if not trace.children:
        return {trace.question}
    return set().union(*(unsettled(child) for child in trace.children))


def test_compiled_tests_agree_with_the_explained_trace_on_every_rule():
    """What decides (compiled closures, lookup tables, remembered findings) says what the explanation says.

    Each rule is asked with the answers as given (lists: worked out afresh), twice with hashable answers (the
    first works it out and keeps it, the second looks it up) and twice laid out as the engine lays them out.
    """
    conditions = list(every_condition(REAL))
    for answers, _ in perturbed_scenarios(trials=3):
        laid_out = {**REAL.unanswered, **hashable(answers)}
        for condition in conditions:
            trace = condition.evaluate(answers)
            for asked in (answers, hashable(answers), hashable(answers), laid_out, laid_out):
                assert condition.test(asked) is trace.result, (condition, asked)
                assert condition.probe(asked)[1] == unsettled(trace), (condition, asked)


def hashable(answers: dict) -> dict:
    """The answers as a rule can look them up (lists as tuples), without the engine's naming of every question."""
    return {qid: hashable_answer(value) for qid, value in answers.items()}


def explained_status(standing, answers, reach) -> Status:
    """An authorization's status worked out from its conditions' explained traces, the long way."""
    version = standing.version
    applies = version.applies_if.evaluate(answers).result
    if applies is False:
        return Status.DOES_NOT_APPLY
    excluded = [e.when.evaluate(answers).result for e in version.excluded_if]
    if True in excluded:
        return Status.EXCLUDED
    raised = [p.when.evaluate(answers).result if p.when else True for p in version.review_points]
    if reach is None or applies is None or None in excluded or None in raised:
        return Status.UNKNOWN
    unconfirmed = version.confidence != "confirmed"
    return Status.NEEDS_REVIEW if any(raised) or standing.lapsed or unconfirmed else Status.APPLIES


def test_every_authorization_remembers_the_status_its_conditions_give():
    """A version's remembered status (and the questions still open for it) is what its conditions say."""
    standings = [s for d in (date(2022, 6, 1), date(2024, 5, 1), date(2026, 12, 1)) for s in standings_on(d)]
    for answers, _ in perturbed_scenarios(trials=2):
        view = hashable(effective_answers(REAL, answers)[0])
        for standing in standings:
            for reach in (True, None):
                for _ in range(2):
                    assert status_in(standing, reach, view) is explained_status(standing, view, reach), standing
            if status_in(standing, True, view) is Status.UNKNOWN:
                opened = set().union(*(unsettled(c.evaluate(view)) for c in standing.deciding))
                assert standing.probe(view)[1] == opened, standing


def status_in(standing, reach, answers) -> Status:
    """The status the engine gives ``standing`` in a part whose regime's reach is ``reach``."""
    part = next(p for e in REAL.in_force(date(2024, 5, 1)).values() for p in e.parts)
    aid = standing.authorization.id
    return statuses_of(((aid, standing.probe, part, reach, False),), answers)[0][aid]


def standings_on(day: date) -> list:
    return [s for e in REAL.in_force(day).values() for p in e.parts for s in p.standings if s.version is not None]


def test_a_full_table_still_answers_every_combination():
    """Past the size it keeps, a rule works each new combination out afresh, and still gets it right."""
    calls = []

    def probe(answers):
        calls.append(answers["q"])
        return answers["q"] % 3 == 0, NOTHING

    _, test = remembering(probe, ("q",))
    combinations = REMEMBERED + 10
    for _ in range(2):
        assert [test({"q": n}) for n in range(combinations)] == [n % 3 == 0 for n in range(combinations)]
    assert len(calls) == combinations + 10  # the kept ones were looked up; the ten past the limit were not kept


def test_a_country_whose_sanctions_are_not_engaged_carries_nothing_to_do():
    for scenario in REAL.scenarios:
        for j in evaluate(REAL, scenario.answers, scenario.as_of).jurisdictions.values():
            if j.outcome == "not_engaged":
                assert j.next_steps == () and j.relied_on == (), scenario.name


def test_a_regime_the_answers_rule_out_is_left_out_entirely():
    """Its authorizations are not listed, its prohibitions not weighed, and the result does not name it."""
    found = 0
    for scenario in REAL.scenarios:
        result = evaluate(REAL, scenario.answers, scenario.as_of)
        for code, j in result.jurisdictions.items():
            for regime in REAL.jurisdictions[code].regimes.values():
                if regime.engaged_if is None or regime.engaged_if.test(result.answers) is not False:
                    continue
                found += 1
                assert regime.id not in [rid for rid, _ in j.regimes], scenario.name
                assert not {a.id for a in j.authorizations} & {
                    a.id for a in REAL.authorizations if (a.jurisdiction, a.regime) == (code, regime.id)
                }, scenario.name
    assert found, "no scenario rules a regime out"
