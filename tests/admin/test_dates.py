"""Dates as Vietnamese offices write them: dd/mm/yyyy in forms and lists."""

import datetime
import re

from django.test import override_settings
from django.urls import reverse

from cells.models import Person
from tests.admin.test_scope import inline_management


def add_person(client, hamlet, birth_date):
    return client.post(
        reverse("admin:cells_person_add"),
        {
            "full_name": "Hà Thị Ngày",
            "sex": "nu",
            "place": hamlet.pk,
            "birth_date": birth_date,
            **inline_management("holdings"),
        },
    )


def test_it_accepts_a_day_first_date(login, district_staff, hamlet_a):
    response = add_person(login(district_staff), hamlet_a, "05/06/2022")
    assert response.status_code == 302
    assert Person.objects.get(full_name="Hà Thị Ngày").birth_date == datetime.date(2022, 6, 5)


def test_it_shows_dates_day_first_in_lists_and_forms(login, district_staff, hamlet_a):
    person = Person.objects.create(
        full_name="Hà Thị Ngày", place=hamlet_a, birth_date=datetime.date(2022, 6, 5)
    )
    client = login(district_staff)
    listing = client.get(reverse("admin:cells_person_changelist")).content.decode()
    assert "05/06/2022" in listing
    form = client.get(reverse("admin:cells_person_change", args=[person.pk])).content.decode()
    assert 'value="05/06/2022"' in form


def test_it_refuses_a_month_first_date_with_a_message(login, district_staff, hamlet_a):
    response = add_person(login(district_staff), hamlet_a, "06/31/2022")
    assert response.status_code == 200
    assert "Nhập một ngày hợp lệ" in response.content.decode()
    assert not Person.objects.filter(full_name="Hà Thị Ngày").exists()


def test_it_tells_the_calendar_widget_to_write_day_first(login, district_staff):
    catalog = login(district_staff).get(reverse("admin:jsi18n")).content.decode()
    formats = re.search(r'"DATE_INPUT_FORMATS": \[\s*"([^"]+)"', catalog)
    assert formats.group(1) == "%d/%m/%Y"


@override_settings(LANGUAGE_CODE="en")
def test_it_keeps_dates_day_first_in_english(login, district_staff, hamlet_a):
    response = add_person(login(district_staff), hamlet_a, "05/06/2022")
    assert response.status_code == 302
    assert Person.objects.get(full_name="Hà Thị Ngày").birth_date == datetime.date(2022, 6, 5)
