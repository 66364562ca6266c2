"""Evidence: what each version rests on, read from the rule files and checked for what it claims to support."""

from datetime import date

from humanitarian.rules import load_catalogue
from humanitarian.rules.evidence import coverage, is_official
from tests.test_loader import RELIEF, edit, errors_of, line_of

EVIDENCE = """    evidence:
      - url: https://www.federalregister.gov/d/2022-00001
        copy: https://regulations.justia.com/regulations/fedreg/2022/01/01/2022-00001.html
        pinpoint: GL 1, paragraph (a)
        quote: NGOs are authorized to engage in relief.
        supports: [dates, applies_if]
        read_on: 2026-12-01
      - url: https://lawfirm.example/gl-1
        quote: GL 1 excludes other blocked persons.
        supports: [excluded_if.other_blocked]
        read_on: 2026-11-20
"""


def with_evidence(root, evidence=EVIDENCE):
    edit(root, RELIEF, "    verified_on: 2026-11-01\n    applies_if:", evidence + "    applies_if:")


def test_official_hosts_include_subdomains_and_nothing_else():
    assert is_official("https://ofac.treasury.gov/faqs/999")
    assert is_official("https://www.legislation.gov.uk/uksi/2023/121/made")
    assert not is_official("https://regulations.justia.com/regulations/fedreg/2023/06/05/2023-11979.html")
    assert not is_official("https://treasury.gov.example.com/faqs/999")


def test_a_version_takes_verified_on_from_its_latest_official_reading(rules):
    with_evidence(rules)
    version = load_catalogue(rules).authorization("us-relief").versions[0]
    assert version.verified_on == date(2026, 12, 1), "the commentary read on 2026-11-20 does not count"
    assert coverage(version) == {
        "dates": "official",
        "applies_if": "official",
        "excluded_if.other_blocked": "secondary",
    }
    assert version.evidence[0].copy.startswith("https://regulations.justia.com/")


def test_a_version_with_evidence_must_not_also_set_verified_on(rules):
    edit(rules, RELIEF, "    applies_if:", EVIDENCE + "    applies_if:")
    line = line_of(rules, RELIEF, "verified_on: 2026-11-01")
    assert (
        f"licenses/{RELIEF}:{line}: versions[0].verified_on: a version with evidence takes verified_on from its "
        "latest official read_on; remove this key" in errors_of(rules)
    )


def test_evidence_for_a_point_the_version_does_not_have(rules):
    with_evidence(rules, EVIDENCE.replace("[excluded_if.other_blocked]", "[obligations.report]"))
    line = line_of(rules, RELIEF, "[obligations.report]")
    (error,) = errors_of(rules)
    assert error.startswith(f"licenses/{RELIEF}:{line}: versions[0].evidence[1].supports[0]: GL 1 has no point")


def test_commentary_may_not_come_before_the_official_text(rules):
    swapped = EVIDENCE.replace("https://www.federalregister.gov/d/2022-00001", "https://blog.example/gl-1", 1)
    swapped = swapped.replace("https://lawfirm.example/gl-1", "https://ofac.treasury.gov/faqs/1", 1)
    with_evidence(rules, swapped)
    line = line_of(rules, RELIEF, "https://ofac.treasury.gov/faqs/1")
    assert errors_of(rules) == [
        f"licenses/{RELIEF}:{line}: versions[0].evidence[1].url: official evidence must come before commentary "
        "(https://blog.example/gl-1 is not an official address)"
    ]


def test_evidence_inherited_unchanged_from_an_earlier_version_is_refused(rules):
    with_evidence(rules)
    edit(rules, RELIEF, "    verified_on: 2026-11-01\n    applies_if:", EVIDENCE + "    applies_if:")
    assert any("GL 1A repeats the evidence of GL 1: quote the words of GL 1A itself" in e for e in errors_of(rules))
