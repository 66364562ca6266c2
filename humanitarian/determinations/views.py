"""Thin views: each reads or creates a record through services/selectors and renders stored data."""

from django.shortcuts import render

from .selectors import determination_by_token


def detail(request, token):
    determination = determination_by_token(token)
    return render(request, "determinations/detail.html", {"determination": determination, "d": determination.result})
