"""The demo commendations reproduce the seed articles' figures."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from awards.models import Award, Decision
from fixtures.demo import awards as demo


@pytest.fixture(scope="module")
def demo_awards(django_db_setup, django_db_blocker):
    """Official units of Thanh Hóa, the cells demo and the awards demo, loaded
    once for the module and rolled back at its end."""
    from fixtures.demo import cells as cells_demo

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_admin_units", "--province", "38", stdout=StringIO())
        cells_demo.load(log=lambda message: None)
        demo.load(log=lambda message: None)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def summary(demo_awards, db):
    def _summary(*args):
        out = StringIO()
        call_command("area_summary", *args, "--json", stdout=out)
        return json.loads(out.getvalue())

    return _summary


def test_tho_xuan_counts_346_collective_and_253_individual_awards_in_2021_2023(summary):
    figures = summary("395", "--period", "2021..2023")
    assert figures["awards_collective"] == 346
    assert figures["awards_individual"] == 253


def test_decision_1520_gives_93_certificates_to_secretaries_front_heads_and_chiefs(demo_awards, db):
    decision = Decision.objects.get(number="1520-QĐ/HU")
    assert decision.body.name == "Ban Chấp hành Đảng bộ huyện Thọ Xuân"
    assert f"{decision.date:%d/%m/%Y}" == "20/07/2023"
    assert decision.form.code == "giay_khen"
    awards = decision.awards.all()
    assert awards.count() == 93
    assert not awards.filter(is_collective=True).exists()
    titles = " ".join(awards.values_list("post_title", flat=True)).lower()
    for title in ("bí thư chi bộ", "trưởng ban công tác mặt trận", "trưởng thôn"):
        assert title in titles


def test_decision_1125_commends_12_cells_12_secretary_chiefs_and_16_cadres(demo_awards, db):
    decision = Decision.objects.get(number="1125-QĐ/HU")
    assert decision.body.name == "Ban Thường vụ Huyện ủy Quan Sơn"
    assert f"{decision.date:%d/%m/%Y}" == "05/05/2022"
    awards = decision.awards.all()
    assert awards.filter(cell__isnull=False).count() == 12
    people = awards.filter(person__isnull=False)
    secretary_chiefs = people.filter(post_title__startswith="Bí thư chi bộ kiêm trưởng")
    assert secretary_chiefs.count() == 12
    assert people.count() == 28  # the 12 and 16 cadres


def test_loading_twice_adds_nothing(demo_awards, db):
    before = Award.objects.count()
    assert demo.load(log=lambda message: None) == 0
    assert Award.objects.count() == before
