"""The API of the awards records: commendation forms, occasions, issuing
bodies, decisions and the awards they grant.

Reading follows the one scoping rule (`in_scope`): a commune officer sees
the district decision that commended their cells, with only their own rows.
Writing a decision, or an award of it, needs the decision to be issued by a
body under the caller's place (the write rule, `editable_by`: a 403 for a
commune changing what the district decided), and awards are added only to
such decisions (`attachable_by`).
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cells.models import Place
from core.rest.filters import DatedFilterSet, PlaceFilterSet
from core.rest.viewsets import (
    ScopedModelSerializer,
    ScopedModelViewSet,
    ScopedRelatedField,
    ScopedSlugRelatedField,
)

from .models import Award, CommendationForm, Decision, IssuingBody, Occasion

NATIONAL_OCCASION = _(
    "Dịp khen thưởng chung (không gắn đơn vị) chỉ quản trị hệ thống được tạo hoặc sửa: "
    "chọn đơn vị của bạn."
)


class CommendationFormSerializer(ScopedModelSerializer):
    class Meta:
        model = CommendationForm
        fields = ["id", "code", "name", "order"]


class CommendationFormViewSet(ScopedModelViewSet):
    """Forms of commendation (Giấy khen, Bằng khen, Cờ thi đua, Huy hiệu Đảng)."""

    queryset = CommendationForm.objects.all()
    serializer_class = CommendationFormSerializer


class CallersPlace:
    """Default of an occasion's place: the caller's (none for a superuser,
    whose occasions are national)."""

    requires_context = True

    def __call__(self, field):
        return field.context["request"].user.place


class OccasionSerializer(ScopedModelSerializer):
    place = ScopedRelatedField(
        queryset=Place.objects.all(),
        allow_null=True,
        default=CallersPlace(),
        help_text=_("Đơn vị tổ chức; mặc định là đơn vị của bạn. Để trống (null): dịp chung."),
    )

    class Meta:
        model = Occasion
        fields = ["id", "title", "date", "place"]

    def validate_place(self, place):
        if place is None and not self.context["request"].user.is_superuser:
            raise serializers.ValidationError(NATIONAL_OCCASION)
        return place


class OccasionViewSet(ScopedModelViewSet):
    """Occasions decisions commend for (an anniversary, a five-year review):
    national ones, and those of the caller's place, of the places above it
    and under it. Staff change those of their place and under it only."""

    queryset = Occasion.objects.select_related("place")
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
        return super().get_queryset().with_award_count(user)


class AwardSerializer(ScopedModelSerializer):
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
