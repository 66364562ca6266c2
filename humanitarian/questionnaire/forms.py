"""One form per section, built from the question catalogue; the catalogue's words are the labels."""

from datetime import date

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout, LayoutObject
from django import forms
from django.template.loader import render_to_string
from django.utils.html import escape

from humanitarian.fields import DayField
from humanitarian.rules import UNKNOWN
from humanitarian.rules.model import Question

from .selectors import asked_on_page

# Names that cannot clash with a question id (ids start with a letter or digit).
ORGANIZATION = "_organization"
AS_OF = "_as_of"
UNKNOWN_BOX = "_unknown_"  # + question id: the "I don't know" box of a date or text question
CHOICE_ERRORS = {
    "invalid_choice": "Choose one of the answers listed.",
    "invalid_list": "Choose from the answers listed.",
}


def answer_choices(question: Question) -> list[tuple]:
    """The options in the catalogue's words, with "I don't know" where the question allows it."""
    helps = {o.value: o.help for o in question.options}
    return [
        (value, f"{label} ({helps[value]})" if helps.get(value) else label)
        for value, label in question.labels()
        if value != UNKNOWN or question.allow_unknown
    ]


def question_field(question: Question) -> forms.Field:
    """The field for one question; every answer is checked in clean(), where branching is known."""
    # Form help text is rendered as HTML by Django and crispy-forms, so it is escaped here.
    common = {"label": question.prompt, "help_text": escape(question.help), "required": False}
    if question.type in ("yes_no", "choice"):
        return forms.ChoiceField(
            choices=answer_choices(question), widget=forms.RadioSelect, error_messages=CHOICE_ERRORS, **common
        )
    if question.type == "country":
        choices = [("", "Choose a country")] + answer_choices(question)
        return forms.ChoiceField(choices=choices, error_messages=CHOICE_ERRORS, **common)
    if question.type == "multi_choice":
        return forms.MultipleChoiceField(
            choices=answer_choices(question),
            widget=forms.CheckboxSelectMultiple,
            error_messages=CHOICE_ERRORS,
            **common,
        )
    if question.type == "date":
        return DayField(**common)
    return forms.CharField(max_length=1000, **common)


class WhyWeAsk(LayoutObject):
    """The question's reason and source behind a "Why we ask" disclosure."""

    def __init__(self, question: Question):
        self.question = question

    def render(self, form, context, template_pack=None, **kwargs):
        if not self.question.why:
            return ""
        return render_to_string("questionnaire/_why_we_ask.html", {"question": self.question})


class SectionForm(forms.Form):
    """The questions of one page, plus the draft's own details on the first page.

    Which questions must be answered depends on the other answers on the same
    page (a question whose ``ask_if`` turns false is not required and its
    answer is not stored), so required-ness is decided in clean().
    """

    def __init__(self, *args, catalogue, questions, draft, first_page=False, **kwargs):
        self.catalogue, self.questions, self.stored = catalogue, tuple(questions), draft.answers
        initial = {q.id: self._initial(q, draft.answers[q.id]) for q in self.questions if q.id in draft.answers}
        initial.update({f"{UNKNOWN_BOX}{q.id}": True for q in self.questions if draft.answers.get(q.id) == UNKNOWN})
        if first_page:
            initial.update({ORGANIZATION: draft.organization, AS_OF: draft.as_of})
        super().__init__(*args, initial=initial, **kwargs)
        if first_page:
            self.fields[ORGANIZATION] = forms.CharField(
                label="Organization name (optional)",
                help_text="Shown on the determination and its PDF. Leave it blank to keep it out.",
                max_length=200,
                required=False,
            )
            self.fields[AS_OF] = DayField(
                label="Date of the activity",
                help_text="We apply the rules in force on this date. Keep today's date if the activity is under way.",
                error_messages={"required": "Enter the date of the activity, for example 2024-01-15."},
            )
        for question in self.questions:
            self.fields[question.id] = question_field(question)
            if question.allow_unknown and question.type in ("date", "text"):
                self.fields[f"{UNKNOWN_BOX}{question.id}"] = forms.BooleanField(label="I don't know", required=False)
        self.helper = self._helper(first_page)

    @staticmethod
    def _initial(question: Question, value):
        if question.type == "multi_choice" and not isinstance(value, list):
            return [value]
        return None if question.type in ("date", "text") and value == UNKNOWN else value

    def _helper(self, first_page: bool) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        items = [Fieldset("About this check", ORGANIZATION, AS_OF)] if first_page else []
        for question in self.questions:
            box = f"{UNKNOWN_BOX}{question.id}"
            parts = [Field(question.id)] + ([Field(box)] if box in self.fields else []) + [WhyWeAsk(question)]
            items.append(Div(*parts, css_id=f"q-{question.id}", css_class="question mb-4", data_question=question.id))
        helper.layout = Layout(*items)
        return helper

    def page_values(self) -> dict:
        """The answers given on this page (those that are valid and not blank), as stored values."""
        data = getattr(self, "cleaned_data", {})
        values = {}
        for question in self.questions:
            value = data.get(question.id)
            if data.get(f"{UNKNOWN_BOX}{question.id}"):
                value = UNKNOWN
            elif isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, str):
                value = value.strip()
            elif isinstance(value, list) and value == [UNKNOWN]:
                value = UNKNOWN
            if value not in (None, "", []) and question.id not in self.errors:
                values[question.id] = value
        return values

    def asked(self) -> list[Question]:
        """The page's questions that still arise given what this page says now."""
        return asked_on_page(self.catalogue, self.questions, self.stored, self.page_values())

    def clean(self):
        cleaned = super().clean()
        values = self.page_values()
        on_page = {q.id for q in self.questions}
        for question in self.asked():
            value = values.get(question.id)
            clash = isinstance(value, list) and question.exclusive_clash(value)
            if clash:
                self.add_error(question.id, f"“{clash.label}” cannot be ticked together with other answers.")
            if question.id in values or question.id in self.errors:
                continue
            # A question that hangs on a neighbour left blank waits for that one: only the neighbour is flagged.
            waits = question.ask_if is not None and any(
                qid in on_page and qid not in values for qid in question.ask_if.questions()
            )
            if not waits:
                self.add_error(question.id, self._missing(question))
        return cleaned

    @staticmethod
    def _missing(question: Question) -> str:
        verb = {"multi_choice": "Tick at least one answer", "date": "Enter a date", "text": "Enter an answer"}
        message = verb.get(question.type, "Choose an answer")
        return message + (", or choose \u201cI don't know\u201d." if question.allow_unknown else ".")

    def answers(self) -> dict:
        """What to store: the answers to the questions that still arise (call after is_valid())."""
        values = self.page_values()
        return {q.id: values[q.id] for q in self.asked() if q.id in values}

    def draft_details(self) -> dict:
        if AS_OF not in self.fields:
            return {}
        return {"organization": self.cleaned_data[ORGANIZATION].strip(), "as_of": self.cleaned_data[AS_OF]}

    def error_links(self) -> list[dict]:
        """Each error with the id of the control it belongs to, for the summary at the top of the page."""
        links = []
        for name, errors in self.errors.items():
            if name not in self.fields:
                continue
            bound = self[name]
            grouped = isinstance(bound.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple)
            target = f"{bound.auto_id}_0" if grouped else bound.auto_id
            links.append({"target": target, "label": bound.label, "message": " ".join(errors)})
        return links
