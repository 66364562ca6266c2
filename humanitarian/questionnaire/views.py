"""Thin views: read a draft through a selector, change it through a service, render the catalogue's words."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from humanitarian.catalogue import get_catalogue
from humanitarian.ratelimit import rate_limited
from humanitarian.rules import UNKNOWN, check_answers

from .forms import AS_OF, ORGANIZATION, SectionForm
from .selectors import Interview, Step, draft_by_token, interview_for, review_sections, rules_edition, stored_plan
from .services import StaleAnswers, delete_draft, save_page, start_draft, submit_draft

BACK_TO_REVIEW = "review"  # the only accepted value of ?next=, so it can never send anyone elsewhere
DRAFT_VERSION = "_version"  # the step form's hidden field: the draft version the page was shown at
DETAIL_FIELDS = {"organization": ORGANIZATION, "as_of": AS_OF}
CHANGED_ELSEWHERE = (
    "This answer was changed in another tab or window after you opened this page. "
    "Your answer is shown here: save again to keep it, or change it."
)


def plan_for(draft) -> Interview:
    """The interview for the draft as stored: the plan its last save kept, or decided now if the rules changed."""
    return interview_for(get_catalogue(), stored_plan(get_catalogue(), draft))


def step_url(draft, step: Step, back_to_review: bool = False) -> str:
    url = reverse("questionnaire:step", args=[draft.token, step.key])
    return f"{url}?next={BACK_TO_REVIEW}" if back_to_review else url


def review_url(draft) -> str:
    return reverse("questionnaire:review", args=[draft.token])


@require_http_methods(["GET", "HEAD", "POST"])
def start(request):
    if request.method == "POST":
        draft = start_draft()
        return redirect(step_url(draft, plan_for(draft).steps[0]))
    context = {"edition": rules_edition(get_catalogue()), "retention_days": settings.DRAFT_RETENTION_DAYS}
    return render(request, "questionnaire/start.html", context)


@require_safe
def resume(request, token):
    """The saved link: back to the first page with a question still to answer, or to the review.

    With ``?question=<id>`` (the result page's links to its open questions), to the page that asks it.
    """
    draft = draft_by_token(token)
    plan = plan_for(draft)
    asked = plan.step_of(request.GET.get("question", ""))
    if asked is not None:
        return redirect(step_url(draft, asked, back_to_review=True) + f"#q-{request.GET['question']}")
    step = plan.first_unanswered_step()
    return redirect(step_url(draft, step) if step else review_url(draft))


@require_http_methods(["GET", "HEAD", "POST"])
def step(request, token, page):
    draft = draft_by_token(token)
    plan = plan_for(draft)
    back_to_review = request.GET.get("next") == BACK_TO_REVIEW
    current = plan.step(page)
    if current is None:  # a page that does not arise (any more) for the answers given
        if page.split("-")[0] not in {s.id for s in get_catalogue().sections}:
            raise Http404("No such page")
        pending = plan.first_unanswered_step()
        return redirect(step_url(draft, pending, back_to_review) if pending else review_url(draft))
    form = section_form(draft, current, request.POST if request.method == "POST" else None)
    status = 400
    if form.is_bound and form.is_valid():
        try:
            draft = save_page(draft, form.answers(), shown_version=shown_version(request), **form.draft_details())
        except StaleAnswers as stale:
            draft, status = stale.draft, 409
            for key in stale.keys:
                form.add_error(DETAIL_FIELDS.get(key, key), CHANGED_ELSEWHERE)
        else:
            return redirect(next_page(draft, current, back_to_review))
    previous = plan.step_before(current)
    context = {
        "draft": draft,
        "plan": plan,
        "step": current,
        "form": form,
        "back_to_review": back_to_review,
        "back_url": review_url(draft) if back_to_review else (step_url(draft, previous) if previous else ""),
        **draft_link_context(request, draft),
    }
    return render(request, "questionnaire/step.html", context, status=status if form.is_bound else 200)


def shown_version(request) -> int | None:
    """The draft version the page was shown at (its hidden field), or None from a page that does not say."""
    value = request.POST.get(DRAFT_VERSION, "")
    return int(value) if value.isdigit() else None


def section_form(draft, step: Step, data=None) -> SectionForm:
    return SectionForm(data, questions=step.questions, draft=draft, first_page=step.number == 1)


def next_page(draft, saved: Step, back_to_review: bool) -> str:
    """After saving a page: the next page with a question still to answer (one the answers just raised comes
    first), else the review."""
    plan = plan_for(draft)
    pending = plan.first_unanswered_step()
    if back_to_review or pending is None or pending.number <= saved.number:
        return step_url(draft, pending, back_to_review) if pending else review_url(draft)
    following = plan.step_after(plan.step(saved.key) or saved)
    return step_url(draft, following) if following else review_url(draft)


@require_http_methods(["GET", "HEAD", "POST"])
@rate_limited("determinations", methods=("POST",))
def review(request, token):
    draft = draft_by_token(token)
    plan = plan_for(draft)
    catalogue = get_catalogue()
    problems, unanswered = [], None
    if request.method == "POST":
        problems = check_answers(catalogue, plan.answers)
        # A link straight to this page must not file a result for questions never seen.
        unanswered = plan.first_unanswered_step()
        if not problems and not unanswered:
            return redirect(submit_draft(draft))
    context = {
        "draft": draft,
        "plan": plan,
        "first_step_url": step_url(draft, plan.steps[0], True),
        "last_step_url": step_url(draft, plan.steps[-1]),
        "sections": [
            {**group, "url": step_url(draft, group["step"], True)} for group in review_sections(catalogue, plan)
        ],
        "undecided": [catalogue.jurisdictions[code].name for code in undecided(plan)],
        "open_questions": review_questions(plan, draft, catalogue),
        "problems": problems,
        "unanswered": unanswered and {"title": unanswered.section.title, "url": step_url(draft, unanswered, True)},
        **draft_link_context(request, draft),
    }
    return render(request, "questionnaire/review.html", context, status=400 if problems or unanswered else 200)


def undecided(plan: Interview) -> list[str]:
    return [code for code, outcome in plan.decision.outcomes.items() if outcome == "incomplete"]


def review_questions(plan: Interview, draft, catalogue) -> list[dict]:
    """The questions that would settle what is open, in the engine's order, each linked to its page."""
    rows = []
    for qid in plan.decision.open_questions:
        page = plan.step_of(qid)
        if page is not None:
            url = step_url(draft, page, True) + f"#q-{qid}"
            unknown = plan.answers.get(qid) == UNKNOWN
            rows.append({"prompt": catalogue.question(qid).prompt, "url": url, "answered_unknown": unknown})
    return rows


@require_http_methods(["GET", "HEAD", "POST"])
def delete(request, token):
    draft = draft_by_token(token)
    if request.method == "POST":
        delete_draft(draft)
        messages.success(request, "Your answers have been deleted. The link you saved no longer works.")
        return redirect("questionnaire:start")
    return render(request, "questionnaire/delete.html", {"draft": draft, "review_url": review_url(draft)})


def draft_link_context(request, draft) -> dict:
    return {
        "resume_url": request.build_absolute_uri(draft.get_absolute_url()),
        "retention_days": settings.DRAFT_RETENTION_DAYS,
    }
