"""The API of transfers: `transfers/` lists (filters `member`, `cell`,
`kind`, `status`, `late`, `place`, `period`), reads, and for staff writes
through `services.save_transfer` (a presented transfer moves the cell
memberships in the same transaction), with the deadlines and their flags."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cells.models import Cell, PartyMember
from core.rest.filters import DatedFilterSet, PlaceFilterSet
from core.rest.viewsets import ScopedModelSerializer, ScopedModelViewSet

from .constants import TransferKind, TransferStatus
from .models import Transfer
from .services import save_transfer


class TransferSerializer(ScopedModelSerializer):
    full_name = serializers.CharField(source="member.person.full_name", read_only=True)
    request_late = serializers.BooleanField(read_only=True)
    presentation_late = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()

    class Meta:
        model = Transfer
        fields = [
            "id",
            "member",
            "full_name",
            "kind",
            "reason",
            "from_cell",
            "from_outside",
            "to_cell",
            "to_outside",
            "moved_on",
            "requested_on",
            "request_due",
            "request_late",
            "letter_number",
            "letter_date",
            "fees_paid_through",
            "presented_on",
            "presentation_due",
            "presentation_late",
            "end_date",
            "status",
            "note",
        ]
        read_only_fields = ["request_due", "presentation_due"]

    @extend_schema_field(serializers.BooleanField())
    def get_presentation_late(self, transfer):
        return transfer.presentation_late()

    @extend_schema_field(serializers.ChoiceField(choices=TransferStatus.choices))
    def get_status(self, transfer):
        return transfer.status()

    def _save_validated(self, validated_data):
        # run_model_validation has run Transfer.clean on this very instance.
        return save_transfer(self.validated_instance, validate=False)


class TransferFilter(PlaceFilterSet, DatedFilterSet):
    dated_by = ("moved_on", "presented_on")
    member = django_filters.ModelChoiceFilter(
        queryset=PartyMember.objects.all(), label=_("Đảng viên (id)")
    )
    cell = django_filters.ModelChoiceFilter(
        field_name="from_cell",  # its type, for the schema; the method reads both ends
        queryset=Cell.objects.all(),
        method="filter_cell",
        label=_("Chi bộ đi hoặc đến (id)"),
    )
    kind = django_filters.ChoiceFilter(choices=TransferKind.choices)
    status = django_filters.ChoiceFilter(choices=TransferStatus.choices, method="filter_status")
    late = django_filters.BooleanFilter(method="filter_late", label=_("Quá hạn (true/false)"))

    class Meta:
        model = Transfer
        fields = ["place", "place_id", "member", "cell", "kind", "status", "late"]

    def filter_cell(self, queryset, name, value):
        return queryset.filter(Q(from_cell=value) | Q(to_cell=value))

    def filter_status(self, queryset, name, value):
        return queryset.with_status(value)

    def filter_late(self, queryset, name, value):
        late = Transfer.objects.late_condition(timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)


class TransferViewSet(ScopedModelViewSet):
    """Transfers of party activities (chuyển sinh hoạt đảng), read by the
    sending and the receiving side; written by staff under whose place every
    end inside the portal lies."""

    queryset = Transfer.objects.select_related("member__person", "from_cell", "to_cell")
    serializer_class = TransferSerializer
    filterset_class = TransferFilter
