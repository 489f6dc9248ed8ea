"""Endpoints that are not one model: the area summary and the caller's account."""

from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from cells.models import Place
from cells.place_names import PlaceLookupError, resolve_place
from core.periods import Period, PeriodError, validate_date_in_range
from core.rest.permissions import SignedIn
from portal.dashboards.history import predecessors_of, successors_of, unit_reference
from portal.summary import area_figures


class SummaryQuerySerializer(serializers.Serializer):
    place = serializers.CharField(
        required=False,
        help_text=_("Mã đơn vị (vd. 387) hoặc tên không trùng; mặc định là đơn vị của bạn."),
    )
    place_id = serializers.IntegerField(required=False, help_text=_("Mã số (id) đơn vị."))
    date = serializers.DateField(
        required=False,
        validators=[validate_date_in_range],
        help_text=_("Số liệu vào ngày; mặc định hôm nay."),
    )
    period = serializers.CharField(
        required=False,
        help_text=_("Kỳ báo cáo: 2023-07, 2023-Q3, 2023-H1, 2023 hoặc 2021..2023."),
    )

    def validate_period(self, value):
        try:
            return Period.parse(value)
        except PeriodError as error:
            raise serializers.ValidationError(str(error)) from None

    def validate(self, attrs):
        if attrs.get("date") and attrs.get("period"):
            raise serializers.ValidationError(_("Chọn ngày hoặc kỳ, không chọn cả hai."))
        if attrs.get("place") and attrs.get("place_id"):
            raise serializers.ValidationError(_("Chọn mã hoặc id đơn vị, không chọn cả hai."))
        return attrs


class UnitReferenceSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("Mã đơn vị chính thức; trống với thôn, tổ dân phố."))
    name = serializers.CharField()
    id = serializers.IntegerField()

    class Meta:
        ref_name = "UnitReference"


class SummarySerializer(serializers.Serializer):
    """The figures every section promises; sections of other apps (meetings,
    awards) add more keys, listed in their own documentation. Beside them,
    the place's validity and its links, so a client sees that a unit has
    closed and where its records went on."""

    place_code = serializers.CharField()
    place_name = serializers.CharField()
    date = serializers.DateField()
    period = serializers.CharField(required=False)
    communes = serializers.IntegerField()
    hamlets = serializers.IntegerField()
    cells = serializers.IntegerField()
    party_members = serializers.IntegerField()
    full_members = serializers.IntegerField(help_text=_("Đảng viên chính thức vào ngày."))
    probationary_members = serializers.IntegerField(
        help_text=_("Đảng viên dự bị vào ngày: đã kết nạp, chưa được công nhận chính thức.")
    )
    admissions = serializers.IntegerField()
    admissions_from = serializers.DateField()
    posts_filled = serializers.DictField(child=serializers.IntegerField())
    posts_vacant = serializers.DictField(child=serializers.IntegerField())
    secretary_is_chief_share = serializers.FloatField(allow_null=True)
    valid_from = serializers.DateField(allow_null=True, help_text=_("Đơn vị có hiệu lực từ ngày."))
    valid_to = serializers.DateField(
        allow_null=True, help_text=_("Ngày cuối cùng đơn vị còn hiệu lực; trống khi còn hiệu lực.")
    )
    successors = UnitReferenceSerializer(
        many=True,
        help_text=_(
            "Đơn vị kế thừa; huyện (không có liên kết riêng): các xã, phường mới "
            "mà các xã của huyện đã nhập vào."
        ),
    )
    predecessors = UnitReferenceSerializer(many=True, help_text=_("Đơn vị tiền thân."))


class ErrorSerializer(serializers.Serializer):
    """`{"detail": "..."}`, as every 401, 403 and 404 reads (portal/api/schema.py)."""

    detail = serializers.CharField()

    class Meta:
        ref_name = "Error"


class SummaryView(APIView):
    """Figures of a place and everything under it (`area_figures`): the same
    numbers as the `area_summary` command, the dashboards and the reports."""

    permission_classes = [SignedIn]

    @extend_schema(
        parameters=[SummaryQuerySerializer],
        responses={
            200: SummarySerializer,
            404: OpenApiResponse(ErrorSerializer, description=_("Đơn vị ngoài phạm vi của bạn.")),
        },
    )
    def get(self, request):
        query = SummaryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        period = query.validated_data.get("period")
        date = period.end if period else query.validated_data.get("date")
        place = self.place(request, query.validated_data, date)
        figures = area_figures(place, date=date, period=period).area
        return Response({**figures, **place_history(place)})

    def place(self, request, params, date):
        """The place asked for (default: the caller's), 404 when outside scope."""
        if "place_id" in params:
            place = Place.objects.filter(pk=params["place_id"]).first()
        elif "place" in params:
            try:
                place = resolve_place(params["place"], date=date)
            except PlaceLookupError as error:
                raise serializers.ValidationError({"place": [str(error)]}) from None
        else:
            place = request.user.place
            if place is None:
                raise serializers.ValidationError({"place": [_("Hãy chọn một đơn vị.")]})
        if place is None or not Place.objects.in_scope(request.user).filter(pk=place.pk).exists():
            raise Http404
        return place


# The keys the summary gives beside the figures of `area_figures`.
HISTORY_KEYS = ("valid_from", "valid_to", "successors", "predecessors")


def place_history(place):
    """The summary's keys beside the figures (HISTORY_KEYS), in two queries:
    a client sees that a unit has closed and where its records went on."""
    return {
        "valid_from": place.valid_from,
        "valid_to": place.valid_to,
        "successors": [unit_reference(unit) for unit in successors_of(place)],
        "predecessors": [unit_reference(unit) for unit in predecessors_of(place)],
    }


@csrf_exempt  # it changes nothing; a DELETE must get the JSON 404 too, not a CSRF page
def not_found(request, *args, **kwargs):
    """Any other address under /api/: a JSON 404 like the API's own, not
    Django's HTML page (an id that is not a number never reaches a viewset)."""
    return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)


class AccountSerializer(serializers.Serializer):
    username = serializers.CharField()
    role = serializers.CharField()
    place = serializers.IntegerField(source="place_id", allow_null=True)
    can_edit = serializers.BooleanField()


class AccountView(APIView):
    """The signed-in account: who the API thinks you are, and whether you may write."""

    permission_classes = [SignedIn]

    @extend_schema(responses=AccountSerializer)
    def get(self, request):
        return Response(AccountSerializer(request.user).data)
