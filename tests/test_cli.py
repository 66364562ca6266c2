"""manage.py validate_licenses and determine: exit codes, messages, JSON shape."""

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from humanitarian.catalogue import get_catalogue

MINI = Path(__file__).parent / "fixtures" / "mini"
SCENARIO = MINI / "scenarios" / "ngo-relief.yaml"


@pytest.fixture(autouse=True)
def mini_catalogue():
    """Run the commands against the small fixture catalogue."""
    get_catalogue.cache_clear()
    with override_settings(LICENSES_DIR=MINI):
        yield
    get_catalogue.cache_clear()


def run(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_validate_licenses_summarises_each_jurisdiction():
    code, out, _ = run("validate_licenses")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "US (OFAC): 1 authorizations, 2 versions, 5 questions, 1 scenarios"
    assert lines[1] == "  russia (Test Russia regime): 1 authorizations, 2 versions, 0 prohibitions, 1 scenarios"
    assert lines[2] == "UK (OFSI): 1 authorizations, 1 versions, 4 questions, 1 scenarios"


def test_validate_licenses_lists_every_error_and_exits_1(tmp_path):
    broken = tmp_path / "licenses"
    shutil.copytree(MINI, broken)
    relief = broken / "us/russia/relief.yaml"
    relief.write_text(relief.read_text().replace("expires: 2023-01-01", "expires: soon"))
    (broken / "uk/jurisdiction.yaml").unlink()
    with override_settings(LICENSES_DIR=broken):
        code, _, err = run("validate_licenses")
    assert code == 1
    assert "licenses/us/russia/relief.yaml:17: versions[0].expires: expected a date" in err
    assert "licenses/uk/jurisdiction.yaml:1: this file is required [licenses.E009]" in err
    assert err.rstrip().endswith("2 error(s) in the rule files.")


def test_determine_a_scenario_as_json():
    code, out, _ = run("determine", str(SCENARIO), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["as_of"] == "2023-06-01"  # the scenario's own date
    assert data["catalogue_digest"] == get_catalogue().digest
    us, uk = data["jurisdictions"]["US"], data["jurisdictions"]["UK"]
    assert (us["outcome"], uk["outcome"]) == ("authorized", "needs_review")
    (gl,) = us["authorizations"]
    assert {"id", "version", "status", "source_url", "reasons", "obligations"} <= gl.keys()
    assert (gl["id"], gl["version"], gl["status"]) == ("us-relief", "GL 1A", "applies")
    assert isinstance(data["divergences"], list) and isinstance(data["open_questions"], list)


def test_determine_plain_answers_with_as_of_and_text(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("org: ngo\nus_link: 'yes'\nkinds: [relief]\nplace: inside\nblocked: bank\n")
    code, out, _ = run("determine", str(answers), "--as-of", "2022-06-01")
    assert code == 0
    assert "United States (OFAC): AUTHORIZED" in out
    assert "GL 1 (us-relief): applies" in out
    assert "United Kingdom (OFSI): MORE INFORMATION NEEDED" in out
    assert "Not legal advice" in out


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (None, (), "error: cannot read"),
        ("org: [ngo\n", (), ":2: invalid YAML"),
        ("- just\n- a list\n", (), "expected a mapping of question id to answer"),
        ("organisation: ngo\n", (), "there is no question 'organisation'"),
        ("org: charity\n", (), "'org' takes one of company, ngo, got 'charity'"),
        ("org: [ngo, company]\n", (), "'org' takes one of company, ngo, got '['ngo', 'company']'"),
        ("kinds: [[food]]\n", (), "'kinds' does not offer ['food']"),
        ("org: ngo\n", ("--as-of", "tomorrow"), "--as-of: expected a date (YYYY-MM-DD), got 'tomorrow'"),
    ],
)
def test_determine_bad_input_is_one_line_and_exit_2(tmp_path, content, args, message):
    path = tmp_path / "answers.yaml"
    if content is not None:
        path.write_text(content)
    code, out, err = run("determine", str(path), *args)
    assert code == 2
    assert out == ""
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_every_entry_point_reads_dates_the_same_way():
    """YYYY-MM-DD only: 20240115 is refused here as it is by the forms, the API and determine."""
    with pytest.raises(CommandError, match="expected a date"):
        call_command("validate_licenses", "--report", "--as-of", "20240115", stdout=StringIO(), stderr=StringIO())
    code, _, err = run("determine", str(SCENARIO), "--as-of", "20240115")
    assert code == 2 and "expected a date" in err
