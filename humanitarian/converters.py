"""The URL shape of an unguessable link, so any other string is a 404 before it reaches the database.

(PostgreSQL refuses some strings outright, a NUL byte for one; they must never get that far.)
"""

from django.urls import register_converter


class LinkTokenConverter:
    regex = r"[A-Za-z0-9_-]{16,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(LinkTokenConverter, "link")
