"""The demo carried on from 2024 to the day it is loaded: the 2025 reform
applied to the demo's province, a hamlet merger of 2026, records on the
cells of each date's tree, and the accounts of today and of the history.
(The 2023 figures, pinned by test_demo_data.py, are read from the same
fixture: the whole demo.)"""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Count, F
from django.urls import reverse
from django.utils import timezone

from awards.badges import badge_candidates
from awards.models import Decision
from cells.constants import PostTypeCode, Role
from cells.constants import ReorganisationKind as Kind
from cells.models import Cell, CellMembership, Holding, PartyMember, Place, Reorganisation
from cells.official_units import LAST_LEGACY_DAY, REFORM_DAY
from cells.summary import counting_membership
from core.periods import Period
from fees.ledger import Ledger, warning_list
from fees.models import FeePayment
from fixtures.demo.accounts import DEMO_PASSWORDS
from fixtures.demo.fees import warned_months
from fixtures.demo.record import next_presentation_day
from meetings.constants import MeetingKind
from meetings.models import Meeting
from members.models import Discipline, MemberCase, MembershipGap
from members.recognition import recognition_counts
from portal.models import User
from portal.summary import area_figures
from ratings.constants import RatingLevel, ReviewStatus, Subject
from ratings.levels import Framework
from ratings.models import Rating, RatingRound, Review
from transfers.constants import TransferKind
from transfers.models import Transfer

pytestmark = pytest.mark.django_db

MERGER_DAY = datetime.date(2026, 7, 1)
ONE = datetime.timedelta(days=1)
LAST_DAY_BEFORE_MERGER = MERGER_DAY - ONE
# The first demo meeting of a month is held on its 3rd.
FIRST_MEETING_DAY = 3


@pytest.fixture
def today(demo_data):
    return timezone.localdate()


def dashboard(client, username, **query):
    client.force_login(User.objects.get(username=username))
    response = client.get(reverse("dashboard"), query)
    assert response.status_code == 200
    return response.context


def last_month(today):
    return Period.month_of(today.replace(day=1) - datetime.timedelta(days=1))


def awards_year(today):
    """This year, or last year before the year's first decision: the badges
    for 3/2, decided on 24/01."""
    return today.year if today >= datetime.date(today.year, 1, 24) else today.year - 1


@pytest.mark.parametrize(
    ("username", "code", "cells"),
    [("xaquanson-theodoi", "15016", 14), ("thanhhoa", "38", 606)],
)
def test_the_dashboards_open_at_today_on_real_looking_figures(client, today, username, code, cells):
    context = dashboard(client, username)
    shown = context["summary"]

    assert (context["place"].code, context["date"]) == (code, today)
    assert shown["cells"] == shown["hamlets"] == cells
    assert shown["party_members"] > 30 * cells
    assert shown["secretary_is_chief_share"] > 0
    if code == "38" and today.day >= FIRST_MEETING_DAY:
        assert shown["meetings_held"] > 0
    before = dashboard(client, username, period=last_month(today).code)["summary"]
    assert 0.8 * cells < before["meetings_held"] <= before["meetings_expected"] == cells
    year = dashboard(client, username, period=str(awards_year(today)))["summary"]
    assert year["awards_individual"] > 0
    assert year["awards_by_form"]["huy_hieu_dang"] > 0


def test_nothing_is_dated_after_today(today):
    assert not Meeting.objects.filter(date__gt=today).exists()
    assert not Decision.objects.filter(date__gt=today).exists()
    assert not CellMembership.objects.filter(start_date__gt=today).exists()
    assert not Holding.objects.filter(start_date__gt=today).exists()
    assert Meeting.objects.filter(date__gte=last_month(today).start).count() > 500


def test_members_grow_slowly_year_after_year(today):
    province = Place.objects.official_unit("38")
    counts = [
        area_figures(province, date=datetime.date(year, 12, 31)).area["party_members"]
        for year in (2023, 2024, 2025)
    ]
    admitted = area_figures(province, period=Period.parse("2024")).area["admissions"]

    assert counts[0] == 4136 + 8220 + 7410  # the seed districts' 2023 figures
    assert counts[0] < counts[1] < counts[2] < counts[0] * 1.1
    assert 700 < admitted < 1100  # the three districts' 2023 rates: 118 + 295 + 463


def test_no_hamlet_with_a_cell_stays_under_a_closed_commune(today):
    province = Place.objects.official_unit("38")
    hamlets = Place.objects.within(province).hamlets()

    stranded = hamlets.valid_on(today).filter(cells__isnull=False, parent__valid_to__lt=today)
    assert not stranded.exists()
    # The old ones are kept, closed with their communes, for the history.
    assert hamlets.filter(valid_to=LAST_LEGACY_DAY, parent__valid_to=LAST_LEGACY_DAY).count() == 607
    cells = Cell.objects.existing_on(today)
    assert cells.count() == cells.filter(committee__place__valid_from=REFORM_DAY).count() == 606


def test_son_lu_is_divided_between_xa_quan_son_and_xa_tam_lu(today):
    def khu_pho(code):
        commune = Place.objects.official_unit(code, on=today)
        rows = Place.objects.filter(parent=commune, name__in=[str(n) for n in range(1, 9)])
        return commune, sorted(int(name) for name in rows.values_list("name", flat=True))

    assert khu_pho("15016") == (Place.objects.official_unit("15016"), [1, 2, 3, 4, 5])
    tam_lu, numbers = khu_pho("15019")
    assert (str(tam_lu), numbers) == ("Xã Tam Lư", [6, 7, 8])
    reform = Reorganisation.objects.get(kind=Kind.REARRANGE, effective_on=REFORM_DAY)
    assert reform.decision_number == ""  # left blank, not quoted unchecked


def test_the_cells_held_their_congresses_in_spring_2025_and_hamlets_their_elections_in_2026():
    congresses = Meeting.objects.filter(kind=MeetingKind.CONGRESS)
    assert congresses.filter(date__range=("2025-03-01", "2025-05-31")).count() == 607
    secretaries = Holding.objects.filter(post__post_type__code=PostTypeCode.CELL_SECRETARY)
    elected = dict(
        secretaries.filter(term__name="2025–2030", start_date__lt=REFORM_DAY).values_list(
            "post", "person"
        )
    )
    outgoing = dict(
        secretaries.filter(end_reason="het_nhiem_ky", end_date__year=2025).values_list(
            "post", "person"
        )
    )
    assert len(elected) == len(outgoing) == 607
    replaced = [post for post, person in elected.items() if outgoing[post] != person]
    assert 0.1 * 607 < len(replaced) < 0.35 * 607
    chiefs = Holding.objects.filter(
        post__post_type__code=PostTypeCode.HAMLET_CHIEF, term__name="2026–2031"
    )
    assert chiefs.filter(start_date__range=("2026-03-16", "2026-04-30")).count() == 607


def test_the_2026_merger_carries_two_hamlets_into_a_new_one(today):
    merger = Reorganisation.objects.get(kind=Kind.MERGE, effective_on=MERGER_DAY)
    assert (merger.decision_number, merger.decided_by) == (
        "15/NQ-HĐND",
        "Hội đồng nhân dân xã Thọ Lập",
    )
    tho_lap = Place.objects.official_unit("15568")
    first, second = (
        Place.objects.get(parent=tho_lap, name=name) for name in ("Hồng Phong", "Hồng Kỳ")
    )
    assert first.valid_to == second.valid_to == LAST_DAY_BEFORE_MERGER
    successor = Place.objects.get(parent=tho_lap, name="Hồng Thịnh")
    assert successor.valid_from == MERGER_DAY
    cell = Cell.objects.get(hamlet=successor)
    old_cells = Cell.objects.filter(hamlet__in=[first, second])
    assert set(old_cells.values_list("dissolved_on", flat=True)) == {LAST_DAY_BEFORE_MERGER}

    before = area_figures(successor, date=LAST_DAY_BEFORE_MERGER).area
    after = area_figures(successor, date=MERGER_DAY).area
    assert (before["hamlets"], before["cells"], after["hamlets"], after["cells"]) == (2, 2, 1, 1)
    assert after["party_members"] == before["party_members"] > 40
    assert Meeting.objects.filter(cell=cell).exists()
    assert not Meeting.objects.filter(cell__in=old_cells, date__gte=MERGER_DAY).exists()

    def holder(hamlet, code, date):
        held = Holding.objects.on(date).filter(post__place=hamlet, post__post_type__code=code)
        return held.get().person

    # The first hamlet's secretary leads the merged cell, the second's is its deputy.
    secretary, deputy = PostTypeCode.CELL_SECRETARY, PostTypeCode.DEPUTY_SECRETARY
    assert holder(successor, secretary, MERGER_DAY) == holder(first, secretary, MERGER_DAY - ONE)
    assert holder(successor, deputy, MERGER_DAY) == holder(second, secretary, MERGER_DAY - ONE)


def test_accounts_for_today_and_for_the_history(today):
    accounts = {user.username: user for user in User.objects.select_related("place")}
    for username, password in DEMO_PASSWORDS.items():
        assert accounts[username].check_password(password)
    places = {name: (user.role, user.place) for name, user in accounts.items()}

    province = Place.objects.official_unit("38")
    quan_son = Place.objects.official_unit("15016", on=today)
    assert places["thanhhoa"] == (Role.STAFF, province)
    assert places["xaquanson"] == (Role.STAFF, quan_son)
    assert places["xaquanson-theodoi"] == (Role.OFFICER, quan_son)
    assert str(quan_son) == "Xã Quan Sơn" and quan_son.valid_from == REFORM_DAY
    assert accounts["thanhhoa"].can_edit and accounts["xaquanson"].can_edit

    son_lu = Place.objects.official_unit("15016", on=LAST_LEGACY_DAY)
    assert places["sonlu"] == (Role.OFFICER, son_lu)
    assert str(son_lu) == "Thị trấn Sơn Lư" and son_lu.valid_to == LAST_LEGACY_DAY
    assert places["quanson"][1].code == "387" and not accounts["quanson"].can_edit
    # The new commune's staff read their predecessors' history too.
    seen = Cell.objects.in_scope(accounts["xaquanson"])
    assert seen.existing_on(today).count() == 14
    assert seen.existing_on(datetime.date(2023, 12, 31)).count() == 14


def test_loading_again_changes_nothing(today):
    models = [apps.get_model(label) for label in DEMO_MODELS]
    before = [model.objects.count() for model in models]
    out = StringIO()

    call_command("load_demo_data", stdout=out)

    assert [model.objects.count() for model in models] == before
    for line in (
        "01/01/2024 – 30/06/2025: đã có dữ liệu, bỏ qua.",
        "đã áp dụng, bỏ qua.",
        "Đánh giá, xếp loại năm 2025: đã có, bỏ qua.",
        "Đảng phí: đã có, bỏ qua.",
    ):
        assert line in out.getvalue()
    assert f"thanhhoa / {DEMO_PASSWORDS['thanhhoa']}" in out.getvalue()


def test_the_moves_since_2024_are_transfers_some_late_and_one_stay_runs_today(today):
    transfers = Transfer.objects.all()
    moves = CellMembership.objects.filter(  # the seed's moves before 2024 have none
        end_reason="chuyen_sinh_hoat", end_date__range=(datetime.date(2024, 1, 1), today - ONE)
    )
    assert transfers.filter(moved_on__lt=datetime.date(2024, 1, 1)).count() == 0
    assert transfers.filter(from_cell__isnull=False, to_cell__isnull=False).count() > 0.9 * (
        moves.count() - 2
    )
    late = transfers.late(today).count()
    assert 0.05 * transfers.count() < late < 0.25 * transfers.count()
    assert transfers.filter(to_cell__isnull=True).count() == 2
    assert transfers.filter(from_cell__isnull=True).count() == 2
    (running,) = transfers.filter(kind=TransferKind.TEMPORARY, end_date__gte=today)
    quan_son = Place.objects.official_unit("15016")
    assert area_figures(quan_son, date=today).area["transfers_temporary"] == 1
    assert running.member.cell_memberships.filter(end_date__isnull=True).count() == 1


DEMO_MODELS = [
    "transfers.Transfer",
    "ratings.RatingRound",
    "ratings.Review",
    "ratings.Rating",
    "cells.Place",
    "cells.Succession",
    "cells.Cell",
    "cells.CellSuccession",
    "cells.Reorganisation",
    "cells.Person",
    "cells.PartyMember",
    "cells.CellMembership",
    "cells.Post",
    "cells.Holding",
    "cells.Term",
    "meetings.Meeting",
    "meetings.MeetingGuest",
    "meetings.CadreAssignment",
    "meetings.Attendance",
    "awards.IssuingBody",
    "awards.Occasion",
    "awards.Decision",
    "awards.Award",
    "portal.User",
    "members.Discipline",
    "members.MembershipGap",
    "members.MemberCase",
    "fees.FeeBasis",
    "fees.FeeRelief",
    "fees.FeePayment",
]


# --- The yearly review -------------------------------------------------------------


def _reviews(year):
    return Review.objects.filter(round__start_date=datetime.date(year, 1, 1))


@pytest.mark.parametrize("year", [2024, 2025])
def test_the_years_past_are_rated_and_approved(today, year):
    end = datetime.date(year, 12, 31)
    reviews = _reviews(year)
    ratings = Rating.objects.filter(round__start_date=datetime.date(year, 1, 1))
    members = ratings.filter(subject=Subject.MEMBER)

    # Every cell in force at the year's end, in its commune's round, approved.
    assert reviews.count() == Cell.objects.existing_on(end).count() > 600
    assert not reviews.exclude(status=ReviewStatus.APPROVED).exists()
    assert not reviews.exclude(round__place=F("cell__hamlet__parent")).exists()
    assert ratings.filter(subject=Subject.CELL).count() == reviews.count()
    # Every member counted at the year's end, once.
    counted = CellMembership.objects.filter(counting_membership(end))
    assert members.count() == counted.count() == members.values("member").distinct().count()
    shares = {
        level: count / members.count()
        for level, count in members.values_list("level").annotate(count=Count("pk"))
    }
    assert 0.7 < shares[RatingLevel.GOOD] < 0.9
    assert 0.05 < shares[RatingLevel.EXCELLENT] < 0.15
    assert 0.03 < shares[RatingLevel.DONE] < 0.12
    assert 0 < shares[RatingLevel.FAILED] < 0.01
    # A "không hoàn thành" comes from a veto, whatever the score.
    assert not members.filter(level=RatingLevel.FAILED, vetoes=[]).exists()


def test_every_demo_level_is_the_frameworks_verdict(today):
    ratings = Rating.objects.select_related("round").order_by("pk")[::499]
    frameworks = {}
    assert len(ratings) > 100
    for rating in ratings:
        framework = frameworks.setdefault(rating.round_id, Framework.of(rating.round))
        score = sum(Decimal(value) for value in rating.points.values())
        verdict = framework.judge(rating.subject, score, set(rating.met), set(rating.vetoes))
        assert (rating.score, rating.level, rating.reason) == (score, verdict.level, verdict.reason)


def test_this_years_round_is_open_and_partly_entered(today):
    reviews = _reviews(today.year)
    rounds = RatingRound.objects.filter(start_date=datetime.date(today.year, 1, 1))
    statuses = dict(reviews.values_list("status").annotate(count=Count("pk")))
    cells = Cell.objects.existing_on(today).count()

    assert rounds.count() == _reviews(2025).values("round").distinct().count()
    assert set(statuses) == {ReviewStatus.DRAFT, ReviewStatus.PROPOSED}
    assert 0 < reviews.count() < cells  # some cells have not started
    proposed = reviews.filter(status=ReviewStatus.PROPOSED).first()
    assert proposed.ratings.filter(subject=Subject.CELL).exists()
    assert proposed.ratings.count() > 1


def test_the_demo_communes_staff_read_their_reviews_through_the_api(client, today):
    staff = User.objects.get(username="xaquanson")
    client.force_login(staff)

    rounds = client.get("/api/v1/rating-rounds/", {"period": "2025"}).json()
    ratings = client.get("/api/v1/ratings/", {"status": "da_duyet", "page_size": 1}).json()

    assert [row["name"] for row in rounds["results"]] == ["Đánh giá, xếp loại chất lượng năm 2025"]
    assert ratings["count"] > 100


# --- A member's record ----------------------------------------------------------------


def test_the_record_shows_on_the_card_and_the_badge_list(today):
    province = Place.objects.official_unit("38")
    members = PartyMember.objects.within(province)
    now = recognition_counts(members, today)
    assert now["qua_han"] >= 1 and now["60_ngay"] >= 1
    assert recognition_counts(members, datetime.date(2023, 12, 31))["60_ngay"] >= 1
    assert Discipline.objects.count() >= 3 and MembershipGap.objects.count() >= 3
    assert MemberCase.objects.count() >= 2
    candidates = badge_candidates(province, next_presentation_day(today))
    assert any(candidate.early for candidate in candidates)
    assert any(candidate.posthumous for candidate in candidates)


# --- Party fees ----------------------------------------------------------------------


def test_the_demo_communes_members_pay_their_fees_with_a_few_warned(today):
    commune = Place.objects.by_code("15016", level=3, on=today)
    members = PartyMember.objects.within(commune)
    ledger = Ledger.build(members, datetime.date(2023, 1, 1), today)
    rows = list(ledger.all_rows())

    assert FeePayment.objects.filter(paid_on__gt=today).count() == 0
    assert FeePayment.objects.filter(member__in=members).count() > 20 * len(ledger.members)
    assert all(row.paid in (0, row.due) for row in rows)
    paid_share = sum(1 for row in rows if row.paid) / sum(1 for row in rows if row.due)
    assert 0.95 < paid_share < 1
    warned = warning_list(members, warned_months(today)[0].year, today)
    assert 1 <= len(warned) <= 10
    figures = area_figures(commune, date=today)
    assert figures.area["fees_paid"] > 0 and figures.area["fees_warned"] >= 1
