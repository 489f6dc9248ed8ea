"""The API of the awards records: commendation forms, occasions, issuing
bodies, decisions and the awards they grant.

Reading follows the one scoping rule (`in_scope`): a commune officer sees
the district decision that commended their cells, with only their own rows.
Writing a decision, or an award of it, needs the decision to be issued by a
body under the caller's place (`DecisionQuerySet.issued_within`): a commune
cannot edit what the district decided.
"""

import django_filters
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from rest_framework import permissions, serializers

from cells.rest.filters import DatedFilterSet, PlaceFilterSet
from cells.rest.viewsets import (
    ScopedModelSerializer,
    ScopedModelViewSet,
    ScopedRelatedField,
    ScopedSlugRelatedField,
)

from .models import Award, CommendationForm, Decision, IssuingBody, Occasion


def issued_by_callers_bodies(decisions, user):
    """Decisions `user` may change: issued by a body under their place."""
    if user.is_superuser:
        return decisions
    return decisions.issued_within(user.place)


class CommendationFormSerializer(ScopedModelSerializer):
    class Meta:
        model = CommendationForm
        fields = ["id", "code", "name", "order"]


class CommendationFormViewSet(ScopedModelViewSet):
    """Forms of commendation (Giấy khen, Bằng khen, Cờ thi đua, Huy hiệu Đảng)."""

    queryset = CommendationForm.objects.all()
    serializer_class = CommendationFormSerializer


class OccasionSerializer(ScopedModelSerializer):
    class Meta:
        model = Occasion
        fields = ["id", "title", "date"]


class OccasionViewSet(ScopedModelViewSet):
    """Occasions decisions commend for (an anniversary, a five-year review)."""

    queryset = Occasion.objects.all()
    serializer_class = OccasionSerializer


class IssuingBodySerializer(ScopedModelSerializer):
    class Meta:
        model = IssuingBody
        fields = ["id", "name", "place", "valid_from", "valid_to"]


class IssuingBodyFilter(PlaceFilterSet, DatedFilterSet):
    dated_by = ("valid_from", "valid_to")

    class Meta:
        model = IssuingBody
        fields = ["place", "place_id"]


class IssuingBodyViewSet(ScopedModelViewSet):
    """Bodies that sign decisions (Ban Thường vụ Huyện ủy, Đảng ủy xã …)."""

    queryset = IssuingBody.objects.all()
    serializer_class = IssuingBodySerializer
    filterset_class = IssuingBodyFilter


# Decisions and awards ------------------------------------------------------------


class DecisionSerializer(ScopedModelSerializer):
    form = ScopedSlugRelatedField(slug_field="code", queryset=CommendationForm.objects.all())
    award_count = serializers.IntegerField(
        read_only=True, help_text=_("Số khen thưởng của quyết định trong phạm vi của bạn.")
    )

    class Meta:
        model = Decision
        fields = ["id", "number", "date", "body", "signer", "occasion", "form", "award_count"]


class DecisionFilter(PlaceFilterSet, DatedFilterSet):
    dated_by = ("date", "date")
    form = django_filters.CharFilter(field_name="form__code", label=_("Mã hình thức khen thưởng"))

    class Meta:
        model = Decision
        fields = ["place", "place_id", "body", "occasion", "form", "number"]


class DecisionViewSet(ScopedModelViewSet):
    """Decisions (quyết định khen thưởng): number, date, body, form, occasion."""

    queryset = Decision.objects.select_related("form")
    serializer_class = DecisionSerializer
    filterset_class = DecisionFilter

    def get_queryset(self):
        user = self.request.user
        # Counted through the one scoping rule: an officer counts their rows only.
        visible_awards = (
            Award.objects.in_scope(user)
            .filter(decision=OuterRef("pk"))
            .order_by()
            .values("decision")
            .annotate(count=Count("pk"))
            .values("count")
        )
        decisions = (
            super().get_queryset().annotate(award_count=Coalesce(Subquery(visible_awards), 0))
        )
        if self.request.method not in permissions.SAFE_METHODS:
            decisions = issued_by_callers_bodies(decisions, user)
        return decisions


class IssuedDecisionField(ScopedRelatedField):
    """A decision the caller's bodies issued: awards are added to those only."""

    def get_queryset(self):
        return issued_by_callers_bodies(super().get_queryset(), self.context["request"].user)


class AwardSerializer(ScopedModelSerializer):
    decision = IssuedDecisionField(queryset=Decision.objects.all())

    class Meta:
        model = Award
        fields = [
            "id",
            "decision",
            "person",
            "cell",
            "collective_place",
            "badge_years",
            "achievement",
            "amount",
            "recipient_name",
            "post_title",
            "unit_name",
            "is_collective",
            "recipient_place",
        ]
        read_only_fields = ["recipient_name", "is_collective", "recipient_place"]
        extra_kwargs = {
            "post_title": {"help_text": _("Để trống: lấy chức vụ giữ vào ngày quyết định.")},
            "unit_name": {"help_text": _("Để trống: lấy đơn vị vào ngày quyết định.")},
        }


class AwardFilter(PlaceFilterSet, DatedFilterSet):
    dated_by = ("decision__date", "decision__date")
    form = django_filters.CharFilter(
        field_name="decision__form__code", label=_("Mã hình thức khen thưởng")
    )
    is_collective = django_filters.BooleanFilter(label=_("Tập thể (true) hay cá nhân (false)"))

    class Meta:
        model = Award
        fields = ["place", "place_id", "decision", "person", "cell", "form", "is_collective"]


class AwardViewSet(ScopedModelViewSet):
    """Awards, each with the recipient's name, post and unit as they were on
    the decision date; `period` filters by decision date. In the printed
    list's order: collectives first, then by commune, hamlet and name."""

    queryset = Award.objects.in_list_order()
    serializer_class = AwardSerializer
    filterset_class = AwardFilter

    def get_queryset(self):
        awards = super().get_queryset()
        if self.request.method not in permissions.SAFE_METHODS:
            decisions = issued_by_callers_bodies(Decision.objects.all(), self.request.user)
            awards = awards.filter(decision__in=decisions)
        return awards
