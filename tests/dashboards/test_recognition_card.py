"""The dashboard card of probationary members due for recognition: the
counts at the page's date, each linked to the admin's member list so
filtered (today only: the admin filter counts from today)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from tests import factories


def probationary(place, name, admitted_on):
    person = factories.PersonFactory(full_name=name, place=place)
    return factories.PartyMemberFactory(person=person, admitted_on=admitted_on)


def card(response):
    return {str(label): (count, link) for label, count, link in response.context["recognition"]}


def test_the_commune_card_counts_and_links(login, officer_a, hamlet_a, hamlet_b, commune_a):
    today = timezone.localdate()
    probationary(hamlet_a, "Hà Văn Quá", today.replace(year=today.year - 2))
    probationary(
        hamlet_a, "Hà Văn Sắp", today.replace(year=today.year - 1) + datetime.timedelta(days=40)
    )
    probationary(hamlet_b, "Khuất Văn Quá", today.replace(year=today.year - 2))
    response = login(officer_a).get(reverse("dashboard"))
    url = reverse("admin:cells_partymember_changelist")
    assert card(response) == {
        "Quá hạn": (1, f"{url}?chinh_thuc=qua_han&commune={commune_a.pk}"),
        "Trong 30 ngày": (0, f"{url}?chinh_thuc=30_ngay&commune={commune_a.pk}"),
        "Trong 60 ngày": (1, f"{url}?chinh_thuc=60_ngay&commune={commune_a.pk}"),
    }
    assert "Đảng viên dự bị đến hạn chuyển chính thức" in response.content.decode()
    # The link lists what the card counts.
    page = login(officer_a).get(card(response)["Quá hạn"][1]).content.decode()
    assert "Hà Văn Quá" in page and "Khuất Văn Quá" not in page


def test_at_an_earlier_date_the_card_counts_then_without_links(login, officer_a, hamlet_a):
    probationary(hamlet_a, "Lò Thị Nhuận", datetime.date(2023, 2, 28))
    response = login(officer_a).get(reverse("dashboard") + "?date=2023-12-31")
    assert card(response) == {
        "Quá hạn": (0, None),
        "Trong 30 ngày": (0, None),
        "Trong 60 ngày": (1, None),
    }


def test_the_district_card_counts_the_whole_district(login, district_staff, hamlet_a, hamlet_b):
    today = timezone.localdate()
    probationary(hamlet_a, "Hà Văn Quá", today.replace(year=today.year - 2))
    probationary(hamlet_b, "Khuất Văn Quá", today.replace(year=today.year - 2))
    response = login(district_staff).get(reverse("dashboard-place", args=["387"]))
    overdue, link = card(response)["Quá hạn"]
    assert overdue == 2
    assert link == reverse("admin:cells_partymember_changelist") + "?chinh_thuc=qua_han"


def test_another_district_does_not_link_to_a_list_that_is_not_its_own(login, district, province):
    staff = factories.UserFactory(username="tinh", place=province, role="staff")
    response = login(staff).get(reverse("dashboard-place", args=["387"]))
    assert {link for _count, link in card(response).values()} == {None}
