"""The read-only JSON API, plus POST /api/determinations, which evaluates answers and saves nothing.

Every answer is built by the same selectors and engine the web pages use, so
the API says what the site says. Errors are ``{"error", "details"}`` with 400,
404 or 405.
"""

from django.http import JsonResponse
from django.urls import reverse

from humanitarian.catalogue import get_catalogue
from humanitarian.library.forms import LibraryFilterForm
from humanitarian.library.selectors import authorization_record, authorization_summary, filter_authorizations
from humanitarian.ratelimit import rate_limited
from humanitarian.rules import evaluate

from .openapi import openapi_document
from .payloads import BadRequest, determination_request
from .responses import allow, error, refused
from .serializers import questions_document


@allow("GET")
def authorizations(request):
    catalogue = get_catalogue()
    form = LibraryFilterForm(request.GET, catalogue=catalogue)
    if not form.is_valid():
        details = [f"{name}: {message}" for name, messages in form.errors.items() for message in messages]
        return error(400, "Some query parameters are not valid.", details)
    as_of = form.as_of_or_today()
    found = filter_authorizations(catalogue, **form.chosen())
    items = [_with_links(authorization_summary(catalogue, a, as_of)) for a in found]
    return JsonResponse({"as_of": as_of, "catalogue_digest": catalogue.digest, "authorizations": items})


@allow("GET")
def authorization(request, authorization_id):
    catalogue = get_catalogue()
    auth = catalogue.authorization(authorization_id)
    if auth is None:
        return error(
            404,
            f"There is no authorization '{authorization_id}'.",
            [f"GET {reverse('api:authorizations')} lists them."],
        )
    form = LibraryFilterForm(request.GET, catalogue=catalogue)
    if "as_of" in form.errors:
        return error(400, "Some query parameters are not valid.", [f"as_of: {m}" for m in form.errors["as_of"]])
    as_of = form.as_of_or_today()
    record = _with_links(authorization_record(catalogue, auth, as_of))
    return JsonResponse({"as_of": as_of, "catalogue_digest": catalogue.digest, **record})


@allow("GET")
def questions(request):
    catalogue = get_catalogue()
    return JsonResponse({"catalogue_digest": catalogue.digest, **questions_document(catalogue)})


@allow("POST")
@rate_limited("api", refusal=refused)
def determinations(request):
    catalogue = get_catalogue()
    try:
        answers, as_of = determination_request(request.body, catalogue)
    except BadRequest as exc:
        return error(400, exc.message, exc.details)
    return JsonResponse(evaluate(catalogue, answers, as_of).to_dict())


@allow("GET")
def openapi(request):
    return JsonResponse(openapi_document(request.build_absolute_uri("/")))


def _with_links(item: dict) -> dict:
    return {
        **item,
        "links": {
            "self": reverse("api:authorization", args=[item["id"]]),
            "page": reverse("library:detail", args=[item["id"]]),
        },
    }
