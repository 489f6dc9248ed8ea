"""What the list pages show an official: kiêm nhiệm, vacant posts, whether the
secretary is also the hamlet chief; and that a page costs the same number of
queries for 5 rows as for 50."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cells.constants import PostTypeCode
from tests import factories

D = datetime.date


def rows(html):
    return re.findall(r'<tr[^>]*>\s*<td class="action-checkbox">.*?</tr>', html, re.S)


def row_with(html, text):
    matches = [row for row in rows(html) if text in row]
    assert len(matches) == 1, f"{text!r} in {len(matches)} rows"
    return matches[0]


def test_it_marks_a_secretary_who_is_also_chief_as_kiem_nhiem(login, district_staff, records_a):
    other = factories.HoldingFactory(
        person__full_name="Vi Văn Một",
        person__place=records_a["place"],
        post=factories.HamletPostFactory(
            place=records_a["place"],
            post_type=factories.post_type(PostTypeCode.FRONT_HEAD),
        ),
    )
    page = login(district_staff).get(reverse("admin:cells_holding_changelist")).content.decode()
    assert "Kiêm nhiệm" in page
    secretary_and_chief = [row for row in rows(page) if "Nguyễn Thị Hạnh" in row]
    assert len(secretary_and_chief) == 2
    assert all('alt="True"' in row for row in secretary_and_chief)
    assert 'alt="False"' in row_with(page, other.person.full_name)


def test_it_does_not_count_holdings_that_ended_before_as_kiem_nhiem(
    login, district_staff, hamlet_a
):
    person = factories.PersonFactory(full_name="Phạm Văn Nối", place=hamlet_a)
    factories.HoldingFactory(
        person=person,
        post__place=hamlet_a,
        start_date=D(2015, 1, 1),
        end_date=D(2019, 12, 31),
    )
    factories.HoldingFactory(
        person=person,
        post=factories.HamletPostFactory(
            place=hamlet_a, post_type=factories.post_type(PostTypeCode.MILITIA_LEADER)
        ),
        start_date=D(2020, 1, 1),
    )
    page = login(district_staff).get(reverse("admin:cells_holding_changelist")).content.decode()
    assert all('alt="False"' in row for row in rows(page) if "Phạm Văn Nối" in row)
    filtered = login(district_staff).get(
        reverse("admin:cells_holding_changelist") + "?concurrent=yes"
    )
    assert "Phạm Văn Nối" not in filtered.content.decode()


def test_it_shows_vacant_posts_as_trong_and_filters_them(login, district_staff, records_a):
    vacant = factories.HamletPostFactory(
        place=records_a["place"], post_type=factories.post_type(PostTypeCode.SECURITY_HEAD)
    )
    client = login(district_staff)
    url = reverse("admin:cells_post_changelist")
    page = client.get(url).content.decode()
    assert "Trống" in row_with(page, "Tổ trưởng tổ bảo vệ an ninh, trật tự")
    assert "Nguyễn Thị Hạnh" in row_with(page, "Trưởng thôn, bản, khu phố")
    assert "Còn trống" in page and "Đã có người" in page

    only_vacant = client.get(url + "?vacancy=vacant").content.decode()
    assert [vacant.post_type.name in row for row in rows(only_vacant)] == [True]
    filled = client.get(url + "?vacancy=filled").content.decode()
    assert len(rows(filled)) == 2
    assert "Tổ trưởng tổ bảo vệ" not in "".join(rows(filled))


def test_it_shows_whether_the_secretary_is_also_the_hamlet_chief(
    login, district_staff, records_a, commune_a
):
    lone = factories.HamletFactory(name="Bản Lẻ", kind="ban", parent=commune_a)
    cell = factories.CellFactory(hamlet=lone)
    factories.HoldingFactory(post=factories.CellPostFactory(cell=cell))
    factories.HoldingFactory(post__place=lone)  # a different person is chief
    page = login(district_staff).get(reverse("admin:cells_place_changelist")).content.decode()
    assert "Bí thư kiêm trưởng thôn" in page
    assert 'alt="True"' in row_with(page, "Khu 1")
    assert 'alt="False"' in row_with(page, "Bản Lẻ")

    url = reverse("admin:cells_place_changelist")
    not_yet = login(district_staff).get(url, {"secretary_is_chief": "no"}).content.decode()
    assert [row for row in rows(not_yet) if "Bản Lẻ" in row] and "Khu 1" not in not_yet
    already = login(district_staff).get(url, {"secretary_is_chief": "yes"}).content.decode()
    assert "Khu 1" in already and "Bản Lẻ" not in already


def many(model, count, hamlet):
    """`count` rows of each list's model under `hamlet`'s commune."""
    for number in range(count):
        place = factories.HamletFactory(parent=hamlet.parent, name=f"Thôn số {number}")
        holding = factories.HoldingFactory(post__place=place, person__place=place)
        member = factories.PartyMemberFactory(person=holding.person)
        factories.CellMembershipFactory(member=member, cell=factories.CellFactory(hamlet=place))
        factories.TermFactory(name=f"Nhiệm kỳ {number}")


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


LISTS = [
    "place",
    "partycommittee",
    "cell",
    "person",
    "partymember",
    "cellmembership",
    "term",
    "post",
    "holding",
]


@pytest.mark.parametrize("model", LISTS)
def test_it_lists_50_rows_with_as_many_queries_as_5(
    login, district_staff, hamlet_a, model, django_assert_max_num_queries
):
    client = login(district_staff)
    url = reverse(f"admin:cells_{model}_changelist")
    many(model, 5, hamlet_a)
    with_five = queries_for(client, url)
    many(model, 45, hamlet_a)
    with django_assert_max_num_queries(with_five):
        assert client.get(url).status_code == 200
    assert with_five <= 15
