"""The API of a member's record: discipline, periods out of party age, open
inspections and complaints (read in scope, written by staff, as every
resource), and the read-only list of probationary members due for
recognition as full members (members.recognition)."""

import django_filters
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cells.models import Cell, CellMembership, PartyMember
from cells.querysets import active_on
from core.periods import validate_date_in_range
from core.rest.filters import PlaceFilterSet
from core.rest.viewsets import ScopedModelSerializer, ScopedModelViewSet

from .constants import RecognitionWindow
from .models import Discipline, MemberCase, MembershipGap
from .recognition import awaiting_recognition, probationary_on, window_q

READ_ONLY = ["get", "head", "options"]


class DisciplineSerializer(ScopedModelSerializer):
    class Meta:
        model = Discipline
        fields = [
            "id",
            "member",
            "form",
            "decision_number",
            "decision_date",
            "issued_by",
            "effective_on",
            "ends_on",
            "note",
        ]


class DisciplineFilter(PlaceFilterSet):
    class Meta:
        model = Discipline
        fields = ["place", "place_id", "member", "form"]


class DisciplineViewSet(ScopedModelViewSet):
    """Disciplinary decisions on members (khiển trách, cảnh cáo, cách chức,
    khai trừ) and strikings off (xóa tên); a record dated before the
    member's admission is refused."""

    queryset = Discipline.objects.all()
    serializer_class = DisciplineSerializer
    filterset_class = DisciplineFilter


class MembershipGapSerializer(ScopedModelSerializer):
    class Meta:
        model = MembershipGap
        fields = ["id", "member", "kind", "start_date", "end_date", "note"]


class MembershipGapFilter(PlaceFilterSet):
    class Meta:
        model = MembershipGap
        fields = ["place", "place_id", "member", "kind"]


class MembershipGapViewSet(ScopedModelViewSet):
    """Periods that do not count in a member's party age."""

    queryset = MembershipGap.objects.all()
    serializer_class = MembershipGapSerializer
    filterset_class = MembershipGapFilter


class MemberCaseSerializer(ScopedModelSerializer):
    class Meta:
        model = MemberCase
        fields = ["id", "member", "kind", "opened_on", "closed_on", "note"]


class MemberCaseFilter(PlaceFilterSet):
    class Meta:
        model = MemberCase
        fields = ["place", "place_id", "member", "kind"]


class MemberCaseViewSet(ScopedModelViewSet):
    """Inspections and complaints concerning a member, open until closed."""

    queryset = MemberCase.objects.all()
    serializer_class = MemberCaseSerializer
    filterset_class = MemberCaseFilter


# Recognition as full members -----------------------------------------------------


class RecognitionDueSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(source="person.full_name", read_only=True)
    probation_ends = serializers.DateField(read_only=True)
    cell_name = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = PartyMember
        fields = ["id", "full_name", "card_number", "admitted_on", "probation_ends", "cell_name"]
        read_only_fields = fields


class RecognitionDueFilter(PlaceFilterSet):
    """The rule needs the date whether or not one is given (today by
    default): it is applied after the filters, in `filter_queryset`."""

    date = django_filters.DateFilter(
        method="given",
        label=_("Vào ngày (mặc định hôm nay)"),
        validators=[validate_date_in_range],
    )
    window = django_filters.ChoiceFilter(
        method="given",
        choices=RecognitionWindow.choices,
        label=_("Quá hạn, trong 30 ngày hoặc trong 60 ngày; mặc định cả quá hạn và 60 ngày"),
    )
    cell = django_filters.ModelChoiceFilter(
        field_name="cell_memberships__cell",  # its type, for the schema
        method="given",
        queryset=Cell.objects.all(),
        label=_("Đang sinh hoạt ở chi bộ (id)"),
    )

    class Meta:
        model = PartyMember
        fields = ["place", "place_id", "date", "window", "cell"]

    def given(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        date = data.get("date") or timezone.localdate()
        window = data.get("window")
        if window:
            queryset = awaiting_recognition(queryset, date, window)
        else:
            overdue_or_60 = window_q(RecognitionWindow.OVERDUE, date) | window_q(
                RecognitionWindow.DAYS_60, date
            )
            queryset = probationary_on(queryset, date).filter(overdue_or_60)
        on_date = CellMembership.objects.filter(active_on(date), member=OuterRef("pk"))
        if data.get("cell"):
            queryset = queryset.filter(Exists(on_date.filter(cell=data["cell"])))
        return queryset.annotate(
            cell_name=Subquery(on_date.order_by("-start_date").values("cell__name")[:1])
        )


class RecognitionDueViewSet(ScopedModelViewSet):
    """Probationary members overdue for recognition as full members, or due
    within 30 or 60 days of `date` (probation: 12 months from admission),
    with the cell they belong to on that date. Read only."""

    queryset = PartyMember.objects.select_related("person").order_by("admitted_on", "pk")
    serializer_class = RecognitionDueSerializer
    filterset_class = RecognitionDueFilter
    http_method_names = READ_ONLY
