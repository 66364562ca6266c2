"""Form fields every app shares."""

from django import forms

from humanitarian.rules.model import DAY_PATTERN, EARLIEST_DAY, LATEST_DAY


class DayField(forms.DateField):
    """A date typed exactly as YYYY-MM-DD (no day-first guessing) within the years the rules speak to."""

    input_formats = ["%Y-%m-%d"]
    widget = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    default_error_messages = {"invalid": "Enter a date as YYYY-MM-DD, for example 2024-01-15."}

    def __init__(self, **kwargs):
        super().__init__(input_formats=self.input_formats, **kwargs)

    def to_python(self, value):
        # strptime's %m and %d also take one digit ("2024-1-5"); only the written-out form is accepted.
        if isinstance(value, str) and value.strip() and not DAY_PATTERN.fullmatch(value.strip()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)

    def clean(self, value):
        cleaned = super().clean(value)
        if cleaned and not EARLIEST_DAY <= cleaned <= LATEST_DAY:
            raise forms.ValidationError(f"Enter a date between {EARLIEST_DAY.year} and {LATEST_DAY.year}.")
        return cleaned
