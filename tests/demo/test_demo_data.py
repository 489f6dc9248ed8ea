"""The demo data reproduces the figures of the 2022–2023 articles."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from cells.constants import PlaceKind, PostTypeCode, Role
from cells.models import Cell, Holding, Person, Place
from fixtures.demo.accounts import DEMO_PASSWORDS
from portal.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def summary(demo_data):
    def _summary(code):
        out = StringIO()
        call_command("area_summary", code, "--date", "2023-12-31", "--json", stdout=out)
        return json.loads(out.getvalue())

    return _summary


def test_quan_son_has_94_cells_4136_members_and_every_secretary_is_chief(summary):
    figures = summary("387")

    assert figures["communes"] == 12
    assert figures["cells"] == 94
    assert figures["party_members"] == 4136
    assert figures["secretary_is_chief_share"] == 1.0


def test_quan_sons_members_split_into_full_and_probationary(summary):
    figures = summary("387")

    assert figures["full_members"] + figures["probationary_members"] == 4136
    assert figures["full_members"] > figures["probationary_members"] > 0


def test_the_provinces_members_today_split_into_full_and_probationary(demo_data):
    from django.utils import timezone

    from portal.summary import area_figures

    figures = area_figures(Place.objects.official_unit("38"), date=timezone.localdate()).area

    assert figures["full_members"] + figures["probationary_members"] == figures["party_members"]
    assert figures["probationary_members"] > 0


def test_the_demo_cards_match_the_configured_patterns(demo_data):
    from django.utils import timezone

    from cells.quality import quality_report

    staff = User.objects.get(username="thanhhoa")
    province = Place.objects.official_unit("38")
    results = {
        result.code: result.total
        for result in quality_report(province, timezone.localdate(), user=staff, limit=1)
    }

    assert results["card_pattern"] == results["duplicate_card"] == 0
    assert results["without_cell"] == results["officer_not_member"] == 0


def test_tho_xuan_has_274_hamlets_with_most_titles_filled(summary):
    figures = summary("395")

    assert figures["hamlets"] == 274
    assert figures["cells"] == 274
    titles = [
        PostTypeCode.CELL_SECRETARY,
        PostTypeCode.HAMLET_CHIEF,
        PostTypeCode.FRONT_HEAD,
        PostTypeCode.MILITIA_LEADER,
        PostTypeCode.SECURITY_HEAD,
    ]
    filled = sum(figures["posts_filled"][code] for code in titles)
    vacant = sum(figures["posts_vacant"][code] for code in titles)
    assert 0 < vacant < filled / 10


def test_tho_xuan_titles_are_held_by_807_people(demo_data):
    tho_xuan = Place.objects.official_unit("395")
    holders = (
        Holding.objects.within(tho_xuan)
        .on("2023-12-31")
        .filter(post__post_type__is_hamlet_title=True)
        .values("person")
        .distinct()
    )

    assert holders.count() == 807


def test_nghi_son_has_239_cells_each_with_a_secretary_and_386_admissions(summary):
    figures = summary("407")

    assert figures["cells"] == 239
    assert figures["posts_filled"][PostTypeCode.CELL_SECRETARY] == 239
    assert figures["posts_vacant"][PostTypeCode.CELL_SECRETARY] == 0
    assert figures["admissions"] == 386


def test_quan_son_hamlets_are_ban_except_the_khu_pho_of_son_lu(demo_data):
    quan_son = Place.objects.official_unit("387")
    hamlets = Place.objects.within(quan_son).hamlets()

    kinds = set(hamlets.exclude(parent__code="15016").values_list("kind", flat=True))
    assert kinds == {PlaceKind.MOUNTAIN_VILLAGE}
    son_lu = set(hamlets.filter(parent__code="15016").values_list("kind", flat=True))
    assert son_lu == {PlaceKind.URBAN_QUARTER}
    assert Cell.objects.filter(name="Chi bộ khu phố 1", hamlet__parent__code="15016").exists()


def test_names_are_vietnamese_with_diacritics(demo_data):
    names = list(Person.objects.values_list("full_name", flat=True)[:200])

    assert all(len(name.split()) >= 3 for name in names)
    assert any(name != name.encode("ascii", "ignore").decode() for name in names)


def test_the_demo_accounts_have_the_printed_passwords_and_their_scopes(demo_data):
    staff = User.objects.get(username="quanson")
    officer = User.objects.get(username="sonlu")

    assert staff.check_password(DEMO_PASSWORDS["quanson"])
    assert officer.check_password(DEMO_PASSWORDS["sonlu"])

    assert staff.role == Role.STAFF and staff.place.code == "387"
    assert officer.role == Role.OFFICER and str(officer.place) == "Thị trấn Sơn Lư"
    assert Cell.objects.in_scope(staff).count() == 94
    assert 0 < Cell.objects.in_scope(officer).count() < 94


def test_running_it_again_neither_fails_nor_duplicates(demo_data):
    people, cells = Person.objects.count(), Cell.objects.count()
    out = StringIO()

    call_command("load_demo_data", stdout=out)

    assert (Person.objects.count(), Cell.objects.count()) == (people, cells)
    assert "Huyện Quan Sơn: đã có dữ liệu thôn, bỏ qua." in out.getvalue()
    assert f"quanson / {DEMO_PASSWORDS['quanson']}" in out.getvalue()


def test_hamlets_merged_in_2019_stay_on_file_under_their_old_names(demo_data):
    before = summary_on("395", "2019-06-30")
    merged = Place.objects.within(Place.objects.official_unit("395")).filter(valid_to="2019-12-31")

    assert before["hamlets"] == 274 - 12 + 24
    assert merged.count() == 24
    assert all(old.successors.get().valid_from.isoformat() == "2020-01-01" for old in merged)
    merged_cells = Cell.objects.filter(dissolved_on="2019-12-31", successors__isnull=False)
    assert merged_cells.count() == 24


def summary_on(code, date):
    out = StringIO()
    call_command("area_summary", code, "--date", date, "--json", stdout=out)
    return json.loads(out.getvalue())
