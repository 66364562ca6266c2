"""Formatting shared by every template: one date format for people, answers as one line."""

from django import template

from humanitarian import answers
from humanitarian.rules import words

register = template.Library()


@register.filter
def day(value) -> str:
    """A date, or an ISO date string from a stored result, as '15 March 2025'."""
    return words.day(value)


@register.filter
def answer_text(value) -> str:
    return answers.answer_text(value)
