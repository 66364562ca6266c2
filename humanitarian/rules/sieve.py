"""An index from answers to the authorizations they rule out, so a decision tests only the rest.

An authorization applies only if every conjunct of its ``applies_if`` holds. A conjunct that tests one answer
against the question's own options can be tried, once per option when the day's rules are built, to learn which
options make it false. Deciding then looks up the options given instead of testing every authorization of a
regime in play; a regime the answers rule out is not looked at, so its rules cost a decision nothing.

The index is exact. It is built by running each conjunct's own compiled test, and it rules an authorization out
only when that test would be false; anything it cannot look up is left to the full test.
"""

from __future__ import annotations

from dataclasses import dataclass

from .conditions import UNKNOWN, All, Answer

SINGLE = frozenset({"is", "in"})  # the answer is one of the question's options
MULTI = frozenset({"includes", "includes_any"})  # the answer is a list; false only if false for each choice in it


def conjuncts(condition) -> list:
    """The parts that must all hold for ``condition`` to hold: nested 'all's flattened."""
    if isinstance(condition, All):
        return [c for item in condition.items for c in conjuncts(item)]
    return [condition]


@dataclass(frozen=True)
class Sieve:
    """Per question: option -> what that answer rules out (authorization ids; for lists, (id, conjunct) pairs)."""

    single: tuple  # (question id, {option: frozenset of authorization ids})
    multi: tuple  # (question id, {option: frozenset of (authorization id, conjunct number)})

    @classmethod
    def of(cls, standings, question) -> Sieve:
        """The sieve of one regime's authorizations on a date; ``question`` finds a question by its id.

        Only ``applies_if`` is indexed: the regime's own reach is weighed once for all of them, and a regime
        the answers rule out is not looked at.
        """
        single, multi = {}, {}
        for standing in standings:
            for n, c in enumerate(conjuncts(standing.version.applies_if)):
                if isinstance(c, Answer) and c.test_name in SINGLE | MULTI:
                    _index(c, question(c.question), standing.authorization.id, n, single, multi)
        return cls(_frozen(single), _frozen(multi))

    def ruled_out(self, answers: dict) -> set:
        """The ids of the authorizations whose applicability these answers already make false."""
        out = set()
        for qid, by_option in self.single:
            given = answers.get(qid)
            if isinstance(given, str) and given in by_option:
                out |= by_option[given]
        for qid, by_option in self.multi:
            given = answers.get(qid)
            if isinstance(given, list) and given and UNKNOWN not in given:
                found = frozenset.intersection(*(by_option.get(v, frozenset()) for v in given))
                out.update(aid for aid, _ in found)
        return out


def _index(conjunct: Answer, question, aid: str, n: int, single: dict, multi: dict):
    """Record, per option of the question, whether that answer makes the conjunct false."""
    is_list = conjunct.test_name in MULTI
    for option in question.values() or ():
        if conjunct.test({conjunct.question: [option] if is_list else option}) is False:
            table = multi if is_list else single
            table.setdefault(conjunct.question, {}).setdefault(option, set()).add((aid, n) if is_list else aid)


def _frozen(table: dict) -> tuple:
    return tuple((qid, {v: frozenset(ids) for v, ids in by.items()}) for qid, by in table.items())
