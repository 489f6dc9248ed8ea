"""The API of party fees: each member's bases, reliefs and payments
(scoped; writes by staff only, as every ScopedModelViewSet), and the ledger
of an area or a cell for a period (`fee-payments/ledger/`)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from cells.models import Cell, PartyMember
from core.periods import Period, PeriodError
from core.rest.filters import PlaceFilterSet, place_for
from core.rest.viewsets import ScopedModelSerializer, ScopedModelViewSet

from .constants import BasisKind, Channel, ReliefKind
from .ledger import Ledger, month_list
from .models import FeeBasis, FeePayment, FeeRelief

MAX_LEDGER_MONTHS = 12


class FeeBasisSerializer(ScopedModelSerializer):
    full_name = serializers.CharField(source="member.person.full_name", read_only=True)

    class Meta:
        model = FeeBasis
        fields = ["id", "member", "full_name", "kind", "amount", "from_month", "note"]


class FeeBasisFilter(PlaceFilterSet):
    kind = django_filters.ChoiceFilter(choices=BasisKind.choices)

    class Meta:
        model = FeeBasis
        fields = ["place", "place_id", "member", "kind"]


class FeeBasisViewSet(ScopedModelViewSet):
    """What each member's fee is computed from, from a month on."""

    queryset = FeeBasis.objects.select_related("member__person")
    serializer_class = FeeBasisSerializer
    filterset_class = FeeBasisFilter


class FeeReliefSerializer(ScopedModelSerializer):
    full_name = serializers.CharField(source="member.person.full_name", read_only=True)

    class Meta:
        model = FeeRelief
        fields = [
            "id",
            "member",
            "full_name",
            "kind",
            "reason",
            "percent",
            "start_month",
            "end_month",
            "decision_number",
            "decision_date",
            "note",
        ]


class FeeReliefFilter(PlaceFilterSet):
    kind = django_filters.ChoiceFilter(choices=ReliefKind.choices)

    class Meta:
        model = FeeRelief
        fields = ["place", "place_id", "member", "kind"]


class FeeReliefViewSet(ScopedModelViewSet):
    """Exemptions and reductions of party fees by dated decision."""

    queryset = FeeRelief.objects.select_related("member__person")
    serializer_class = FeeReliefSerializer
    filterset_class = FeeReliefFilter


class FeePaymentSerializer(ScopedModelSerializer):
    full_name = serializers.CharField(source="member.person.full_name", read_only=True)

    class Meta:
        model = FeePayment
        fields = [
            "id",
            "member",
            "full_name",
            "month",
            "amount",
            "paid_on",
            "channel",
            "source",
            "reference",
        ]
        read_only_fields = ["source"]


class FeePaymentFilter(PlaceFilterSet):
    channel = django_filters.ChoiceFilter(choices=Channel.choices)
    month = django_filters.DateFilter(field_name="month")

    class Meta:
        model = FeePayment
        fields = ["place", "place_id", "member", "month", "channel"]


class LedgerQuerySerializer(serializers.Serializer):
    period = serializers.CharField(
        help_text=_("Kỳ, tối đa 12 tháng: 2026-07, 2026-Q3, 2026-H1 hoặc 2026.")
    )
    place = serializers.CharField(
        required=False, help_text=_("Mã đơn vị; mặc định là đơn vị của bạn.")
    )
    place_id = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    cell = serializers.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, help_text=_("Mã số (id) chi bộ.")
    )

    def validate_period(self, value):
        try:
            period = Period.parse(value)
        except PeriodError as error:
            raise serializers.ValidationError(str(error)) from None
        if len(month_list(period.start, period.end)) > MAX_LEDGER_MONTHS:
            raise serializers.ValidationError(_("Chọn kỳ không quá 12 tháng."))
        return period


class LedgerRowSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    full_name = serializers.CharField()
    cell_name = serializers.CharField()
    month = serializers.DateField()
    due = serializers.IntegerField(allow_null=True, help_text=_("Trống: chưa có căn cứ đóng."))
    paid = serializers.IntegerField()
    balance = serializers.IntegerField()
    note = serializers.CharField()


class FeePaymentViewSet(ScopedModelViewSet):
    """Payments of party fees, one per member and month."""

    queryset = FeePayment.objects.select_related("member__person")
    serializer_class = FeePaymentSerializer
    filterset_class = FeePaymentFilter

    @extend_schema(
        parameters=[LedgerQuerySerializer],
        responses=LedgerRowSerializer(many=True),
        filters=False,
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def ledger(self, request):
        """The ledger per member and month of a place (default: yours) or a
        cell, for a period of at most 12 months: due, paid, balance."""
        query = LedgerQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        members = PartyMember.objects.in_scope(request.user)
        if "cell" in params:
            cell = Cell.objects.in_scope(request.user).filter(pk=params["cell"]).first()
            if cell is None:
                raise serializers.ValidationError(
                    {"cell": [_("Không có chi bộ này trong phạm vi của bạn.")]}
                )
            members = members.filter(cell_memberships__cell=cell)
        elif "place" in params or "place_id" in params:
            place = place_for(request, code=params.get("place"), pk=params.get("place_id"))
            members = members.within(place)
        elif request.user.place is not None:
            members = members.within(request.user.place)
        period = params["period"]
        ledger = Ledger.build(members, period.start, period.end)
        rows = [
            {
                "member": member.pk,
                "full_name": member.person.full_name,
                "cell_name": ledger.cell_names.get(member.pk, ""),
                "month": row.month,
                "due": row.due,
                "paid": row.paid,
                "balance": row.balance,
                "note": row.note,
            }
            for member in ledger.members
            for row in ledger.rows[member.pk]
        ]
        return Response(LedgerRowSerializer(rows, many=True).data)
