"""The library's GET forms: the as-of date every page takes, and the index's filters."""

from datetime import date

from django import forms

from humanitarian.fields import DayField

from .selectors import FILTERS, facets

FILTER_LABELS = {"jurisdiction": "Country", "regime": "Sanctions regime", "kind": "Kind", "topic": "Topic"}


class AsOfForm(forms.Form):
    as_of = DayField(required=False, label="As of")

    def as_of_or_today(self) -> date:
        """The chosen date if it is valid, else today (the error is shown with the form)."""
        return (self.cleaned_data.get("as_of") if hasattr(self, "cleaned_data") else None) or date.today()

    def query(self) -> str:
        """``?as_of=...`` to carry a valid chosen date into the next link, or nothing."""
        chosen = self.cleaned_data.get("as_of") if hasattr(self, "cleaned_data") else None
        return f"?as_of={chosen.isoformat()}" if chosen else ""


class LibraryFilterForm(AsOfForm):
    """Every filter offers the values this catalogue uses; an empty choice means any."""

    def __init__(self, *args, catalogue, **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in facets(catalogue).items():
            self.fields[name] = forms.ChoiceField(
                required=False,
                label=FILTER_LABELS[name],
                choices=[("", "Any")] + choices,
                error_messages={"invalid_choice": "'%(value)s' is not one of the choices in this list."},
            )
        self.order_fields([*FILTERS, "as_of"])

    def chosen(self) -> dict[str, str]:
        """The filters that were given and are valid; an invalid one is ignored (and its error shown)."""
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned.get(name) or "" for name in FILTERS}
