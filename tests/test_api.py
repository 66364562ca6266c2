"""The JSON API: every response checked against the OpenAPI document, determinations equal to the engine's."""

import json
from datetime import date

import pytest
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from humanitarian.api.openapi import openapi_document
from humanitarian.catalogue import get_catalogue
from humanitarian.determinations.services import create_determination
from humanitarian.rules import evaluate
from humanitarian.rules.model import EARLIEST_DAY

pytestmark = pytest.mark.django_db
DOC = openapi_document()
REGISTRY = Registry().with_resource("urn:api", DRAFT202012.create_resource(DOC))


def check(response, path: str, method: str = "get") -> dict:
    """The response's JSON, after validating it against what the document promises for its status."""
    documented = DOC["paths"][path][method]["responses"]
    status = str(response.status_code)
    assert status in documented, f"{method.upper()} {path} answered {status}, which the document does not list"
    assert response["Content-Type"] == "application/json"
    pointer = "/".join(["#/paths", path.replace("/", "~1"), method, "responses", status, "content"])
    schema = {"$ref": f"urn:api{pointer}/application~1json/schema"}
    body = response.json()
    Draft202012Validator(schema, registry=REGISTRY, format_checker=FormatChecker()).validate(body)
    return body


def post(client, body):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(reverse("api:determinations"), data, content_type="application/json")


@pytest.fixture
def catalogue():
    return get_catalogue()


def test_the_document_is_openapi_3_1_and_names_every_api_url(client):
    served = check(client.get(reverse("api:openapi")), "/api/openapi.json")
    assert served["openapi"].startswith("3.1")
    Draft202012Validator.check_schema({"$defs": served["components"]["schemas"]})
    from humanitarian.api.urls import urlpatterns

    documented = {resolve(p.replace("{id}", "x")).url_name for p in served["paths"]}
    assert documented == {p.name for p in urlpatterns}
    for path, operations in served["paths"].items():
        for operation in operations.values():
            assert {"200", "400", "405"} <= set(operation["responses"]), path


def test_authorization_list_has_every_authorization_with_its_versions(client, catalogue):
    body = check(client.get(reverse("api:authorizations")), "/api/authorizations")
    assert body["catalogue_digest"] == catalogue.digest
    assert [a["id"] for a in body["authorizations"]] == [
        a["id"] for a in sorted(body["authorizations"], key=lambda a: (a["jurisdiction"] != "US", a["title"].lower()))
    ]
    by_id = {a["id"]: a for a in body["authorizations"]}
    assert set(by_id) == {a.id for a in catalogue.authorizations}
    for auth in catalogue.authorizations:
        assert [v["id"] for v in by_id[auth.id]["versions"]] == [v.id for v in auth.versions]
        assert by_id[auth.id]["links"]["page"] == reverse("library:detail", args=[auth.id])


def test_authorization_list_filters_and_explains_bad_filters(client, catalogue):
    code = next(iter(catalogue.jurisdictions))
    body = check(client.get(reverse("api:authorizations"), {"jurisdiction": code}), "/api/authorizations")
    assert {a["id"] for a in body["authorizations"]} == {
        a.id for a in catalogue.authorizations if a.jurisdiction == code
    }
    bad = check(
        client.get(reverse("api:authorizations"), {"kind": "wish", "as_of": "2023-02-30"}), "/api/authorizations"
    )
    assert bad["error"] and len(bad["details"]) == 2
    assert any(d.startswith("kind:") and "wish" in d for d in bad["details"])
    assert any(d.startswith("as_of:") for d in bad["details"])


def test_each_authorization_in_full_with_conditions_as_data(client, catalogue):
    for auth in catalogue.authorizations:
        url = reverse("api:authorization", args=[auth.id])
        as_of = max(auth.versions[-1].effective_from, EARLIEST_DAY)  # the API takes no earlier day
        body = check(client.get(url, {"as_of": as_of.isoformat()}), "/api/authorizations/{id}")
        assert body["id"] == auth.id and len(body["versions"]) == len(auth.versions)
        assert body["in_force"] == auth.versions[-1].id or body["lapsed"]
        for data, version in zip(body["versions"], auth.versions, strict=True):
            assert data["applies_if"]["text"]
            assert [e["id"] for e in data["excluded_if"]] == [e.id for e in version.excluded_if]
            assert [o["id"] for o in data["obligations"]] == [o.id for o in version.obligations]
        assert all(v["changes_from_previous"] for v in body["versions"][1:])


def test_unknown_authorization_is_a_json_404(client):
    body = check(client.get(reverse("api:authorization", args=["no-such-thing"])), "/api/authorizations/{id}")
    assert "no-such-thing" in body["error"]
    bad_date = client.get(reverse("api:authorization", args=[get_catalogue().authorizations[0].id]), {"as_of": "x"})
    assert check(bad_date, "/api/authorizations/{id}")["details"][0].startswith("as_of:")


def test_questions_in_catalogue_order_with_their_accepted_values(client, catalogue):
    body = check(client.get(reverse("api:questions")), "/api/questions")
    assert [q["id"] for q in body["questions"]] == [q.id for q in catalogue.questions]
    for data, question in zip(body["questions"], catalogue.questions, strict=True):
        assert [o["value"] for o in data["options"]] == [o.value for o in question.options]
        assert (data["ask_if"] is None) == (question.ask_if is None)


@pytest.mark.parametrize("name", [s.name for s in get_catalogue().scenarios])
def test_determination_equals_the_engine_and_the_saved_web_result(client, catalogue, name):
    scenario = next(s for s in catalogue.scenarios if s.name == name)
    response = post(client, {"answers": scenario.answers, "as_of": scenario.as_of.isoformat()})
    body = check(response, "/api/determinations", "post")
    engine = json.loads(json.dumps(evaluate(catalogue, scenario.answers, scenario.as_of).to_dict()))
    assert body == engine
    saved = create_determination(answers=scenario.answers, as_of=scenario.as_of)
    assert body["jurisdictions"] == saved.result["jurisdictions"]
    assert body["divergences"] == saved.result["divergences"]


def test_determination_as_of_defaults_to_today(client):
    body = check(post(client, {"answers": {}}), "/api/determinations", "post")
    assert body["as_of"] == date.today().isoformat()
    assert all(j["outcome"] in ("incomplete", "not_engaged") for j in body["jurisdictions"].values())


def test_bad_bodies_get_400_with_each_problem(client, catalogue):
    yes_no = next(q for q in catalogue.questions if q.type == "yes_no")
    multi = next(q for q in catalogue.questions if q.type == "multi_choice")
    cases = {
        "{": "not valid JSON",
        b"\xff\xfe": "not UTF-8",
        "[1, 2]": "must be a JSON object",
        '"answers"': "must be a JSON object",
    }
    for body, words in cases.items():
        assert words in check(post(client, body), "/api/determinations", "post")["error"]
    problems = check(
        post(
            client,
            {
                "answers": {"no_such_question": "yes", yes_no.id: "perhaps", multi.id: "not-a-list"},
                "as_of": "2023-02-30",
                "comment": "hi",
            },
        ),
        "/api/determinations",
        "post",
    )["details"]
    assert len(problems) == 5, problems
    joined = " | ".join(problems)
    for words in ("no_such_question", yes_no.id, multi.id, "comment"):
        assert words in joined
    assert "'as_of': expected a real date (YYYY-MM-DD), got '2023-02-30'" in problems
    for odd in ({"answers": []}, {"answers": {yes_no.id: ["yes"]}}, {"answers": {multi.id: [{"a": 1}]}}):
        assert check(post(client, odd), "/api/determinations", "post")["details"]


def test_answers_and_dates_are_held_to_the_same_rules_as_the_web_forms(client, catalogue):
    exclusive = next(q for q in catalogue.questions if any(o.exclusive for o in q.options))
    none = next(o.value for o in exclusive.options if o.exclusive)
    date_question = next(q for q in catalogue.questions if q.type == "date")
    cases = [
        ({"as_of": "20240115"}, "'as_of': expected a date (YYYY-MM-DD), got '20240115'"),
        ({"as_of": "2024-W01-1"}, "'as_of': expected a date (YYYY-MM-DD)"),
        ({"as_of": "0001-01-01"}, "'as_of': expected a date between 2014 and 2100"),
        ({"answers": {date_question.id: "9999-12-31"}}, f"'{date_question.id}' expected a date between 2014 and 2100"),
        ({"answers": {exclusive.id: []}}, f"'{exclusive.id}' takes a list of one or more choices"),
        (
            {"answers": {exclusive.id: [exclusive.options[0].value, none]}},
            f"'{exclusive.id}': '{none}' cannot be combined with other choices",
        ),
    ]
    for body, problem in cases:
        details = check(post(client, body), "/api/determinations", "post")["details"]
        assert any(d.startswith(problem) for d in details), (body, details)


def test_a_body_nested_too_deeply_is_a_400_not_a_crash(client):
    body = '{"answers": {"links": ' + "[" * 100_000 + "]" * 100_000 + "}}"
    response = post(client, body)
    assert response.status_code == 400
    assert "nests too deeply" in response.json()["error"]


def test_wrong_methods_are_405_with_allow(client):
    response = client.get(reverse("api:determinations"))
    assert check(response, "/api/determinations", "post")["error"] and response["Allow"] == "POST"
    for name in ("api:authorizations", "api:questions", "api:openapi"):
        response = client.post(reverse(name), "{}", content_type="application/json")
        assert response.status_code == 405 and response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_writes_to_the_read_only_api_are_a_json_405_even_from_a_browser_with_a_csrf_cookie(method):
    browser = Client(enforce_csrf_checks=True)
    browser.cookies["csrftoken"] = "x" * 32
    response = getattr(browser, method)(reverse("api:questions"), "{}", content_type="application/json")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
    assert response["Content-Type"] == "application/json" and response.json()["error"]


def test_head_answers_wherever_get_does(client):
    for name in ("api:authorizations", "api:questions", "api:openapi"):
        assert client.head(reverse(name)).status_code == 200


def test_unknown_api_paths_are_404(client):
    with pytest.raises(Resolver404):
        resolve("/api/nothing-here")
    assert client.get("/api/authorizations/a/b").status_code == 404


def test_a_choice_given_twice_is_refused_before_the_engine_runs(client):
    response = post(client, {"answers": {"activity_types": ["humanitarian_relief"] * 11_000}})
    body = check(response, "/api/determinations", "post")
    assert response.status_code == 400 and len(response.content) < 1000
    assert body["details"] == ["'activity_types' gives the same choice more than once"]


def test_an_error_answer_lists_a_bounded_number_of_problems(client):
    response = post(client, {"answers": {f"no_such_question_{i}": "yes" for i in range(5000)}})
    details = check(response, "/api/determinations", "post")["details"]
    assert len(details) == 21 and details[-1] == "... and 4980 more problems"
