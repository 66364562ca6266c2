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


GL_1_EVIDENCE = """    evidence:
      - url: https://ofac.treasury.gov/media/1/download?inline
        pinpoint: GL 1 (a) and (b)
        quote: NGOs may engage in relief from 1 January 2022 to 1 January 2023, save with other blocked persons.
        supports: [dates, applies_if, excluded_if.other_blocked]
        read_on: 2026-11-01
"""


def with_evidence(root, evidence=EVIDENCE):
    """Give GL 1 other evidence; it rests partly on commentary, so it is recorded as secondary."""
    edit(root, RELIEF, GL_1_EVIDENCE, evidence)
    edit(root, RELIEF, "    confidence: confirmed\n", "    confidence: secondary\n")


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
    edit(rules, RELIEF, GL_1_EVIDENCE, "    verified_on: 2026-11-01\n" + GL_1_EVIDENCE)
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
    gl_1a = (rules / RELIEF).read_text().split("    evidence:\n")[2].split("    applies_if:")[0]
    edit(rules, RELIEF, gl_1a, GL_1_EVIDENCE.removeprefix("    evidence:\n"))
    assert any("GL 1A repeats the evidence of GL 1: quote the words of GL 1A itself" in e for e in errors_of(rules))


def test_a_confirmed_version_must_rest_on_official_quotes(rules):
    edit(rules, RELIEF, GL_1_EVIDENCE, EVIDENCE)
    line = line_of(rules, RELIEF, "confidence: confirmed")
    assert errors_of(rules) == [
        f"licenses/{RELIEF}:{line}: versions[0].confidence: GL 1 is confirmed, but these rest on no official quote: "
        "excluded_if.other_blocked (quote the official text under evidence, or say secondary or unconfirmed)"
    ]


def test_every_version_cites_an_official_source(rules):
    edit(
        rules,
        RELIEF,
        "source_url: https://ofac.treasury.gov/media/1/download?inline\n",
        "source_url: https://lawfirm.example/gl-1\n",
    )
    line = line_of(rules, RELIEF, "source_url: https://lawfirm.example/gl-1")
    assert errors_of(rules) == [
        f"licenses/{RELIEF}:{line}: versions[0].source_url: GL 1: https://lawfirm.example/gl-1 is not an official "
        "address (cite the licence where its authority publishes it, or the authority's page for the programme; "
        "commentary goes under evidence)"
    ]
