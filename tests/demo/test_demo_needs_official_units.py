from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cells.constants import Level
from cells.models import Place


@pytest.mark.django_db
def test_it_asks_to_load_the_official_units_first():
    with pytest.raises(CommandError, match="chạy “manage.py load_admin_units” trước"):
        call_command("load_demo_data")

    assert not Place.objects.exists()


@pytest.mark.django_db
def test_it_asks_for_the_2025_list_too():
    call_command("load_admin_units", "--province", "38", stdout=StringIO())

    with pytest.raises(CommandError, match="--province 38 --list both” trước"):
        call_command("load_demo_data")

    assert not Place.objects.filter(level=Level.HAMLET).exists()
