"""The scenarios exercise the whole catalogue: every version that can apply is shown applying, and no
version that is not confirmed from the official text is ever shown as a plain "applies"."""

import pytest

from humanitarian.catalogue import get_catalogue
from humanitarian.rules import evaluate

CATALOGUE = get_catalogue()
VERSIONS = [(a, v) for a in CATALOGUE.authorizations for v in a.versions]


def statuses_in_scenarios() -> dict:
    """(authorization id, version id) -> every status the scenarios give it."""
    seen = {}
    for scenario in CATALOGUE.scenarios:
        for j in evaluate(CATALOGUE, scenario.answers, scenario.as_of).jurisdictions.values():
            for result in j.authorizations:
                seen.setdefault((result.id, result.version), set()).add(result.status)
    return seen


SEEN = statuses_in_scenarios()


def can_apply(version) -> bool:
    """Not confirmed from the official text, or always subject to a point to check: only "needs review"."""
    return version.confidence == "confirmed" and all(p.when is not None for p in version.review_points)


@pytest.mark.parametrize(("auth", "version"), VERSIONS, ids=lambda x: getattr(x, "id", ""))
def test_every_version_is_shown_applying_where_it_can(auth, version):
    statuses = SEEN.get((auth.id, version.id), set())
    if can_apply(version):
        assert "applies" in statuses, f"no scenario where {version.id} ({auth.path}) applies"
    else:
        assert "needs_review" in statuses, f"no scenario where {version.id} ({auth.path}) needs review"
        assert "applies" not in statuses, f"{version.id} is not confirmed but a scenario says it applies"


@pytest.mark.parametrize("auth", CATALOGUE.authorizations, ids=lambda a: a.id)
def test_every_authorization_is_shown_not_applying_or_excluded(auth):
    statuses = set().union(*(SEEN.get((auth.id, v.id), set()) for v in auth.versions))
    wanted = {"excluded"} if any(v.excluded_if for v in auth.versions) else {"excluded", "does_not_apply"}
    assert statuses & wanted, f"no scenario where {auth.id} ({auth.path}) is {' or '.join(sorted(wanted))}"
