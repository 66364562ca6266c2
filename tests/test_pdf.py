"""The determination PDF: what a bank or donor reads in it, its attachment, paper sizes, and that it fetches nothing."""

import gc
import io
import json
import re
import shutil
import socket
import subprocess

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from humanitarian import pdf as pdf_module
from humanitarian.catalogue import get_catalogue
from humanitarian.determinations.services import create_determination
from humanitarian.pdf import RefusedFetch, StaticOnlyFetcher, render_pdf
from humanitarian.rules.vocabulary import Outcome

pytestmark = pytest.mark.django_db
SCENARIOS = get_catalogue().scenarios


def covering(scenarios) -> list:
    """The fewest scenarios (greedy) that between them show every outcome and every authorization
    applying or needing review in each country: each PDF takes about a second, all of them minutes."""

    def features(s):
        shown = {(j, "outcome", e["outcome"]) for j, e in s.by_country.items()}
        for j, e in s.by_country.items():
            shown |= {(j, status, auth) for status in ("applies", "needs_review") for auth in e.get(status, [])}
        return shown

    wanted, chosen = set().union(*map(features, scenarios)), []
    while wanted:
        best = max(scenarios, key=lambda s: len(features(s) & wanted))
        chosen.append(best)
        wanted -= features(best)
    return chosen


HOSTILE = "<script>alert(1)</script> <img src=http://example.com/x.png> </style><style>*{display:none}</style>"


def text_of(reader: PdfReader) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def download(client, record, paper="a4") -> PdfReader:
    response = client.get(f"{record.get_absolute_url()}pdf/", {"paper": paper})
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{record.reference}-{paper}.pdf"'
    return PdfReader(io.BytesIO(response.content))


@pytest.fixture
def no_network(monkeypatch):
    """Fail loudly if anything opens a socket while the PDF renders."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access during PDF rendering")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


@pytest.fixture
def fetches(monkeypatch):
    """Every URL the renderer asks the fetcher for."""
    requested = []
    original = StaticOnlyFetcher.fetch

    def recording(self, url, headers=None):
        requested.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(StaticOnlyFetcher, "fetch", recording)
    return requested


def squashed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("scenario", covering(SCENARIOS), ids=lambda s: s.name)
def test_pdf_states_outcomes_authorizations_obligations_and_digest(client, scenario, no_network):
    record = create_determination(answers=scenario.answers, as_of=scenario.as_of, organization="Relief Org")
    text = text_of(download(client, record))
    flat = squashed(text)  # lines may wrap anywhere, e.g. after the slash in "INT/2022/..."
    result = record.result
    assert record.reference in text and "Relief Org" in text and "Not legal advice" in text
    assert result["catalogue_digest"] in flat
    for j in result["jurisdictions"].values():
        assert f"{j['name']} ({j['authority']})" in text
        assert Outcome(j["outcome"]).label in text
        assert squashed(j["headline"]) in flat
        for auth in j["authorizations"]:
            assert squashed(auth["version"]) in flat  # relied on under "Why", the others in the appendix
            if auth["id"] in j["relied_on"]:
                assert squashed(auth["legal_basis"]) in flat
        for step in j["next_steps"]:
            assert squashed(step["text"]) in flat
    for divergence in result["divergences"]:
        assert divergence["topic"] in text
    assert no_network == []


def test_pdf_carries_the_stored_result_as_json(client):
    scenario = SCENARIOS[0]
    record = create_determination(answers=scenario.answers, as_of=scenario.as_of)
    attachments = download(client, record).attachments
    assert list(attachments) == [f"determination-{record.reference}.json"]
    assert json.loads(attachments[f"determination-{record.reference}.json"][0]) == record.result


@pytest.mark.parametrize(("paper", "size"), [("a4", (595, 842)), ("letter", (612, 792))])
def test_both_paper_sizes(client, paper, size):
    scenario = SCENARIOS[0]
    record = create_determination(answers=scenario.answers, as_of=scenario.as_of)
    reader = download(client, record, paper)
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == size
    assert re.search(r"Page 1 of \d+", text_of(reader))


def test_unknown_paper_is_a_clear_400(client):
    scenario = SCENARIOS[0]
    record = create_determination(answers=scenario.answers, as_of=scenario.as_of)
    response = client.get(f"{record.get_absolute_url()}pdf/", {"paper": "tabloid"})
    assert response.status_code == 400
    assert b"a4" in response.content and b"letter" in response.content


def test_pdf_is_tagged_with_bookmarks_and_embedded_fonts(client):
    scenario = SCENARIOS[0]
    record = create_determination(answers=scenario.answers, as_of=scenario.as_of)
    reader = download(client, record)
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en"
    titles = [item["/Title"] for item in flatten(reader.outline)]
    assert (
        "The answer" in titles
        and "What you need to do" in titles
        and "Where the US and UK differ" in titles
        and "Answers given" in titles
    )
    fonts = [font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()]
    assert fonts
    for font in fonts:
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] if "/DescendantFonts" in font else font
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font


def flatten(outline):
    for item in outline:
        yield from flatten(item) if isinstance(item, list) else [item]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
def test_first_page_renders_to_an_image(client, tmp_path):
    from PIL import Image

    scenario = SCENARIOS[0]
    record = create_determination(answers=scenario.answers, as_of=scenario.as_of)
    response = client.get(f"{record.get_absolute_url()}pdf/")
    (tmp_path / "d.pdf").write_bytes(response.content)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", "-singlefile", "d.pdf", "page"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    image = Image.open(tmp_path / "page.png").convert("L")
    assert image.size == (331, 468)  # A4 at 40 dpi
    dark = sum(1 for value in image.get_flattened_data() if value < 128)
    assert dark > 0.02 * image.size[0] * image.size[1]  # text and the title band, not a blank page


def test_free_text_is_printed_literally_and_nothing_is_fetched(client, fetches, no_network):
    scenario = SCENARIOS[0]
    record = create_determination(answers=scenario.answers, as_of=scenario.as_of, organization=HOSTILE)
    text = text_of(download(client, record))
    assert HOSTILE.replace(" ", "") in text.replace(" ", "")  # long tokens may wrap anywhere
    assert "Not legal advice" in text  # the injected stylesheet hid nothing
    assert not [url for url in fetches if "example.com" in url]
    assert no_network == []


def test_the_fetcher_serves_static_files_and_refuses_everything_else(no_network):
    fetcher = StaticOnlyFetcher()
    css = fetcher.fetch(f"{pdf_module.BASE_URL}static/site.css")
    assert b"{" in css.read() and css.headers["Content-Type"] == "text/css"
    for url in (
        "http://example.com/x.png",
        "https://pdf.invalid/static/../humanitarian/settings.py",
        "https://pdf.invalid/static/no-such-file.css",
        "https://pdf.invalid/etc/passwd",
        "file:///etc/passwd",
        "data:text/plain,hello",
    ):
        with pytest.raises(RefusedFetch):
            fetcher.fetch(url)
    assert no_network == []


def test_render_pdf_survives_hostile_html_without_fetching(no_network):
    fetcher = StaticOnlyFetcher()
    html = (
        '<html lang="en"><head><title>t</title><link rel="stylesheet" href="http://example.com/a.css"></head>'
        '<body><h1>Matrix</h1><img src="file:///etc/passwd"><img src="https://example.com/b.png"></body></html>'
    )
    reader = PdfReader(io.BytesIO(render_pdf(html, paper="letter", url_fetcher=fetcher)))
    assert "Matrix" in reader.pages[0].extract_text()
    assert sorted(fetcher.requested) == ["file:///etc/passwd", "http://example.com/a.css", "https://example.com/b.png"]
    assert no_network == []
    with pytest.raises(ValueError, match="paper"):
        render_pdf(html, paper="tabloid")


@pytest.mark.parametrize("enabled", [True, False])
def test_a_render_leaves_the_garbage_collector_as_it_found_it(enabled, monkeypatch):
    """The collector is held off during a render only: left off, the process would never free its cycles."""
    seen = []

    def failing_write(self, **options):
        seen.append(gc.isenabled())
        raise OSError("disk full")

    (gc.enable if enabled else gc.disable)()
    try:
        render_pdf("<p>Matrix</p>")
        assert gc.isenabled() is enabled
        monkeypatch.setattr("weasyprint.HTML.write_pdf", failing_write)
        with pytest.raises(OSError):
            render_pdf("<p>Matrix</p>")
        assert seen == [False] and gc.isenabled() is enabled
    finally:
        gc.enable()


def test_cli_writes_the_same_pdf_unsaved(tmp_path):
    scenario = SCENARIOS[0]
    out = tmp_path / "out.pdf"
    call_command("determine", scenario.path, "--pdf", str(out), "--paper", "letter", stdout=io.StringIO())
    reader = PdfReader(out)
    text = text_of(reader)
    assert "UNSAVED" in text
    for j in scenario.by_country.values():
        assert Outcome(j["outcome"]).label in text
    assert round(float(reader.pages[0].mediabox.width)) == 612
    assert "determination-UNSAVED.json" in reader.attachments


def test_an_incomplete_determination_lists_the_questions_still_open(client):
    record = create_determination(answers={}, as_of=SCENARIOS[0].as_of)
    assert record.result["open_questions"], "with no answers some question must still be open"
    text = text_of(download(client, record))
    page = client.get(record.get_absolute_url()).content.decode()
    assert "No general authorization" not in text and "What is not decided yet" in text
    for question in record.result["open_questions"]:
        assert squashed(question["prompt"]) in squashed(text)
        assert question["prompt"].replace("'", "&#x27;") in page


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_nothing_is_printed_in_the_side_margins(client, tmp_path, paper):
    """A long unbroken name, long citations and the longest result still wrap inside the 15 mm side margins."""
    from PIL import Image

    scenario = max(SCENARIOS, key=lambda s: len(s.answers))
    record = create_determination(answers=scenario.answers, as_of=scenario.as_of, organization="Relief" * 40)
    (tmp_path / "d.pdf").write_bytes(client.get(f"{record.get_absolute_url()}pdf/", {"paper": paper}).content)
    subprocess.run(["pdftoppm", "-png", "-r", "50", "d.pdf", "page"], cwd=tmp_path, check=True, capture_output=True)
    strip = round(14 / 25.4 * 50)  # 14 mm: the 15 mm margin less a millimetre for anti-aliasing
    for image_path in sorted(tmp_path.glob("page*.png")):
        image = Image.open(image_path).convert("L")
        width, height = image.size
        for left in (0, width - strip):
            inked = [v for v in image.crop((left, 0, left + strip, height)).get_flattened_data() if v < 200]
            assert not inked, f"{image_path.name}: {len(inked)} dark pixels in the margin at x={left}"
