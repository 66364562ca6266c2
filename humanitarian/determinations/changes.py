"""What changed between two engine results for the same answers: the "check against today's rules" report."""

from humanitarian.rules.results import upgrade
from humanitarian.rules.vocabulary import Outcome, Status, StepKind, label


def diff_results(old: dict, new: dict) -> list[str]:
    """Plain-language changes in outcome, in each authorization's status or version, and in obligations.

    Empty when a person relying on ``old`` has nothing new to do or check.
    """
    changes = []
    old, new = upgrade(old), upgrade(new)
    for code in dict.fromkeys([*old["jurisdictions"], *new["jurisdictions"]]):
        before, after = old["jurisdictions"].get(code), new["jurisdictions"].get(code)
        if before is None or after is None:
            name = (before or after)["name"]
            changes.append(f"{name} is {'no longer' if after is None else 'now'} covered by the rules.")
            continue
        changes += _jurisdiction_changes(after["name"], before, after)
    return changes


def _jurisdiction_changes(name: str, before: dict, after: dict) -> list[str]:
    changes = []
    if before["outcome"] != after["outcome"]:
        was, now = label(Outcome, before["outcome"]), label(Outcome, after["outcome"])
        changes.append(f"{name}: the outcome was “{was}” and is now “{now}”.")
    old_auths = {a["id"]: a for a in before["authorizations"]}
    new_auths = {a["id"]: a for a in after["authorizations"]}
    for aid in dict.fromkeys([*old_auths, *new_auths]):
        was, now = old_auths.get(aid), new_auths.get(aid)
        if was is None:
            changes.append(f"{name}: {now['version']} ({now['title']}) is new in the rules: {_status(now)}.")
        elif now is None:
            changes.append(f"{name}: {was['version']} ({was['title']}) is no longer in the rules.")
        elif was["status"] != now["status"]:
            changes.append(f"{name}: {now['version']} was “{_status(was)}” and is now “{_status(now)}”.")
        elif now["id"] in after["relied_on"] and was["version"] != now["version"]:
            changes.append(f"{name}: {now['title']} is now version {now['version']} (was {was['version']}).")
    old_duties, new_duties = _obligations(before), _obligations(after)
    changes += [f"{name}: new obligation: {text}" for text in new_duties if text not in old_duties]
    changes += [f"{name}: no longer an obligation: {text}" for text in old_duties if text not in new_duties]
    return changes


def _status(auth: dict) -> str:
    return label(Status, auth["status"])


def _obligations(j: dict) -> list[str]:
    """Every duty the engine gave the person in this country."""
    return [step["text"] for step in j["next_steps"] if step["kind"] == StepKind.DUTY]
