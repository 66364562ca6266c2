"""The OpenAPI 3.1 description of the API, written by hand and checked against real responses by the tests.

Objects the API builds itself are closed (``additionalProperties: false``) so
a field added without documenting it fails the tests. The engine's result is
open: every documented field is required, and a field the engine adds later
(under a new ``schema_version``) does not break clients that ignore it.
"""

from humanitarian.rules.conditions import COMBINATORS, COMPILED_TESTS
from humanitarian.rules.vocabulary import Actor, Confidence, Outcome, QuestionType, Status, StepKind


def one_of(enum) -> dict:
    """A string from one of the engine's vocabularies: the document's enums come from the types themselves."""
    return {"enum": [member.value for member in enum]}


DATE = {"type": "string", "format": "date"}
OPTIONAL_DATE = {"type": ["string", "null"], "format": "date"}
TEXT = {"type": "string"}
URL = {"type": "string", "format": "uri-reference"}
TEXTS = {"type": "array", "items": TEXT}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def closed(properties: dict, required=None, description: str = "") -> dict:
    schema = {
        "type": "object",
        "properties": properties,
        "required": list(required if required is not None else properties),
        "additionalProperties": False,
    }
    return {"description": description, **schema} if description else schema


def opened(properties: dict, required=None) -> dict:
    return {
        "type": "object",
        "properties": properties,
        "required": list(required if required is not None else properties),
    }


def array(item) -> dict:
    return {"type": "array", "items": item}


def json_response(description: str, schema) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERRORS = {
    "400": json_response("The request is not valid; `details` lists each problem.", ref("Error")),
    "405": json_response("Wrong method; the Allow header names the right one.", ref("Error")),
}
AS_OF = {
    "name": "as_of",
    "in": "query",
    "required": False,
    "description": "Read the rules as of this date (YYYY-MM-DD); today if left out.",
    "schema": DATE,
}


def filter_parameter(name: str, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": TEXT}


SCHEMAS = {
    "Error": closed(
        {"error": TEXT, "details": TEXTS},
        description="Every error: a sentence, then each problem in words.",
    ),
    "Condition": closed(
        {
            "text": {**TEXT, "description": "The rule author's sentence, or how the items combine."},
            "join": {"enum": [*COMBINATORS, None]},
            "items": array(ref("Condition")),
            "question": {**TEXT, "description": "The question a test reads (tests only)."},
            "test": {"enum": list(COMPILED_TESTS)},
            "value": {"description": "The value or values the answer is tested against."},
        },
        required=["text", "join", "items"],
        description="A condition as nested sentences: `all`/`any`/`not` over items, or one test on an answer.",
    ),
    "Topic": closed({"id": TEXT, "label": TEXT}),
    "VersionDates": closed(
        {
            "id": TEXT,
            "title": TEXT,
            "issued": DATE,
            "effective_from": DATE,
            "expires": OPTIONAL_DATE,
            "confidence": one_of(Confidence),
            "verified_on": OPTIONAL_DATE,
        }
    ),
    "Change": closed(
        {
            "section": TEXT,
            "change": {"enum": ["added", "removed", "changed"]},
            "before": {"type": ["string", "null"]},
            "after": {"type": ["string", "null"]},
        },
        description="One difference from the previous version.",
    ),
    "Version": closed(
        {
            "id": TEXT,
            "title": TEXT,
            "issued": DATE,
            "effective_from": DATE,
            "expires": OPTIONAL_DATE,
            "confidence": one_of(Confidence),
            "confidence_label": TEXT,
            "verified_on": OPTIONAL_DATE,
            "legal_basis": TEXT,
            "source_url": URL,
            "sources": array(closed({"label": TEXT, "url": URL})),
            "changes": {**TEXT, "description": "The rule author's note of what this version changed; may be empty."},
            "allows": TEXTS,
            "conditions": TEXTS,
            "applies_if": ref("Condition"),
            "excluded_if": array(closed({"id": TEXT, "reason": TEXT, "citation": TEXT, "when": ref("Condition")})),
            "review_points": array(
                closed(
                    {"id": TEXT, "point": TEXT, "check": URL, "when": {"anyOf": [ref("Condition"), {"type": "null"}]}}
                )
            ),
            "obligations": array(
                closed(
                    {
                        "id": TEXT,
                        "text": TEXT,
                        "deadline": TEXT,
                        "to_whom": TEXT,
                        "citation": TEXT,
                        "when": {"anyOf": [ref("Condition"), {"type": "null"}]},
                    }
                )
            ),
            "warnings": {**TEXTS, "description": "Checked long ago, or expiring within 60 days of as_of."},
            "answers_for_as_of": {"type": "boolean", "description": "This is the version that answers for as_of."},
            "previous": {"type": ["string", "null"]},
            "changes_from_previous": array(ref("Change")),
        }
    ),
    "Links": closed({"self": TEXT, "page": TEXT}),
}
SUMMARY_FIELDS = {
    "id": TEXT,
    "jurisdiction": {"enum": ["US", "UK"]},
    "jurisdiction_name": TEXT,
    "authority": TEXT,
    "regime": TEXT,
    "regime_label": TEXT,
    "kind": TEXT,
    "kind_label": TEXT,
    "title": TEXT,
    "topics": array(ref("Topic")),
    "summary": TEXT,
    "in_force": {"type": ["string", "null"], "description": "The id of the version in force on as_of, if any."},
    "source_url": {**URL, "description": "The official text of the version that answers for as_of."},
    "lapsed": {"type": "boolean", "description": "Its last version had expired by as_of."},
    "warnings": TEXTS,
    "links": ref("Links"),
}
SCHEMAS["AuthorizationSummary"] = closed({**SUMMARY_FIELDS, "versions": array(ref("VersionDates"))})
SCHEMAS["Authorization"] = closed(
    {
        "as_of": DATE,
        "catalogue_digest": TEXT,
        **SUMMARY_FIELDS,
        "who_may_use": TEXT,
        "notes": TEXT,
        "lifts": array(closed({"id": TEXT, "reason": TEXT, "citation": TEXT})),
        "gaps": array(closed({"from": DATE, "to": OPTIONAL_DATE, "reason": TEXT})),
        "current": ref("Version"),
        "versions": array(ref("Version")),
    }
)
SCHEMAS["AuthorizationList"] = closed(
    {"as_of": DATE, "catalogue_digest": TEXT, "authorizations": array(ref("AuthorizationSummary"))}
)
SCHEMAS["Question"] = closed(
    {
        "id": TEXT,
        "section": TEXT,
        "prompt": TEXT,
        "help": TEXT,
        "type": one_of(QuestionType),
        "options": array(closed({"value": TEXT, "label": TEXT, "help": TEXT})),
        "allow_unknown": {
            "type": "boolean",
            "description": "Whether 'I don't know' (the value `unknown`) is accepted.",
        },
        "why": TEXT,
        "why_url": TEXT,
        "ask_if": {"anyOf": [ref("Condition"), {"type": "null"}], "description": "Asked only when this holds."},
    }
)
SCHEMAS["QuestionCatalogue"] = closed(
    {
        "catalogue_digest": TEXT,
        "unknown_answer": {"const": "unknown"},
        "sections": array(closed({"id": TEXT, "title": TEXT, "intro": TEXT})),
        "questions": array(ref("Question")),
    }
)
SCHEMAS["DeterminationRequest"] = closed(
    {
        "answers": {
            "type": "object",
            "description": "Question id to answer: a string (an option's value, 'yes'/'no', a date, text "
            "or 'unknown'), or a list of option values for a multi_choice question.",
            "additionalProperties": {"anyOf": [TEXT, TEXTS]},
        },
        "as_of": {**DATE, "description": "The date of the activity; today if left out."},
    },
    required=["answers"],
)
REASON = opened({"text": TEXT, "holds": {"type": ["boolean", "null"]}}, required=["text", "holds"])
OBLIGATION = opened(
    {
        "id": TEXT,
        "text": TEXT,
        "deadline": TEXT,
        "to_whom": TEXT,
        "by": one_of(Actor),
        "citation": TEXT,
        "certain": {"type": "boolean"},
    },
    required=["id", "text"],
)
NEXT_STEP = opened(
    {
        "id": {**TEXT, "description": "The duty's, route's or question's id in the rule files ('' for a check)."},
        "kind": one_of(StepKind),
        "text": TEXT,
        "by": {**one_of(Actor), "description": "Who must act: the organization itself, or its bank."},
        "deadline": TEXT,
        "to_whom": TEXT,
        "url": {**TEXT, "description": "Where it comes from, or where to check or apply."},
        "certain": {"type": "boolean", "description": "False: applies only if a point still open turns out to hold."},
        "sources": {**TEXTS, "description": "The versions (or the country's rules) that ask for it."},
        "question": {**TEXT, "description": "For an 'answer' step, the question to answer."},
    }
)
AUTHORIZATION_RESULT = opened(
    {
        "id": TEXT,
        "title": TEXT,
        "kind": TEXT,
        "authority": TEXT,
        "topics": TEXTS,
        "version": TEXT,
        "version_title": TEXT,
        "legal_basis": TEXT,
        "source_url": URL,
        "confidence": TEXT,
        "verified_on": OPTIONAL_DATE,
        "effective_from": DATE,
        "expires": OPTIONAL_DATE,
        "status": one_of(Status),
        "reasons": array(REASON),
        "summary": TEXT,
        "addressed_to": {**one_of(Actor), "description": "Who may act under it: the organization, or its bank."},
        "allows": TEXTS,
        "conditions": TEXTS,
        "obligations": array(OBLIGATION),
        "review_points": array(opened({"point": TEXT, "check": URL})),
        "warnings": TEXTS,
    }
)
JURISDICTION_RESULT = opened(
    {
        "code": {"enum": ["US", "UK"]},
        "name": TEXT,
        "authority": TEXT,
        "outcome": one_of(Outcome),
        "headline": TEXT,
        "answer": {**TEXT, "description": "The outcome as a short phrase, e.g. 'authorized by GL 27'."},
        "reasons": array(REASON),
        "authorizations": array(AUTHORIZATION_RESULT),
        "relied_on": {**TEXTS, "description": "Ids of the authorizations the outcome rests on."},
        "next_steps": {
            **array(NEXT_STEP),
            "description": "Everything to do, check or apply for, once each; empty when sanctions are not engaged.",
        },
        "licence_routes": array(opened({"id": TEXT, "title": TEXT, "text": TEXT, "url": URL})),
        "open_questions": {**TEXTS, "description": "Question ids that could change this outcome, most useful first."},
    }
)
SCHEMAS["Determination"] = opened(
    {
        "schema_version": {"type": "integer"},
        "as_of": DATE,
        "catalogue_digest": TEXT,
        "answers": {"type": "object", "description": "The answers the engine used."},
        "dropped_answers": {"type": "object", "description": "Answers to questions no longer asked, set aside."},
        "answered": array(
            opened(
                {
                    "id": TEXT,
                    "prompt": TEXT,
                    "value": {},
                    "answer": {"description": "The answer in the question's words."},
                },
                required=["id", "prompt", "value", "answer"],
            )
        ),
        "jurisdictions": {
            "type": "object",
            "properties": {"US": JURISDICTION_RESULT, "UK": JURISDICTION_RESULT},
            "required": ["US", "UK"],
            "additionalProperties": JURISDICTION_RESULT,
        },
        "divergences": array(opened({"id": TEXT, "topic": TEXT, "us": TEXT, "uk": TEXT, "citations": TEXTS})),
        "open_questions": array(
            opened(
                {
                    "id": TEXT,
                    "prompt": TEXT,
                    "section": TEXT,
                    "settles": {"type": "integer"},
                    "answered_unknown": {"type": "boolean"},
                    "jurisdictions": {**TEXTS, "description": "The countries whose outcome it could change."},
                }
            )
        ),
    }
)
SCHEMAS["Determination"]["description"] = (
    "What the engine decided: the structure a saved determination stores (schema_version says which). Not legal advice."
)

FILTERS = [
    filter_parameter("jurisdiction", "US or UK."),
    filter_parameter("regime", "A sanctions regime, e.g. russia."),
    filter_parameter(
        "kind", "general_license, regulatory_exception, statutory_exception, specific_licence_ground or guidance."
    ),
    filter_parameter("topic", "A topic id, e.g. payments_banks (see each authorization's topics)."),
]
PATHS = {
    "/api/authorizations": {
        "get": {
            "summary": "Every authorization, with its versions' dates",
            "parameters": [*FILTERS, AS_OF],
            "responses": {
                "200": json_response("The authorizations matching the filters.", ref("AuthorizationList")),
                **ERRORS,
            },
        }
    },
    "/api/authorizations/{id}": {
        "get": {
            "summary": "One authorization in full: every version, its conditions as data, "
            "and the changes between versions",
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": TEXT, "description": "e.g. us-ruhsr-gl-27"},
                AS_OF,
            ],
            "responses": {
                "200": json_response("The authorization.", ref("Authorization")),
                "404": json_response("No authorization has this id.", ref("Error")),
                **ERRORS,
            },
        }
    },
    "/api/questions": {
        "get": {
            "summary": "The question catalogue: what to answer, and which values each question accepts",
            "responses": {"200": json_response("Sections and questions in order.", ref("QuestionCatalogue")), **ERRORS},
        }
    },
    "/api/determinations": {
        "post": {
            "summary": "Evaluate answers for the US and the UK (nothing is saved)",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": ref("DeterminationRequest")}},
            },
            "responses": {
                "200": json_response("The engine's determination.", ref("Determination")),
                **ERRORS,
                "429": json_response(
                    "Too many requests from this client; Retry-After says when to retry.", ref("Error")
                ),
                "503": json_response(
                    "The request could not be counted just now; retry after Retry-After.", ref("Error")
                ),
            },
        }
    },
    "/api/openapi.json": {
        "get": {
            "summary": "This document",
            "responses": {"200": json_response("OpenAPI 3.1 document.", {"type": "object"}), **ERRORS},
        }
    },
}


def openapi_document(server_url: str = "/") -> dict:
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "Humanitarian authorization assistant API",
            "version": "1",
            "summary": "US (OFAC) and UK (OFSI) humanitarian authorizations for Russia sanctions, "
            "as data. Not legal advice.",
            "description": "Read the authorizations and the questions, and evaluate a set of answers. "
            "Every answer comes from the same rule files and engine as the web site.",
        },
        "servers": [{"url": server_url}],
        "paths": PATHS,
        "components": {"schemas": SCHEMAS},
    }
