"""Thin views: each reads a record through a selector (or creates one through a service) and renders stored data."""

import logging

from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from humanitarian.catalogue import get_catalogue
from humanitarian.downloads import pdf_attachment, pdf_download, render_pdf
from humanitarian.pdf import PAPER_SIZES
from humanitarian.ratelimit import rate_limited

from .exports import determination_pdf, pdf_filename
from .forms import AsOfForm
from .presentation import document_context
from .selectors import check_against_current_rules, determination_by_token, stored_pdf
from .services import InvalidAnswers, save_for_another_date, store_pdf

log = logging.getLogger(__name__)


def record_context(record) -> dict:
    """The page's context: the stored result arranged, and links back to the draft it came from, if it is kept."""
    draft = record.draft
    resume = reverse("questionnaire:resume", args=[draft.token]) if draft else ""
    context = document_context(
        record.result,
        get_catalogue(),
        reference=record.reference,
        organization=record.organization,
        created=record.created,
        question_url=(lambda qid: f"{resume}?question={qid}") if draft else None,
    )
    draft_url = reverse("questionnaire:review", args=[draft.token]) if draft else ""
    return {**context, "token": record.token, "record": record, "draft_url": draft_url}


@require_safe
def detail(request, token):
    record = determination_by_token(token)
    form = AsOfForm(initial={"as_of": record.as_of})
    return render(request, "determinations/detail.html", {**record_context(record), "as_of_form": form})


@require_POST
@rate_limited("determinations")
def as_of(request, token):
    """Save a new determination for the same answers on another date; this one is left as it is."""
    record = determination_by_token(token)
    form = AsOfForm(request.POST)
    if form.is_valid():
        try:
            new = save_for_another_date(record, form.cleaned_data["as_of"])
        except InvalidAnswers as exc:
            form.add_error(
                "as_of", "Some answers no longer fit today's questions; answer the questionnaire again. " + str(exc)
            )
        else:
            return redirect(new)
    context = {**record_context(record), "as_of_form": form}
    return render(request, "determinations/detail.html", context, status=400)


@require_safe
def check(request, token):
    record = determination_by_token(token)
    return render(
        request,
        "determinations/check.html",
        {**record_context(record), "check": check_against_current_rules(record)},
    )


@require_safe
def pdf(request, token):
    """The record's PDF: rendered on the first download (within the worker's and the client's limits), then read."""
    record = determination_by_token(token)
    paper = request.GET.get("paper", "a4")
    if paper not in PAPER_SIZES:
        return HttpResponseBadRequest("Choose paper=a4 or paper=letter.", content_type="text/plain")
    filename = pdf_filename(record.reference, paper)
    stored = stored_pdf(record, paper)
    if stored is not None:
        response = pdf_attachment(stored, filename)
    else:
        response = pdf_download(request, lambda: store_pdf(record, paper, render_record_pdf(record, paper)), filename)
    if response.status_code == 200:
        log.info("pdf exported", extra={"reference": record.reference, "paper": paper, "stored": stored is not None})
    return response


def render_record_pdf(record, paper: str) -> bytes:
    return determination_pdf(
        record.result,
        reference=record.reference,
        organization=record.organization,
        created=record.created,
        paper=paper,
        render=render_pdf,
    )
