from datetime import date

from django import forms


class AsOfForm(forms.Form):
    """The date on which to re-evaluate a saved determination's answers."""

    as_of = forms.DateField(
        label="Activity date",
        widget=forms.DateInput(
            format="%Y-%m-%d",
            attrs={"type": "date", "class": "form-control", "aria-describedby": "as-of-help as-of-error"},
        ),
        error_messages={"required": "Enter a date, for example 2024-01-15.", "invalid": "Enter a date as YYYY-MM-DD."},
    )

    def clean_as_of(self):
        value = self.cleaned_data["as_of"]
        if not date(2014, 1, 1) <= value <= date(2100, 12, 31):
            raise forms.ValidationError("Enter a date between 2014 and 2100.")
        return value
