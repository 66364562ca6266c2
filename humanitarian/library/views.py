"""Thin views: read the catalogue through the selectors and render; a wrong id or parameter never raises."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from humanitarian.catalogue import get_catalogue
from humanitarian.downloads import pdf_download, render_pdf
from humanitarian.pdf import PAPER_SIZES

from .exports import comparison_filename, comparison_pdf
from .forms import AsOfForm, CompareForm, LibraryFilterForm
from .selectors import authorization_record, authorization_summary, comparison, filter_authorizations


@require_safe
def index(request):
    catalogue = get_catalogue()
    form = LibraryFilterForm(request.GET or None, catalogue=catalogue)
    valid = form.is_valid() if form.is_bound else True
    as_of = form.as_of_or_today()
    chosen = form.chosen()
    entries = [authorization_summary(catalogue, a, as_of) for a in filter_authorizations(catalogue, **chosen)]
    context = {
        "form": form,
        "entries": entries,
        "total": len(catalogue.authorizations),
        "filtered": any(chosen.values()),
        "as_of": as_of,
        "as_of_query": form.query(),
    }
    return render(request, "library/index.html", context, status=200 if valid else 400)


@require_safe
def detail(request, authorization_id):
    catalogue = get_catalogue()
    auth = catalogue.authorization(authorization_id)
    if auth is None:
        raise Http404("No authorization with that id in the catalogue.")
    form, status = _as_of_form(request)
    as_of = form.as_of_or_today()
    record = authorization_record(catalogue, auth, as_of)
    context = {"form": form, "a": record, "as_of": as_of, "as_of_query": form.query()}
    return render(request, "library/detail.html", context, status=status)


@require_safe
def compare(request):
    catalogue = get_catalogue()
    form = CompareForm(request.GET or None, catalogue=catalogue)
    status = 200 if not form.is_bound or form.is_valid() else 400
    as_of = form.as_of_or_today()
    context = {
        "form": form,
        "matrix": comparison(catalogue, as_of, form.place()),
        "as_of": as_of,
        "as_of_query": form.query(),
        "papers": list(PAPER_SIZES),
    }
    return render(request, "library/compare.html", context, status=status)


@require_safe
def compare_pdf(request):
    catalogue = get_catalogue()
    form = CompareForm(request.GET or None, catalogue=catalogue)
    status = 200 if not form.is_bound or form.is_valid() else 400
    paper = request.GET.get("paper", "a4")
    if status != 200 or paper not in PAPER_SIZES:
        return HttpResponse(
            "Choose paper=a4 or paper=letter, and as_of as YYYY-MM-DD (or leave it out for today).",
            status=400,
            content_type="text/plain",
        )
    as_of, place = form.as_of_or_today(), form.place()
    return pdf_download(
        request,
        lambda: comparison_pdf(catalogue, as_of, paper, place, render=render_pdf),
        comparison_filename(as_of, paper, place),
    )


def _as_of_form(request) -> tuple[AsOfForm, int]:
    form = AsOfForm(request.GET or None)
    return form, 200 if not form.is_bound or form.is_valid() else 400
