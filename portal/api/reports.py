"""Periodic reports through the API: the list, each report's figures, and
its workbook. Read-only: reports are built by the portal's tasks."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.reverse import reverse

from core.files import serve_file
from core.rest.filters import DatedFilterSet, PlaceFilterSet
from core.rest.viewsets import ScopedModelViewSet
from portal.models import Report, ReportKind

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ReportSerializer(serializers.ModelSerializer):
    place_code = serializers.CharField(source="place.code", read_only=True)
    ready = serializers.BooleanField(source="is_ready", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id",
            "place",
            "place_code",
            "kind",
            "period",
            "period_end",
            "status",
            "built_at",
            "ready",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, report) -> str | None:
        if not report.file:
            return None
        return reverse("report-api-download", args=[report.pk], request=self.context["request"])


class ReportDetailSerializer(ReportSerializer):
    figures = serializers.JSONField(
        read_only=True, help_text=_("Số liệu của báo cáo (như /api/v1/summary/), theo từng xã.")
    )

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "figures"]
        read_only_fields = fields


class ReportFilter(PlaceFilterSet, DatedFilterSet):
    dated_by = ("period_end", "period_end")
    kind = django_filters.ChoiceFilter(choices=ReportKind.choices)

    class Meta:
        model = Report
        fields = ["place", "place_id", "kind", "status"]


class ReportViewSet(ScopedModelViewSet):
    """Periodic reports of a place: list, figures, workbook download.
    `period=2023` lists every report whose period ends in 2023."""

    queryset = Report.objects.select_related("place")
    serializer_class = ReportSerializer
    filterset_class = ReportFilter
    http_method_names = ["get", "head", "options"]

    def get_serializer_class(self):
        return ReportDetailSerializer if self.action == "retrieve" else ReportSerializer

    def get_queryset(self):
        reports = super().get_queryset()
        # The figures of a district report are large; lists leave them out.
        return reports if self.action == "retrieve" else reports.defer("figures")

    @extend_schema(
        responses={
            (200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description=_("Tệp Excel")),
            404: OpenApiResponse(description=_("Không có báo cáo hoặc chưa có tệp.")),
        }
    )
    @action(detail=True, url_path="download", url_name="download")
    def download(self, request, pk=None):
        """The report's workbook (.xlsx)."""
        report = self.get_object()
        return serve_file(report.file, filename=report.download_name, owner=report)
