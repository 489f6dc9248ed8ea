"""factory_boy factories for the domain models."""

import datetime

import factory

from cells import models
from cells.constants import CellKind, PlaceKind, PostTypeCode, Role


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Place

    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    kind = PlaceKind.PROVINCE
    code = ""


# Made-up provinces and districts have no code (a test gives one when it
# looks them up), so the thousands a big test makes never collide; communes
# get five digits, away from the fixtures' (15001, 14995 ...).
class ProvinceFactory(PlaceFactory):
    kind = PlaceKind.PROVINCE


class DistrictFactory(PlaceFactory):
    kind = PlaceKind.RURAL_DISTRICT
    parent = factory.SubFactory(ProvinceFactory)


class CommuneFactory(PlaceFactory):
    kind = PlaceKind.COMMUNE
    parent = factory.SubFactory(DistrictFactory)
    code = factory.Sequence(lambda n: f"9{n % 10000:04d}")


class HamletFactory(PlaceFactory):
    kind = PlaceKind.VILLAGE
    code = ""
    name = factory.Sequence(lambda n: f"Thôn {n}")
    parent = factory.SubFactory(CommuneFactory)


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PartyCommittee
        django_get_or_create = ("place",)

    place = factory.SubFactory(CommuneFactory)
    name = factory.LazyAttribute(lambda o: f"Đảng bộ {o.place}")


class CellFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Cell

    hamlet = factory.SubFactory(HamletFactory)
    committee = factory.LazyAttribute(lambda o: CommitteeFactory(place=o.hamlet.parent))
    kind = CellKind.VILLAGE
    name = factory.LazyAttribute(lambda o: f"Chi bộ {o.hamlet}")
    founded_on = datetime.date(2000, 1, 1)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Người{n}")
    sex = "nam"
    place = factory.SubFactory(HamletFactory)


class PartyMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PartyMember

    person = factory.SubFactory(PersonFactory)
    admitted_on = datetime.date(2000, 5, 19)
    card_number = factory.Sequence(lambda n: f"CARD{n:07d}")


class CellMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CellMembership

    member = factory.SubFactory(PartyMemberFactory)
    cell = factory.SubFactory(CellFactory)
    start_date = datetime.date(2010, 1, 1)


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Term
        django_get_or_create = ("name",)

    name = "2020–2025"
    start_date = datetime.date(2020, 7, 1)
    end_date = datetime.date(2025, 6, 30)


def post_type(code):
    return models.PostType.objects.get(code=code)


class HamletPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Post
        django_get_or_create = ("post_type", "place", "cell")

    post_type = factory.LazyFunction(lambda: post_type(PostTypeCode.HAMLET_CHIEF))
    place = factory.SubFactory(HamletFactory)
    cell = None


class CellPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Post
        django_get_or_create = ("post_type", "place", "cell")

    post_type = factory.LazyFunction(lambda: post_type(PostTypeCode.CELL_SECRETARY))
    cell = factory.SubFactory(CellFactory)
    place = factory.LazyAttribute(lambda o: o.cell.hamlet or o.cell.committee.place)


class HoldingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Holding

    person = factory.SubFactory(PersonFactory)
    post = factory.SubFactory(HamletPostFactory)
    start_date = datetime.date(2020, 7, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "portal.User"
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.OFFICER
    place = factory.SubFactory(CommuneFactory)
    password = factory.PostGenerationMethodCall("set_password", "mat-khau-du-dai-123")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        from portal.roles import assign_role_group

        assign_role_group(self)
        self.save()
