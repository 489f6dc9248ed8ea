"""The member's page in the admin shows the party age with its calculation
(members.age), the gaps taken out named one by one; and the three lists of
a member's record are scoped like every admin list."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from members.constants import GapKind
from members.models import Discipline, MemberCase, MembershipGap
from tests import factories

D = datetime.date


@pytest.fixture
def member(hamlet_a):
    person = factories.PersonFactory(full_name="Hà Văn Dũng", place=hamlet_a)
    member = factories.PartyMemberFactory(person=person, admitted_on=D(1990, 6, 10))
    MembershipGap.objects.create(
        member=member, kind=GapKind.EXPELLED, start_date=D(1995, 6, 10), end_date=D(1996, 6, 9)
    )
    MembershipGap.objects.create(
        member=member, kind=GapKind.LOST_CONTACT, start_date=D(2000, 6, 10), end_date=D(2001, 6, 9)
    )
    return member


def change_page(client, member):
    return client.get(reverse("admin:cells_partymember_change", args=[member.pk]))


def test_the_member_page_shows_the_party_age_with_two_gaps(login, officer_a, member):
    page = change_page(login(officer_a), member).content.decode()
    today = timezone.localdate()
    assert "tuổi đảng (cách tính)" in page.lower()
    assert "<div>Vào Đảng ngày 10/06/1990.</div>" in page
    assert (
        "<div>Trừ 366 ngày từ 10/06/1995 đến 09/06/1996 "
        "(Khai trừ, xóa tên (trước khi kết nạp lại)).</div>"
    ) in page
    assert (
        "<div>Trừ 365 ngày từ 10/06/2000 đến 09/06/2001 (Mất liên lạc với tổ chức đảng).</div>"
        in page
    )
    # Counted from 10/06/1992 (366 + 365 days later).
    years = today.year - 1992 - ((today.month, today.day) < (6, 10))
    assert f"Tuổi đảng đến ngày {today:%d/%m/%Y}: {years} năm." in page


def test_another_communes_officer_does_not_get_the_page(login, officer_b, member):
    # The admin answers a record outside the list's rows with a redirect.
    response = change_page(login(officer_b), member)
    assert response.status_code == 302


@pytest.fixture
def records(member, hamlet_b):
    other = factories.PartyMemberFactory(
        person=factories.PersonFactory(full_name="Khuất Văn Khác", place=hamlet_b)
    )
    for owner in (member, other):
        Discipline.objects.create(
            member=owner,
            form="khien_trach",
            decision_number="3-QĐ/ĐU",
            decision_date=D(2023, 5, 10),
            issued_by="Đảng ủy xã",
            effective_on=D(2023, 5, 10),
        )
        MemberCase.objects.create(member=owner, kind="kiem_tra", opened_on=D(2024, 1, 1))
    MembershipGap.objects.create(member=other, kind=GapKind.LOST_CONTACT, start_date=D(2005, 1, 1))
    return member, other


@pytest.mark.parametrize("model", ["discipline", "membershipgap", "membercase"])
def test_the_record_lists_are_scoped(login, officer_a, officer_b, district_staff, records, model):
    url = reverse(f"admin:members_{model}_changelist")
    page_a = login(officer_a).get(url).content.decode()
    assert "Khuất Văn Khác" not in page_a
    page_b = login(officer_b).get(url).content.decode()
    assert "Hà Văn Dũng" not in page_b
    assert login(district_staff).get(url).status_code == 200


def test_an_officer_reads_but_does_not_add(login, officer_a, district_staff, records):
    assert login(officer_a).get(reverse("admin:members_discipline_add")).status_code == 403
    assert login(district_staff).get(reverse("admin:members_discipline_add")).status_code == 200
