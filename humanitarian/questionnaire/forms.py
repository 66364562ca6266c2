"""One form per page, built from the question catalogue; the catalogue's words are the labels.

A page never holds a question that depends on another question on the same
page (the selectors put follow-up questions on the next page), so every
question shown must be answered. The template renders every field in one loop
(templates/questionnaire/_question.html) from ``rows()``.
"""

from datetime import date

from django import forms

from humanitarian.fields import DayField, error_links
from humanitarian.rules import UNKNOWN
from humanitarian.rules.model import Question
from humanitarian.rules.vocabulary import QuestionType

# Names that cannot clash with a question id (ids start with a letter or digit).
ORGANIZATION = "_organization"
AS_OF = "_as_of"
UNKNOWN_BOX = "_unknown_"  # + question id: the "I don't know" box of a date or text question
CHOICE_ERRORS = {
    "invalid_choice": "Select one of the answers listed.",
    "invalid_list": "Select from the answers listed.",
}
# What to do when a question is left unanswered, where the catalogue gives no message of its own.
MISSING = {
    QuestionType.MULTI_CHOICE: "Select at least one answer",
    QuestionType.DATE: "Enter the date",
    QuestionType.TEXT: "Enter an answer",
}
WIDGETS = {
    QuestionType.YES_NO: "radio",
    QuestionType.CHOICE: "radio",
    QuestionType.COUNTRY: "radio",
    QuestionType.MULTI_CHOICE: "checkbox",
    QuestionType.DATE: "date",
    QuestionType.TEXT: "text",
}


def answer_choices(question: Question) -> list[tuple]:
    """The options' values and labels, with "I don't know" where the question allows it."""
    return [(value, label) for value, label in question.labels() if value != UNKNOWN or question.allow_unknown]


def question_field(question: Question) -> forms.Field:
    """The field for one question: what it accepts (the page's template decides how it looks)."""
    common = {"label": question.prompt, "required": False}
    kind = WIDGETS[question.type]
    if kind == "radio":
        return forms.ChoiceField(choices=answer_choices(question), error_messages=CHOICE_ERRORS, **common)
    if kind == "checkbox":
        return forms.MultipleChoiceField(choices=answer_choices(question), error_messages=CHOICE_ERRORS, **common)
    if kind == "date":
        return DayField(**common)
    return forms.CharField(max_length=1000, **common)


class SectionForm(forms.Form):
    """The questions of one page, plus the draft's own details on the first page."""

    def __init__(self, *args, questions, draft, first_page=False, **kwargs):
        self.questions = tuple(questions)
        initial = {q.id: _initial(q, draft.answers[q.id]) for q in self.questions if q.id in draft.answers}
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
                error_messages={"max_length": "Enter an organization name of 200 characters or fewer"},
            )
            self.fields[AS_OF] = DayField(
                label="When does the activity take place?",
                help_text="We apply the rules in force on this date. Keep today's date if the activity is under way.",
                error_messages={"required": "Enter the date of the activity"},
            )
        for question in self.questions:
            self.fields[question.id] = question_field(question)
            if question.allow_unknown and WIDGETS[question.type] in ("date", "text"):
                self.fields[f"{UNKNOWN_BOX}{question.id}"] = forms.BooleanField(label="I don't know", required=False)

    def detail_fields(self) -> list:
        """The draft's own details (organization name, activity date), on the first page only."""
        return [self[name] for name in (ORGANIZATION, AS_OF) if name in self.fields]

    def rows(self) -> list[dict]:
        """Each question as the page shows it: its field, options (with their hints) and errors, in order."""
        return [self._row(q) for q in self.questions]

    def _row(self, question: Question) -> dict:
        bound = self[question.id]
        chosen = bound.value()
        chosen = set(chosen) if isinstance(chosen, list) else {chosen}
        hints = {o.value: o.help for o in question.options}
        exclusive = {o.value for o in question.options if o.exclusive} | {UNKNOWN}
        options = [
            {
                "value": value,
                "label": label,
                "hint": hints.get(value, ""),
                "id": f"{bound.auto_id}_{i}",
                "checked": value in chosen,
                "exclusive": value in exclusive,
            }
            for i, (value, label) in enumerate(answer_choices(question))
        ]
        first_exclusive = next((i for i, o in enumerate(options) if o["exclusive"]), None)
        if first_exclusive:  # GOV.UK's "or" between the options and "None of these" / "I don't know"
            options[first_exclusive]["divider"] = True
        unknown_box = f"{UNKNOWN_BOX}{question.id}"
        return {
            "question": question,
            "field": bound,
            "widget": WIDGETS[question.type],
            "options": options,
            "unknown_box": self[unknown_box] if unknown_box in self.fields else None,
        }

    def page_values(self) -> dict:
        """The answers given on this page (those that are valid and not blank), as stored values."""
        data = getattr(self, "cleaned_data", {})
        values = {}
        for question in self.questions:
            value = _stored(data.get(question.id), data.get(f"{UNKNOWN_BOX}{question.id}"))
            if value not in (None, "", []) and question.id not in self.errors:
                values[question.id] = value
        return values

    def clean(self):
        cleaned = super().clean()
        values = self.page_values()
        for question in self.questions:
            value = values.get(question.id)
            clash = isinstance(value, list) and question.exclusive_clash(value)
            if clash:
                self.add_error(question.id, f"Select “{clash.label}” on its own, or untick it")
            elif question.id not in values and question.id not in self.errors:
                self.add_error(question.id, missing_message(question))
        return cleaned

    def answers(self) -> dict:
        """What to store: the page's answers (call after is_valid())."""
        return self.page_values()

    def draft_details(self) -> dict:
        if AS_OF not in self.fields:
            return {}
        return {"organization": self.cleaned_data[ORGANIZATION].strip(), "as_of": self.cleaned_data[AS_OF]}

    def error_links(self) -> list[dict]:
        """Each error with the control it is about, for the summary at the top of the page."""
        return error_links(self)


def missing_message(question: Question) -> str:
    """Short, and says what to do: the catalogue's own message for the question, or the one for its type."""
    message = question.error or MISSING.get(question.type, "Select an answer")
    return message + (", or select “I don't know”" if question.allow_unknown else "")


def _initial(question: Question, value):
    if question.type is QuestionType.MULTI_CHOICE and not isinstance(value, list):
        return [value]
    return None if WIDGETS[question.type] in ("date", "text") and value == UNKNOWN else value


def _stored(value, unknown_ticked):
    """A field's cleaned value as the draft stores it."""
    if unknown_ticked:
        return UNKNOWN
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip()
    return UNKNOWN if value == [UNKNOWN] else value
