"""Organization names in any script print in the PDF, with an embedded subset font, and the log never quotes them."""

import io
import logging
import re

import pytest
from pypdf import PdfReader

from humanitarian.catalogue import get_catalogue
from humanitarian.determinations.exports import determination_pdf
from humanitarian.rules import evaluate

SCENARIO = get_catalogue().scenarios[0]
NAMES = ["救援组织", "日本の支援団体", "한국구호단체", "राहत संस्था", "ሰላም ድርጅት", "มูลนิธิช่วยเหลือ"]


@pytest.fixture(scope="module")
def result():
    return evaluate(get_catalogue(), SCENARIO.answers, SCENARIO.as_of).to_dict()


def fonts_of(reader: PdfReader) -> set[str]:
    """The base names of the fonts the PDF's pages use, with their subset tag ("ABCDEF+") if they are subset."""
    found = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            found.add(str(font.get_object()["/BaseFont"]).lstrip("/"))
    return found


def test_names_in_other_scripts_print_with_embedded_subset_fonts(result, caplog):
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        reader = PdfReader(io.BytesIO(determination_pdf(result, reference="UNSAVED", organization=" ".join(NAMES))))
    text = " ".join(page.extract_text() for page in reader.pages)
    for name in NAMES[:3]:  # extractors reorder the complex scripts' clusters, so only these compare literally
        assert name in text
    noto = {font for font in fonts_of(reader) if "Noto" in font}
    assert noto and all(re.match(r"[A-Z]{6}\+", font) for font in noto), fonts_of(reader)
    assert not [r for r in caplog.records if r.name == "weasyprint"]  # nothing printed as a box


def test_a_character_no_font_has_is_logged_without_the_character(result, caplog):
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        determination_pdf(result, reference="UNSAVED", organization="Org \ue000\ue001")
    warnings = [r.getMessage() for r in caplog.records if r.name == "weasyprint"]
    assert warnings, "the private-use characters should have no glyph in any installed font"
    assert not [w for w in warnings if "\ue000" in w or "E000" in w or "\ue001" in w]
