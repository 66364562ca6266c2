"""Small formatting helpers for determination templates."""

from django import template

register = template.Library()


@register.filter
def answer_text(value) -> str:
    """An answer as the engine's trace records it (one label, or a list of labels) as one line."""
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
