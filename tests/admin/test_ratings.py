"""The review in the admin: rounds opened by a commune for itself, criteria
sets whose items add up to 100 and stay as they were once used, a
committee's vetoes in its own round, and results listed read-only (the
level is computed by ratings.services, never typed)."""

from django.urls import reverse

from core.commands import ServerAccount
from ratings import services
from ratings.constants import ConditionKind, RatingLevel, Subject
from ratings.defaults import default_criteria
from ratings.models import Condition, CriteriaSet, Criterion, RatingRound
from tests.admin.test_inlines import management


def url(model, view, *args):
    return reverse(f"admin:ratings_{model}_{view}", args=args)


def rate(rating_round, cell, members):
    """The cell's results as the services write them: 80% of every item."""
    review = services.review_for(rating_round, cell=cell)
    rows = []
    for member in [*members, None]:
        criteria = rating_round.criteria_for(Subject.MEMBER if member else Subject.CELL)
        points = {c.pk: c.max_points * 8 / 10 for c in criteria.criteria.all()}
        rows.append(services.Entry(member=member, points=points, where=str(member)))
    services.save_ratings(ServerAccount(), review, rows)
    return review


def round_form(place, **extra):
    return {
        "place": place.pk,
        "kind": "nam",
        "name": "Đánh giá, xếp loại năm 2026",
        "start_date": "01/01/2026",
        "end_date": "31/12/2026",
        "member_criteria": default_criteria(Subject.MEMBER).pk,
        "cell_criteria": default_criteria(Subject.CELL).pk,
        **management("conditions", 0, 0),
        **extra,
    }


def test_commune_staff_open_a_round_for_their_commune_only(
    login, commune_staff, commune_a, commune_b, province
):
    client = login(commune_staff)

    page = client.get(url("ratinground", "add"))
    offered = set(page.context["adminform"].form.fields["place"].queryset)
    created = client.post(url("ratinground", "add"), round_form(commune_a))
    refused = client.post(url("ratinground", "add"), round_form(commune_b))

    assert offered == {commune_a}
    assert created.status_code == 302
    assert RatingRound.objects.get().place == commune_a
    assert refused.status_code == 200
    assert "ngoài phạm vi đơn vị của bạn" in refused.content.decode()
    assert RatingRound.objects.count() == 1


def test_a_round_with_a_veto_of_its_own(login, commune_staff, commune_a):
    response = login(commune_staff).post(
        url("ratinground", "add"),
        round_form(
            commune_a,
            **management("conditions", 1, 0),
            **{
                "conditions-0-order": "10",
                "conditions-0-code": "vi_pham_huong_uoc",
                "conditions-0-name": "Vi phạm hương ước thôn",
                "conditions-0-kind": ConditionKind.VETO,
                "conditions-0-applies_to": "ca_nhan",
            },
        ),
    )

    assert response.status_code == 302
    (veto,) = Condition.objects.filter(round__isnull=False)
    assert veto.round.place == commune_a and veto.kind == ConditionKind.VETO


def test_the_criteria_of_a_round_are_of_its_subject(login, commune_staff, commune_a):
    page = login(commune_staff).get(url("ratinground", "add"))
    fields = page.context["adminform"].form.fields

    assert {c.subject for c in fields["member_criteria"].queryset} == {Subject.MEMBER}
    assert {c.subject for c in fields["cell_criteria"].queryset} == {Subject.CELL}


def criteria_form(place, *max_points):
    data = {"name": "Tiêu chí đảng viên của xã", "subject": Subject.MEMBER, "place": place.pk}
    data.update(management("criteria", len(max_points), 0))
    for number, points in enumerate(max_points):
        data[f"criteria-{number}-order"] = str(number)
        data[f"criteria-{number}-group"] = "Chính trị tư tưởng"
        data[f"criteria-{number}-name"] = f"Tiêu chí {number + 1}"
        data[f"criteria-{number}-max_points"] = str(points)
    return data


def test_a_criteria_set_adds_up_to_100(login, commune_staff, commune_a):
    client = login(commune_staff)

    refused = client.post(url("criteriaset", "add"), criteria_form(commune_a, 40, 50.5))
    created = client.post(url("criteriaset", "add"), criteria_form(commune_a, 40, 60))

    assert refused.status_code == 200
    assert "Tổng điểm tối đa của các tiêu chí là 90,5, phải bằng 100." in refused.content.decode()
    assert created.status_code == 302
    (criteria_set,) = CriteriaSet.objects.filter(place=commune_a)
    assert criteria_set.criteria.count() == 2


def test_a_criteria_set_used_for_ratings_is_not_changed(
    login, commune_staff, commune_a, rating_round, cell_a, members_a
):
    own = CriteriaSet.objects.create(
        name="Tiêu chí của xã", subject=Subject.MEMBER, place=commune_a
    )
    Criterion.objects.create(criteria_set=own, group="Chung", name="Chung", max_points=100)
    rating_round.member_criteria = own
    rating_round.save()
    client = login(commune_staff)
    assert client.get(url("criteriaset", "change", own.pk)).context["has_change_permission"]

    rate(rating_round, cell_a, members_a)
    page = client.get(url("criteriaset", "change", own.pk))
    posted = client.post(url("criteriaset", "change", own.pk), criteria_form(commune_a, 100))

    assert not page.context["has_change_permission"]
    assert "đã được dùng để chấm điểm trong “Đánh giá, xếp loại năm 2025”" in page.content.decode()
    assert posted.status_code == 403
    assert own.criteria.get().name == "Chung"


def test_the_guidance_defaults_and_bands_are_the_superusers(login, commune_staff):
    client = login(commune_staff)
    default = default_criteria(Subject.MEMBER)
    national = Condition.objects.filter(round__isnull=True).first()

    for model, record in (("criteriaset", default), ("condition", national)):
        page = client.get(url(model, "change", record.pk))
        assert page.status_code == 200
        assert not page.context["has_change_permission"]
    assert client.get(url("levelband", "add")).status_code == 403


def test_a_condition_goes_into_the_staffs_own_rounds(login, commune_staff, rating_round, commune_b):
    other = RatingRound.objects.create(
        place=commune_b,
        name="Kỳ của xã B",
        start_date=rating_round.start_date,
        end_date=rating_round.end_date,
        member_criteria=rating_round.member_criteria,
        cell_criteria=rating_round.cell_criteria,
    )
    page = login(commune_staff).get(url("condition", "add"))
    field = page.context["adminform"].form.fields["round"]

    assert set(field.queryset) == {rating_round}
    assert other not in field.queryset
    assert field.required


def test_results_are_listed_read_only_with_their_level(
    login, commune_staff, officer_a, rating_round, cell_a, members_a
):
    review = rate(rating_round, cell_a, members_a)
    rating = review.ratings.filter(member__isnull=False).first()

    for user in (commune_staff, officer_a):
        client = login(user)
        listed = client.get(url("rating", "changelist"), {"round__id__exact": rating_round.pk})
        detail = client.get(url("rating", "change", rating.pk))
        assert listed.status_code == 200
        assert listed.context["cl"].result_count == 4
        assert str(RatingLevel(rating.level).label) in listed.content.decode()
        assert detail.status_code == 200
        assert not detail.context["has_change_permission"]
        assert "level" not in detail.context["adminform"].form.fields
        assert client.get(url("rating", "add")).status_code == 403
        assert client.get(url("review", "add")).status_code == 403
        reviews = client.get(url("review", "changelist"), {"status__exact": review.status})
        assert reviews.context["cl"].result_count == 1


def test_another_commune_finds_no_results(login, commune_b_staff, rating_round, cell_a, members_a):
    review = rate(rating_round, cell_a, members_a)
    client = login(commune_b_staff)

    assert client.get(url("rating", "changelist")).context["cl"].result_count == 0
    assert client.get(url("review", "change", review.pk)).status_code == 302
    assert client.get(url("ratinground", "change", rating_round.pk)).status_code == 302


def test_the_lists_filter_by_level(login, commune_staff, rating_round, cell_a, members_a):
    rate(rating_round, cell_a, members_a)
    client = login(commune_staff)

    def count(level):
        listed = client.get(url("rating", "changelist"), {"level__exact": level})
        return listed.context["cl"].result_count

    # Nothing ticked: 80 points without "every task on time" is "hoàn thành"
    # for a member, and the cell misses the condition of that level too.
    assert count(RatingLevel.GOOD) == 0
    assert count(RatingLevel.DONE) == 3
    assert count(RatingLevel.FAILED) == 1
