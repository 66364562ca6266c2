"""What every admin page of the project shares: lookups in the URL limited to the ones its own filters make."""

from django.contrib.admin import FieldListFilter

DATE_HIERARCHY_PARTS = ("year", "month", "day")


class DeclaredLookupsOnly:
    """Django's admin accepts any lookup on a model's own fields from the query string (``?token__regex=...``,
    ``?answers__icontains=...``), which would let staff search what the admin does not show. Here only the
    parameters of the declared ``list_filter`` and ``date_hierarchy`` are accepted; any other is refused (HTTP 400).
    """

    def lookup_allowed(self, lookup, value, request):
        if lookup in self._date_hierarchy_lookups():
            return value.isdigit() and len(value) <= 4  # a year, month or day, not a number that overflows
        return lookup in self._filter_lookups(request)

    def _filter_lookups(self, request) -> set:
        lookups = set()
        for name in self.get_list_filter(request):
            spec = FieldListFilter.create(self.model._meta.get_field(name), request, {}, self.model, self, name)
            lookups.update(spec.expected_parameters())
        return lookups

    def _date_hierarchy_lookups(self) -> set:
        return {f"{self.date_hierarchy}__{part}" for part in DATE_HIERARCHY_PARTS} if self.date_hierarchy else set()
