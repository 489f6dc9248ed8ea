"""The figures of a place for a period as each surface gives them: the
dashboard, `build_report`'s JSON, `area_summary --json` and the API summary,
all as JSON would carry them, so they can be compared as they are."""

import json
from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cells.constants import Level
from portal.api.views import HISTORY_KEYS

# The yearly review's counts (ratings.summary), compared on every surface by
# `rating_counts`: members, cells and commune committees rated at each level,
# and what waits for approval.
RATING_KEYS = tuple(
    f"rating_{who}{part}"
    for who in ("members", "cells", "committees")
    for part in ("", "_excellent", "_good", "_done", "_failed")
) + ("rating_year", "rating_rounds", "rating_rounds_pending", "rating_reviews_pending")


def rating_counts(figures):
    """{key: value} of the review's counts in a surface's figures."""
    return {key: figures[key] for key in RATING_KEYS}


def as_json(figures):
    return json.loads(json.dumps(figures, ensure_ascii=False))


def dashboard(client, place, period):
    """(the place's figures, [each commune's figures]) the dashboard shows."""
    response = client.get(reverse("dashboard-place", args=[place.code]), {"period": period})
    assert response.status_code == 200
    context = response.context
    rows = [figures for figures, _cells in context.get("table", [])]
    return as_json(context["summary"]), as_json(rows)


def build_report(place, period):
    """(the report's figures, its commune rows), from the command's JSON."""
    out = StringIO()
    call_command("build_report", "--place", place.code, "--period", period, stdout=out)
    figures = json.loads(out.getvalue())
    return figures, figures.pop("commune_rows", [])


def area_summary(place, period):
    out = StringIO()
    call_command("area_summary", place.code, "--period", period, "--json", stdout=out)
    return json.loads(out.getvalue())


def api_summary(user, place, period):
    token, _created = Token.objects.get_or_create(user=user)
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get("/api/v1/summary/", {"place": place.code, "period": period})
    assert response.status_code == 200
    # The figures only: the place's dates and links beside them are
    # tests/api/test_history.py's.
    return {key: value for key, value in response.json().items() if key not in HISTORY_KEYS}


def every_surface(client, user, place, period):
    """{surface: the place's figures}, and {surface: its communes' figures}
    for the surfaces that list them (districts and provinces)."""
    shown, shown_rows = dashboard(client, place, period)
    report, report_rows = build_report(place, period)
    figures = {
        "dashboard": shown,
        "build_report": report,
        "area_summary": area_summary(place, period),
        "api": api_summary(user, place, period),
    }
    rows = {"dashboard": shown_rows, "build_report": report_rows}
    if place.level == Level.COMMUNE:
        rows = {}
    return figures, rows
