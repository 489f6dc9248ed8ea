"""The API of the yearly review: rounds, criteria sets with their items,
conditions and vetoes, the results of each cell (reviews) with their
approval steps, and the ratings.

Reading follows the one scoping rule (`in_scope`). Rounds are written like
any record (staff of the commune or province that opens them). Ratings and
their approval go only through `ratings.services`, which compute the level
and keep the rules: a cell's ratings are written in one POST, all or
nothing (400 with a Vietnamese message per row and column); proposing,
approving and unlocking are actions on a review, refused with a 403 and the
service's message when the caller's level may not take them.
"""

import django_filters
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed, PermissionDenied, ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from cells.models import Cell, PartyCommittee, PartyMember
from core.rest.filters import DatedFilterSet, PlaceFilterSet, ScopedFilterSet
from core.rest.viewsets import ScopedModelSerializer, ScopedModelViewSet, ScopedRelatedField

from . import services
from .constants import RatingLevel, ReviewStatus, Subject
from .models import Condition, CriteriaSet, Criterion, Rating, RatingRound, Review

READ_ONLY = ["get", "head", "options"]


# Rounds ----------------------------------------------------------------------------


class RatingRoundSerializer(ScopedModelSerializer):
    class Meta:
        model = RatingRound
        fields = [
            "id",
            "place",
            "kind",
            "name",
            "start_date",
            "end_date",
            "member_criteria",
            "cell_criteria",
            "committee_criteria",
            "excellent_cap",
        ]


class RatingRoundFilter(PlaceFilterSet, DatedFilterSet):
    class Meta:
        model = RatingRound
        fields = ["place", "place_id", "kind"]


class RatingRoundViewSet(ScopedModelViewSet):
    """Review rounds (kỳ đánh giá, xếp loại): a commune's for its cells and
    members, a province's for its commune committees. A cell reads the round
    of its commune; `period=2025` lists the rounds running in 2025."""

    queryset = RatingRound.objects.select_related("place")
    serializer_class = RatingRoundSerializer
    filterset_class = RatingRoundFilter


# Criteria and conditions -------------------------------------------------------------


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "group", "name", "max_points", "order"]


class CriteriaSetSerializer(ScopedModelSerializer):
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = CriteriaSet
        fields = ["id", "name", "subject", "place", "criteria"]


class CriteriaSetFilter(ScopedFilterSet):
    class Meta:
        model = CriteriaSet
        fields = ["subject"]


class CriteriaSetViewSet(ScopedModelViewSet):
    """Criteria sets with their items (points keyed by item id in a rating):
    the guidance's defaults (no place), the province's and the caller's own."""

    queryset = CriteriaSet.objects.prefetch_related("criteria")
    serializer_class = CriteriaSetSerializer
    filterset_class = CriteriaSetFilter
    http_method_names = READ_ONLY


class ConditionSerializer(ScopedModelSerializer):
    class Meta:
        model = Condition
        fields = ["id", "code", "name", "kind", "applies_to", "level", "round", "order"]


class ConditionFilter(ScopedFilterSet):
    class Meta:
        model = Condition
        fields = ["round", "kind"]


class ConditionViewSet(ScopedModelViewSet):
    """Conditions of the top levels and vetoes, by code (`met`, `vetoes` of
    a rating): the regulation's (no round) and those a committee added to
    its round."""

    queryset = Condition.objects.all()
    serializer_class = ConditionSerializer
    filterset_class = ConditionFilter
    http_method_names = READ_ONLY


# Reviews and their approval -----------------------------------------------------------


class ReviewSerializer(ScopedModelSerializer):
    class Meta:
        model = Review
        fields = [
            "id",
            "round",
            "cell",
            "committee",
            "status",
            "proposed_at",
            "approved_at",
            "unlock_reason",
        ]


class UnlockSerializer(serializers.Serializer):
    reason = serializers.CharField(label=_("Lý do mở khóa"), allow_blank=True)


class ReviewFilter(PlaceFilterSet):
    status = django_filters.ChoiceFilter(choices=ReviewStatus.choices)

    class Meta:
        model = Review
        fields = ["place", "place_id", "round", "cell", "status"]


def refused_or_invalid(error, allowed):
    """A service's refusal as the API answers it: 403 with its message when
    the caller's level may not take the step, else 400."""
    if not allowed:
        return PermissionDenied(" ".join(error.messages))
    return ValidationError({"non_field_errors": error.messages})


class ReviewViewSet(ScopedModelViewSet):
    """The results of one cell (or commune committee) in a round and where
    they stand: `dang_nhap` (being entered), `de_nghi` (proposed),
    `da_duyet` (approved and locked). `propose` is the cell's step,
    `approve` and `unlock` (with a reason) the committee's that opened the
    round or a level above."""

    queryset = Review.objects.select_related("cell", "committee")
    serializer_class = ReviewSerializer
    filterset_class = ReviewFilter
    http_method_names = [*READ_ONLY, "post"]

    @extend_schema(exclude=True)
    def create(self, request, *args, **kwargs):
        # Results come into being when their ratings are written (POST ratings/).
        raise MethodNotAllowed(request.method)

    def _review(self, pk):
        # A malformed id is a 404 like a missing one (not the filters' 400:
        # this is a path, not a query).
        return get_object_or_404(self.get_queryset(), pk=pk)

    def _step(self, request, review, step, allowed, *args):
        try:
            with self.audited():
                review = step(request.user, review, *args)
        except services.RatingError as error:
            raise refused_or_invalid(error, allowed(review)) from None
        return Response(ReviewSerializer(review, context={"request": request}).data)

    def _may_enter(self, review):
        return services.may_enter(self.request.user, review)

    def _may_approve(self, review):
        return services.may_approve(self.request.user, review.round)

    @extend_schema(request=None, responses=ReviewSerializer)
    @action(detail=True, methods=["post"])
    def propose(self, request, pk=None):
        """Propose the cell's results to the committee: every member on the
        round's last day (but the exempted) and the cell itself rated."""
        return self._step(request, self._review(pk), services.propose, self._may_enter)

    @extend_schema(request=None, responses=ReviewSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve proposed results, which locks them (the round's cap on
        "xuất sắc" checked)."""
        return self._step(request, self._review(pk), services.approve, self._may_approve)

    @extend_schema(request=UnlockSerializer, responses=ReviewSerializer)
    @action(detail=True, methods=["post"])
    def unlock(self, request, pk=None):
        """Reopen approved results, with a reason (kept and audited)."""
        review = self._review(pk)  # a review out of scope is a 404, whatever the body
        body = UnlockSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        reason = body.data["reason"]
        return self._step(request, review, services.unlock, self._may_approve, reason)


# Ratings ------------------------------------------------------------------------------


class RatingSerializer(ScopedModelSerializer):
    member_name = serializers.CharField(source="member.person.full_name", read_only=True)
    status = serializers.CharField(source="review.status", read_only=True)

    class Meta:
        model = Rating
        fields = [
            "id",
            "round",
            "review",
            "status",
            "subject",
            "member",
            "member_name",
            "cell",
            "committee",
            "points",
            "met",
            "vetoes",
            "score",
            "level",
            "reason",
            "probationary",
            "exempted",
            "note",
        ]
        read_only_fields = fields


class EntrySerializer(serializers.Serializer):
    member = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text=_("Mã số (id) đảng viên; để trống (null): đánh giá của chính chi bộ, đảng ủy."),
    )
    points = serializers.DictField(
        child=serializers.CharField(),
        help_text=_('Điểm từng tiêu chí: {mã số tiêu chí: điểm}, ví dụ {"12": "8,5"}.'),
    )
    met = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    vetoes = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class RatingsBatchSerializer(serializers.Serializer):
    """A cell's (or a committee's) ratings in a round, written in one go."""

    round = ScopedRelatedField(queryset=RatingRound.objects.select_related("place"))
    cell = ScopedRelatedField(queryset=Cell.objects.all(), required=False, allow_null=True)
    committee = ScopedRelatedField(
        queryset=PartyCommittee.objects.select_related("place"), required=False, allow_null=True
    )
    ratings = EntrySerializer(many=True, allow_empty=False)

    def validate(self, attrs):
        cell, committee = attrs.get("cell"), attrs.get("committee")
        rating_round = attrs["round"]
        if (cell is None) == (committee is None):
            raise ValidationError({"cell": [_("Chọn một chi bộ hoặc một đảng ủy xã.")]})
        if committee is not None and not rating_round.rates_committees:
            raise ValidationError({"committee": [_("Kỳ đánh giá này đánh giá các chi bộ.")]})
        if cell is not None and rating_round.rates_committees:
            raise ValidationError({"cell": [_("Kỳ đánh giá này đánh giá các đảng ủy xã.")]})
        unit_path = cell.path if cell is not None else committee.place.path
        if not unit_path.startswith(rating_round.place.path):
            raise ValidationError(
                {
                    "round": [
                        _("%(unit)s không thuộc %(place)s, đơn vị mở kỳ đánh giá này.")
                        % {"unit": cell or committee, "place": rating_round.place}
                    ]
                }
            )
        return attrs


class SavedSerializer(serializers.Serializer):
    review = serializers.IntegerField()
    status = serializers.CharField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()


class RatingFilter(PlaceFilterSet):
    level = django_filters.MultipleChoiceFilter(choices=RatingLevel.choices)
    subject = django_filters.ChoiceFilter(choices=Subject.choices)
    status = django_filters.ChoiceFilter(field_name="review__status", choices=ReviewStatus.choices)

    class Meta:
        model = Rating
        fields = ["place", "place_id", "round", "cell", "member", "level", "subject", "status"]


def members_by_id(user, entries):
    """{id: member} of the members the entries name, among those `user` may
    attach a record to: one query for the whole cell."""
    ids = {entry["member"] for entry in entries if entry.get("member")}
    rows = PartyMember.objects.attachable_by(user).filter(pk__in=ids).select_related("person")
    return {member.pk: member for member in rows}


def as_entries(user, rows):
    """The body's rows as `services.Entry`, "Dòng N" naming each in the
    messages; a member outside the caller's reach is a 400 on its row."""
    members = members_by_id(user, rows)
    entries, unknown = [], []
    for number, row in enumerate(rows, start=1):
        where = _("Dòng %(number)s") % {"number": number}
        member = None
        if row.get("member"):
            member = members.get(row["member"])
            if member is None:
                unknown.append(
                    _("%(where)s: không có đảng viên này trong phạm vi của bạn.") % {"where": where}
                )
                continue
        entries.append(
            services.Entry(
                member=member,
                points=dict(row["points"]),
                met=frozenset(row["met"]),
                vetoes=frozenset(row["vetoes"]),
                note=row["note"],
                where=str(where),
            )
        )
    if unknown:
        raise ValidationError({"ratings": unknown})
    return entries


class RatingViewSet(ScopedModelViewSet):
    """Ratings of members, cells and commune committees, with the level the
    portal computed and why (`reason`). A POST writes the ratings of one
    cell (or committee) in a round, all or nothing, through the one write
    path (ratings.services.save_ratings); a rating is never changed or
    deleted one by one."""

    queryset = Rating.objects.select_related("member__person", "review")
    serializer_class = RatingSerializer
    filterset_class = RatingFilter
    http_method_names = [*READ_ONLY, "post"]

    def get_serializer_class(self):
        return RatingsBatchSerializer if self.action == "create" else RatingSerializer

    @extend_schema(request=RatingsBatchSerializer, responses={201: SavedSerializer})
    def create(self, request, *args, **kwargs):
        body = RatingsBatchSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        data = body.validated_data
        with self.audited(), transaction.atomic():
            entries = as_entries(request.user, data["ratings"])
            review = services.review_for(
                data["round"], cell=data.get("cell"), committee=data.get("committee")
            )
            try:
                created, updated = services.save_ratings(request.user, review, entries)
            except services.RatingError as error:
                allowed = Review.objects.editable_by(request.user).filter(pk=review.pk).exists()
                raise refused_or_invalid(error, allowed) from None
        saved = {"review": review.pk, "status": review.status, "created": created}
        return Response({**saved, "updated": updated}, status=status.HTTP_201_CREATED)
