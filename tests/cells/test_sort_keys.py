"""Sort keys: Vietnamese alphabetical order, and numbers by their value, as
officials number hamlets, cells and residential groups."""

import importlib

from django.apps import apps

from cells.models import Place
from core.vietnamese import name_sort_key, text_sort_key
from tests import factories


def test_numbers_in_names_sort_by_value():
    names = ["Thôn 10", "Thôn 2", "Tổ dân phố 11", "Thôn 1", "Thôn Đông", "Tổ dân phố 3", "Thôn 9"]

    assert sorted(names, key=text_sort_key) == [
        "Thôn 1",
        "Thôn 2",
        "Thôn 9",
        "Thôn 10",
        "Thôn Đông",  # numbers before letters
        "Tổ dân phố 3",
        "Tổ dân phố 11",
    ]


def test_leading_zeros_do_not_change_the_order():
    ordered = sorted(["Khu 010", "Khu 02", "Khu 1"], key=text_sort_key)

    assert ordered == ["Khu 1", "Khu 02", "Khu 010"]


def test_people_still_sort_by_given_name_first():
    people = ["Hoàng Thị Ánh", "Lê Thị Anh", "Nguyễn Văn An"]

    assert sorted(people, key=name_sort_key) == ["Nguyễn Văn An", "Lê Thị Anh", "Hoàng Thị Ánh"]


def test_the_migration_recomputes_the_keys_of_names_with_a_digit(commune_a):
    ten = factories.HamletFactory(name="Thôn 10", parent=commune_a)
    two = factories.HamletFactory(name="Thôn 2", parent=commune_a)
    Place.objects.filter(pk__in=[ten.pk, two.pk]).update(sort_key="00")
    migration = importlib.import_module("cells.migrations.0005_numbers_sort_by_value")

    migration.recompute(apps, None)

    ordered = Place.objects.filter(parent=commune_a).order_by("sort_key")
    assert [place.name for place in ordered] == ["Thôn 2", "Thôn 10"]
    assert Place.objects.get(pk=ten.pk).sort_key == text_sort_key("Thôn 10")
