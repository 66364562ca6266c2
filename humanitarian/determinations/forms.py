from django import forms

from humanitarian.fields import DayField, error_links


class AsOfForm(forms.Form):
    """The date on which to re-evaluate a saved determination's answers."""

    as_of = DayField(label="Activity date", error_messages={"required": "Enter the date of the activity"})

    def error_links(self) -> list[dict]:
        return error_links(self)
