"""The JSON API: read-only catalogue endpoints and an evaluation endpoint that saves nothing."""

# Where the API lives, for the URLconf and for middleware that answers API clients in JSON.
URL_PREFIX = "api/"
