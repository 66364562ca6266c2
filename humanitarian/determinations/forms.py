from django import forms

from humanitarian.fields import DayField


class AsOfForm(forms.Form):
    """The date on which to re-evaluate a saved determination's answers."""

    as_of = DayField(label="Activity date", error_messages={"required": "Enter the date of the activity."})

    def error_links(self) -> list[dict]:
        """The errors for the summary at the top of the page, each linked to the boxes it is about."""
        return [
            {"target": f"{self['as_of'].auto_id}_0", "label": self["as_of"].label, "message": " ".join(errors)}
            for errors in self.errors.values()
        ]
