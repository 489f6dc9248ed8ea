"""The API of the cells records: places, party committees, cells, people,
party members, cell memberships, post types, posts, holdings and terms.

Serializers, filter sets and viewsets; the router in portal/api/urls.py
registers the viewsets. Each viewset reads `Model.objects.in_scope(user)`
(core.rest.viewsets) and loads what its serializer shows with select_related,
so a page costs the same number of queries whatever its size.
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.periods import validate_date_in_range
from core.rest.filters import DatedFilterSet, PlaceFilterSet, SearchFilterSet
from core.rest.viewsets import ScopedModelSerializer, ScopedModelViewSet, ScopedSlugRelatedField

from .constants import CellKind, Level, PlaceKind
from .models import (
    Cell,
    CellMembership,
    Holding,
    PartyCommittee,
    PartyMember,
    Person,
    Place,
    Post,
    PostType,
    Term,
)


class PlaceSummarySerializer(serializers.ModelSerializer):
    """A place as other records show it: enough to print, no need to fetch.
    Written out by hand: lists show it on every row."""

    class Meta:
        model = Place
        fields = ["id", "code", "kind", "name"]
        read_only_fields = fields

    def to_representation(self, place):
        return place_summary(place)


def place_summary(place):
    return {"id": place.pk, "code": place.code, "kind": place.kind, "name": place.name}


# Places ---------------------------------------------------------------------


class PlaceSerializer(ScopedModelSerializer):
    full_name = serializers.CharField(read_only=True)
    # Written by a reorganisation (cells.reorganisations), never by a body.
    successors = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    predecessors = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Place
        fields = [
            "id",
            "name",
            "kind",
            "level",
            "code",
            "parent",
            "valid_from",
            "valid_to",
            "successors",
            "predecessors",
            "full_name",
        ]
        read_only_fields = ["level"]


class PlaceFilter(PlaceFilterSet, SearchFilterSet, DatedFilterSet):
    dated_by = ("valid_from", "valid_to")
    kind = django_filters.MultipleChoiceFilter(choices=PlaceKind.choices)
    level = django_filters.TypedChoiceFilter(choices=Level.choices, coerce=int)

    class Meta:
        model = Place
        fields = ["place", "place_id", "kind", "level", "code", "parent", "search"]


class PlaceViewSet(ScopedModelViewSet):
    """Administrative units; `place`/`place_id` lists a unit and everything
    under it."""

    queryset = Place.objects.prefetch_related("successors", "predecessors")
    serializer_class = PlaceSerializer
    filterset_class = PlaceFilter


# Party committees and cells -----------------------------------------------------


class PartyCommitteeSerializer(ScopedModelSerializer):
    class Meta:
        model = PartyCommittee
        fields = ["id", "name", "place", "founded_on", "dissolved_on"]


class PartyCommitteeFilter(PlaceFilterSet, DatedFilterSet):
    dated_by = ("founded_on", "dissolved_on")

    class Meta:
        model = PartyCommittee
        fields = ["place", "place_id"]


class PartyCommitteeViewSet(ScopedModelViewSet):
    queryset = PartyCommittee.objects.all()
    serializer_class = PartyCommitteeSerializer
    filterset_class = PartyCommitteeFilter


class CellSerializer(ScopedModelSerializer):
    hamlet_detail = PlaceSummarySerializer(source="hamlet", read_only=True)
    successors = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Cell
        fields = [
            "id",
            "name",
            "kind",
            "committee",
            "hamlet",
            "hamlet_detail",
            "founded_on",
            "dissolved_on",
            "successors",
        ]


class CellFilter(PlaceFilterSet, SearchFilterSet, DatedFilterSet):
    dated_by = ("founded_on", "dissolved_on")
    kind = django_filters.MultipleChoiceFilter(choices=CellKind.choices)

    class Meta:
        model = Cell
        fields = ["place", "place_id", "kind", "committee", "hamlet", "search"]


class CellViewSet(ScopedModelViewSet):
    """Party cells (chi bộ); `place` covers the cells of every committee under it."""

    queryset = Cell.objects.select_related("hamlet").prefetch_related("successors")
    serializer_class = CellSerializer
    filterset_class = CellFilter


# People and party members -------------------------------------------------------


class PersonSerializer(ScopedModelSerializer):
    place_detail = PlaceSummarySerializer(source="place", read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "full_name",
            "sex",
            "birth_date",
            "citizen_id",
            "phone",
            "place",
            "place_detail",
        ]

    def to_representation(self, person):
        # Written out by hand: DRF's field-by-field walk costs more than the
        # query on a list (a test keeps this equal to the declared fields).
        return person_row({column: _attribute(person, column) for column in PERSON_ROW_COLUMNS})


PERSON_ROW_COLUMNS = (
    "id", "full_name", "sex", "birth_date", "citizen_id", "phone",
    "place_id", "place__code", "place__kind", "place__name",
)  # fmt: skip


def _attribute(instance, path):
    for name in path.split("__"):
        instance = getattr(instance, name)
    return instance


def person_row(values):
    """A person as the API shows it, from PERSON_ROW_COLUMNS values."""
    birth_date = values["birth_date"]
    return {
        "id": values["id"],
        "full_name": values["full_name"],
        "sex": values["sex"],
        "birth_date": birth_date.isoformat() if birth_date else None,
        "citizen_id": values["citizen_id"],
        "phone": values["phone"],
        "place": values["place_id"],
        "place_detail": {
            "id": values["place_id"],
            "code": values["place__code"],
            "kind": values["place__kind"],
            "name": values["place__name"],
        },
    }


class PersonFilter(PlaceFilterSet, SearchFilterSet):
    ordering = django_filters.OrderingFilter(
        fields=(("sort_key", "name"), ("birth_date", "birth_date"), ("id", "id")),
        label=_("Sắp xếp: name (theo tên, thứ tự tiếng Việt), birth_date, id; dấu - để đảo"),
    )

    class Meta:
        model = Person
        fields = ["place", "place_id", "sex", "search"]


class PersonViewSet(ScopedModelViewSet):
    """People, in Vietnamese name order (given name first) unless `ordering`
    says otherwise."""

    queryset = Person.objects.select_related("place")
    serializer_class = PersonSerializer
    filterset_class = PersonFilter

    def list(self, request, *args, **kwargs):
        # The API's busiest page reads plain values, not model instances:
        # the same rows (a test compares them with the detail answers) for
        # half the work.
        people = self.filter_queryset(self.get_queryset()).values(*PERSON_ROW_COLUMNS)
        page = self.paginate_queryset(people)
        return self.get_paginated_response([person_row(values) for values in page])


class PartyMemberSerializer(ScopedModelSerializer):
    full_name = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = PartyMember
        fields = [
            "id",
            "person",
            "full_name",
            "card_number",
            "admitted_on",
            "full_member_on",
            "left_on",
            "left_reason",
            "recognition_number",
            "recognition_date",
            "recognition_body",
            "seriously_ill_since",
            "posthumous_badge_requested_on",
        ]


class PartyMemberFilter(PlaceFilterSet, SearchFilterSet, DatedFilterSet):
    search_field = "person__search_name"
    dated_by = ("admitted_on", "left_on")
    cell = django_filters.ModelChoiceFilter(
        field_name="cell_memberships__cell",
        queryset=Cell.objects.all(),
        distinct=True,
        label=_("Từng sinh hoạt ở chi bộ (id)"),
    )

    class Meta:
        model = PartyMember
        fields = ["place", "place_id", "search", "cell"]


class PartyMemberViewSet(ScopedModelViewSet):
    """Party memberships (đảng viên); `place` follows where the person lives."""

    queryset = PartyMember.objects.select_related("person")
    serializer_class = PartyMemberSerializer
    filterset_class = PartyMemberFilter


class CellMembershipSerializer(ScopedModelSerializer):
    class Meta:
        model = CellMembership
        fields = ["id", "member", "cell", "start_date", "end_date", "end_reason"]


class CellMembershipFilter(PlaceFilterSet, DatedFilterSet):
    class Meta:
        model = CellMembership
        fields = ["place", "place_id", "cell", "member"]


class CellMembershipViewSet(ScopedModelViewSet):
    """Which cell a member belonged to, from when to when (transfers keep history)."""

    queryset = CellMembership.objects.all()
    serializer_class = CellMembershipSerializer
    filterset_class = CellMembershipFilter


# Terms, post types, posts and holdings -----------------------------------------------


class TermSerializer(ScopedModelSerializer):
    class Meta:
        model = Term
        fields = ["id", "name", "start_date", "end_date"]


class TermFilter(DatedFilterSet):
    class Meta:
        model = Term
        fields = ["name"]


class TermViewSet(ScopedModelViewSet):
    """Terms of office (nhiệm kỳ): shared by every place, kept by superusers."""

    queryset = Term.objects.all()
    serializer_class = TermSerializer
    filterset_class = TermFilter


class PostTypeSerializer(ScopedModelSerializer):
    class Meta:
        model = PostType
        fields = ["id", "code", "name", "scope", "seats", "is_hamlet_title", "order"]


class PostTypeViewSet(ScopedModelViewSet):
    """Titles (chức danh): shared by every place, kept by superusers."""

    queryset = PostType.objects.all()
    serializer_class = PostTypeSerializer
    filterset_fields = ["scope", "is_hamlet_title", "code"]


class PostSerializer(ScopedModelSerializer):
    post_type = ScopedSlugRelatedField(slug_field="code", queryset=PostType.objects.all())
    place_detail = PlaceSummarySerializer(source="place", read_only=True)

    class Meta:
        model = Post
        fields = ["id", "post_type", "place", "place_detail", "cell"]
        extra_kwargs = {
            "place": {
                "help_text": _("Thôn của vị trí; với chức danh của chi bộ, được lấy theo chi bộ.")
            }
        }


class PostFilter(PlaceFilterSet):
    post_type = django_filters.CharFilter(field_name="post_type__code", label=_("Mã chức danh"))
    vacant_on = django_filters.DateFilter(
        method="filter_vacant_on",
        label=_("Chỉ vị trí không có người giữ vào ngày"),
        validators=[validate_date_in_range],
    )

    class Meta:
        model = Post
        fields = ["place", "place_id", "post_type", "cell"]

    def filter_vacant_on(self, queryset, name, value):
        return queryset.vacant_on(value)


class PostViewSet(ScopedModelViewSet):
    """Seats (vị trí chức danh) in hamlets and cells, held or vacant."""

    queryset = Post.objects.select_related("post_type", "place")
    serializer_class = PostSerializer
    filterset_class = PostFilter


class HoldingSerializer(ScopedModelSerializer):
    full_name = serializers.CharField(source="person.full_name", read_only=True)
    post_type = serializers.CharField(source="post.post_type.code", read_only=True)
    place_detail = PlaceSummarySerializer(source="post.place", read_only=True)

    class Meta:
        model = Holding
        fields = [
            "id",
            "person",
            "full_name",
            "post",
            "post_type",
            "place_detail",
            "term",
            "start_date",
            "end_date",
            "end_reason",
            "decision_number",
            "decision_date",
        ]


class HoldingFilter(PlaceFilterSet, SearchFilterSet, DatedFilterSet):
    search_field = "person__search_name"
    post_type = django_filters.CharFilter(
        field_name="post__post_type__code", label=_("Mã chức danh")
    )

    class Meta:
        model = Holding
        fields = ["place", "place_id", "post_type", "term", "person", "post", "search"]


class HoldingViewSet(ScopedModelViewSet):
    """Who held which post, when, under which decision; `date` lists the
    holders on a day, `period` those in office at some time in it."""

    queryset = Holding.objects.select_related("person", "post__post_type", "post__place")
    serializer_class = HoldingSerializer
    filterset_class = HoldingFilter
