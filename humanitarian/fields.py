"""Form pieces every app shares: a date as three boxes (day, month, year), the way GOV.UK asks for one, and the
error summary's links."""

from datetime import date

from django import forms

from humanitarian.rules.model import EARLIEST_DAY, LATEST_DAY, parse_day

PARTS = ("day", "month", "year")


class DayInput(forms.MultiWidget):
    """Day, month and year boxes; a link or an API call may also give the whole date as ``name=YYYY-MM-DD``."""

    template_name = "widgets/day_input.html"

    def __init__(self, attrs=None):
        box = {"inputmode": "numeric", "class": "form-control day-part"}
        super().__init__(
            {
                "day": forms.TextInput({**box, "maxlength": 2, "size": 2, "autocomplete": "off"}),
                "month": forms.TextInput({**box, "maxlength": 2, "size": 2, "autocomplete": "off"}),
                "year": forms.TextInput({**box, "maxlength": 4, "size": 4, "autocomplete": "off"}),
            },
            attrs,
        )

    def decompress(self, value):
        if isinstance(value, str):
            try:
                value = parse_day(value)
            except ValueError:
                return [None, None, None]
        return [value.day, value.month, value.year] if isinstance(value, date) else [None, None, None]

    def value_from_datadict(self, data, files, name):
        whole = data.get(name)
        if whole and not any(data.get(f"{name}_{part}") for part in PARTS):
            return [whole]  # ?as_of=2024-01-15
        return [data.get(f"{name}_{part}", "") for part in PARTS]

    def value_omitted_from_data(self, data, files, name):
        return name not in data and all(f"{name}_{part}" not in data for part in PARTS)


class DayField(forms.Field):
    """A real date within the years the rules speak to, typed as day, month and year (or YYYY-MM-DD in a link).

    What the person typed is kept when the form comes back with an error.
    """

    widget = DayInput
    default_error_messages = {
        "required": "Enter the date.",
        "incomplete": "The date must include a day, a month and a year.",
        "invalid": "The date must be a real date, for example 15 3 2025.",
        "range": f"The date must be between {EARLIEST_DAY.year} and {LATEST_DAY.year}.",
    }

    def to_python(self, value):
        parts = [str(v).strip() for v in (value or []) if v is not None]
        if not any(parts):
            return None
        if len(parts) == 1:  # the whole date, written YYYY-MM-DD
            return self._day(parts[0])
        if not all(parts):
            raise forms.ValidationError(self.error_messages["incomplete"], code="incomplete")
        if not all(p.isdigit() for p in parts) or len(parts[2]) != 4:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        day, month, year = map(int, parts)
        try:
            return self._in_range(date(year, month, day))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def _day(self, text: str) -> date:
        try:
            return parse_day(text)
        except ValueError as error:
            code = "range" if "between" in str(error) else "invalid"
            raise forms.ValidationError(self.error_messages[code], code=code) from None

    def _in_range(self, value: date) -> date:
        if not EARLIEST_DAY <= value <= LATEST_DAY:
            raise forms.ValidationError(self.error_messages["range"], code="range")
        return value


def error_links(form: forms.Form) -> list[dict]:
    """The summary at the top of a page: each error's message, linked to the first control it is about."""
    links = []
    for name, errors in form.errors.items():
        if name in form.fields:
            bound = form[name]
            grouped = isinstance(bound.field, forms.ChoiceField | forms.MultipleChoiceField | DayField)
            links.append({"target": f"{bound.auto_id}_0" if grouped else bound.auto_id, "message": " ".join(errors)})
    return links
