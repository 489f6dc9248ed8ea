import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import (
    IntegrityError,
    connection,  # noqa: F401  (used by the skipif condition)
    transaction,
)

from cells.constants import PostTypeCode
from cells.models import Holding, Place
from tests import factories

D = datetime.date


def test_place_path_lists_its_ancestors(hamlet_a, commune_a, district, province):
    assert hamlet_a.path == f"/{province.pk}/{district.pk}/{commune_a.pk}/{hamlet_a.pk}/"
    assert set(Place.objects.within(district)) >= {district, commune_a, hamlet_a}
    assert province not in Place.objects.within(district)


def test_moving_a_commune_moves_its_hamlets(hamlet_a, commune_a, province):
    commune_a.parent = province  # as after 1 July 2025: no district
    commune_a.save()
    hamlet_a.refresh_from_db()
    assert hamlet_a.path == f"/{province.pk}/{commune_a.pk}/{hamlet_a.pk}/"


def test_a_hamlet_must_sit_under_a_commune(district):
    hamlet = Place(name="Bản Lạc", kind="ban", parent=district)
    with pytest.raises(ValidationError, match="cấp"):
        hamlet.full_clean()


def test_single_seat_post_refuses_an_overlapping_holding(hamlet_a):
    first = factories.HoldingFactory(
        post__place=hamlet_a, start_date=D(2020, 7, 1), end_date=D(2022, 6, 30)
    )
    second = Holding(
        person=factories.PersonFactory(place=hamlet_a),
        post=first.post,
        start_date=D(2022, 6, 1),
    )
    with pytest.raises(ValidationError, match="đã có người giữ"):
        second.full_clean()


def test_single_seat_post_accepts_the_next_holder_the_day_after(hamlet_a):
    first = factories.HoldingFactory(post__place=hamlet_a, end_date=D(2022, 6, 30))
    second = Holding(
        person=factories.PersonFactory(place=hamlet_a), post=first.post, start_date=D(2022, 7, 1)
    )
    second.full_clean()
    second.save()


def test_holding_end_before_start_is_refused_by_model_and_database(hamlet_a):
    holding = factories.HoldingFactory.build(
        person=factories.PersonFactory(place=hamlet_a),
        post=factories.HamletPostFactory(place=hamlet_a),
        start_date=D(2022, 1, 1),
        end_date=D(2021, 1, 1),
    )
    with pytest.raises(ValidationError, match="không được trước"):
        holding.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        holding.save()


def test_secretary_as_chief_is_answered_per_hamlet_in_one_query(
    commune_a, django_assert_num_queries
):
    both, only_secretary = factories.CellFactory.create_batch(2, hamlet__parent=commune_a)
    person = factories.PersonFactory(place=both.hamlet)
    factories.HoldingFactory(person=person, post=factories.CellPostFactory(cell=both))
    factories.HoldingFactory(person=person, post=factories.HamletPostFactory(place=both.hamlet))
    factories.HoldingFactory(post=factories.CellPostFactory(cell=only_secretary))
    factories.HoldingFactory(
        post=factories.HamletPostFactory(place=only_secretary.hamlet),
        person__place=only_secretary.hamlet,
    )

    with django_assert_num_queries(1):
        answer = {
            place.pk: place.secretary_is_chief
            for place in Place.objects.within(commune_a)
            .hamlets()
            .with_secretary_as_chief(D(2023, 1, 1))
        }
    assert answer == {both.hamlet.pk: True, only_secretary.hamlet.pk: False}


def test_people_sort_in_vietnamese_order(hamlet_a):
    for name in ["Lê Thị Thu Hiền", "Trần Văn Ánh", "Nguyễn Văn An", "Hà Văn Ăn", "Phạm Thị Anh"]:
        factories.PersonFactory(full_name=name, place=hamlet_a)
    from cells.models import Person

    assert [p.full_name for p in Person.objects.all()] == [
        "Nguyễn Văn An",
        "Phạm Thị Anh",
        "Trần Văn Ánh",
        "Hà Văn Ăn",
        "Lê Thị Thu Hiền",
    ]


def test_post_type_seed_has_the_five_hamlet_titles(db):
    from cells.models import PostType

    titles = set(PostType.objects.filter(is_hamlet_title=True).values_list("code", flat=True))
    assert titles == {
        PostTypeCode.CELL_SECRETARY,
        PostTypeCode.HAMLET_CHIEF,
        PostTypeCode.FRONT_HEAD,
        PostTypeCode.MILITIA_LEADER,
        PostTypeCode.SECURITY_HEAD,
    }


@pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="exclusion constraints exist on PostgreSQL only"
)
def test_postgresql_itself_refuses_overlapping_single_seat_holdings(hamlet_a):
    first = factories.HoldingFactory(post__place=hamlet_a, start_date=D(2020, 7, 1))
    overlapping = Holding(
        person=factories.PersonFactory(place=hamlet_a), post=first.post, start_date=D(2021, 1, 1)
    )
    # save() skips clean(): only the database stands in the way, and its
    # refusal reads as clean()'s would.
    with pytest.raises(ValidationError) as refused, transaction.atomic():
        overlapping.save()
    assert refused.value.messages == [
        f"Vị trí {first.post} đã có người giữ trong khoảng thời gian này."
    ]
    assert isinstance(refused.value.__cause__, IntegrityError)


def test_a_central_city_is_named_thanh_pho(db):
    hanoi = factories.ProvinceFactory(name="Hà Nội", code="01", kind="thanh_pho_tw")
    assert str(hanoi) == "Thành phố Hà Nội"


def test_the_given_name_decides_in_full_before_the_family_name(hamlet_a):
    # Sorted on the "Tên" column first, tones included, as an office does.
    for name in ["Hoàng Thị Ánh", "Lê Thị Anh", "Vi Văn Dũng", "Lê Văn Dụng", "Lê Văn Dung"]:
        factories.PersonFactory(full_name=name, place=hamlet_a)
    from cells.models import Person

    assert [p.full_name for p in Person.objects.all()] == [
        "Lê Thị Anh", "Hoàng Thị Ánh", "Lê Văn Dung", "Vi Văn Dũng", "Lê Văn Dụng",
    ]  # fmt: skip
