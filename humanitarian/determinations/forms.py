from django import forms

from humanitarian.fields import DayField


class AsOfForm(forms.Form):
    """The date on which to re-evaluate a saved determination's answers."""

    as_of = DayField(
        label="Activity date",
        widget=forms.DateInput(
            format="%Y-%m-%d",
            attrs={"type": "date", "class": "form-control", "aria-describedby": "as-of-help as-of-error"},
        ),
        error_messages={"required": "Enter a date, for example 2024-01-15."},
    )
