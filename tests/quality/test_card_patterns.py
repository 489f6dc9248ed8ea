"""The card patterns the report checks against come from the settings, with
the defaults of the rules; the environment replaces them, and a pattern
that is no regular expression stops the portal at start-up."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from cells.quality import quality_report
from portal.settings.env import env_patterns

from .conftest import DAY


def test_without_the_variable_the_defaults_hold(monkeypatch):
    monkeypatch.delenv("PORTAL_PARTY_CARD_PATTERNS", raising=False)

    assert env_patterns("PORTAL_PARTY_CARD_PATTERNS", ["^a$"]) == ["^a$"]


def test_the_environment_gives_patterns_separated_by_spaces(monkeypatch):
    monkeypatch.setenv("PORTAL_PARTY_CARD_PATTERNS", " ^[0-9]{8}$   ^CHIP[0-9]{10}$ ")

    assert env_patterns("PORTAL_PARTY_CARD_PATTERNS") == ["^[0-9]{8}$", "^CHIP[0-9]{10}$"]


def test_a_bad_pattern_fails_loudly(monkeypatch):
    monkeypatch.setenv("PORTAL_PARTY_CARD_PATTERNS", "^[0-9]{8}$ ^[0-9")

    with pytest.raises(ImproperlyConfigured, match=r"\^\[0-9"):
        env_patterns("PORTAL_PARTY_CARD_PATTERNS")


@pytest.mark.django_db
def test_the_report_follows_the_configured_patterns(register, commune_a, officer_a, settings):
    settings.PORTAL_PARTY_CARD_PATTERNS = [r"^[0-9]{8}$", r"^[0-9]{6}[A-ZĐ]{1,3}$", r"^CARD[0-9]$"]

    results = {r.code: r for r in quality_report(commune_a, DAY, user=officer_a)}

    assert [finding.name for finding in results["card_pattern"].findings] == ["Cầm Thị Thường"]
