"""The API of the meetings records: meetings with their attendance, guests,
cadre assignments, conferences with their invitees, and the topic tags.

Serializers, filter sets and viewsets; the router in portal/api/urls.py
registers them. Attendance rows written one by one through the API keep the
meeting's copied counts in step (`Meeting.refresh_attendance_counts`).
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.rest.filters import DatedFilterSet, PlaceFilterSet
from core.rest.viewsets import ScopedModelSerializer, ScopedModelViewSet, ScopedSlugRelatedField

from .constants import MeetingKind
from .models import (
    Attendance,
    CadreAssignment,
    Conference,
    ConferenceInvitee,
    Meeting,
    MeetingGuest,
    MeetingTopic,
)


class MeetingTopicSerializer(ScopedModelSerializer):
    class Meta:
        model = MeetingTopic
        fields = ["id", "code", "name"]


class MeetingTopicViewSet(ScopedModelViewSet):
    """Topic tags of meetings (kinh tế, nông thôn mới …), shared by every place."""

    queryset = MeetingTopic.objects.all()
    serializer_class = MeetingTopicSerializer


# Meetings and attendance -------------------------------------------------------


class AttendanceSerializer(ScopedModelSerializer):
    full_name = serializers.CharField(source="member.person.full_name", read_only=True)

    class Meta:
        model = Attendance
        fields = ["id", "meeting", "member", "full_name", "status", "reason"]


class MeetingSerializer(ScopedModelSerializer):
    tags = ScopedSlugRelatedField(
        slug_field="code", many=True, required=False, queryset=MeetingTopic.objects.all()
    )
    present_count = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text=_("Số có mặt: theo điểm danh, nếu chưa có thì theo báo cáo."),
    )
    member_count = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=_("Số đảng viên phải dự (có mặt và vắng).")
    )
    attendances = AttendanceSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "cell",
            "kind",
            "date",
            "start_time",
            "end_time",
            "duration_minutes",
            "location",
            "chair",
            "note_taker",
            "topics",
            "tags",
            "resolution",
            "papers_sent_on",
            "reported_present",
            "reported_excused",
            "reported_unexcused",
            "present_count",
            "member_count",
            "attendances",
        ]


class MeetingFilter(PlaceFilterSet, DatedFilterSet):
    dated_by = ("date", "date")
    kind = django_filters.MultipleChoiceFilter(choices=MeetingKind.choices)
    tag = django_filters.CharFilter(field_name="tags__code", label=_("Mã chủ đề"))

    class Meta:
        model = Meeting
        fields = ["place", "place_id", "cell", "kind", "tag"]


class MeetingViewSet(ScopedModelViewSet):
    """Meetings of cells (sinh hoạt chi bộ) with their attendance;
    `period=2023-Q3` lists the meetings held in the quarter."""

    queryset = (
        Meeting.objects.with_attendance()
        .select_related("cell")
        .prefetch_related("tags", "attendances__member__person")
    )
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter


class AttendanceFilter(PlaceFilterSet):
    class Meta:
        model = Attendance
        fields = ["place", "place_id", "meeting", "member", "status"]


class AttendanceViewSet(ScopedModelViewSet):
    """Who attended which meeting (present, absent with or without reason)."""

    queryset = Attendance.objects.select_related("member__person")
    serializer_class = AttendanceSerializer
    filterset_class = AttendanceFilter

    def perform_create(self, serializer):
        super().perform_create(serializer)
        serializer.instance.meeting.refresh_attendance_counts()

    def perform_update(self, serializer):
        super().perform_update(serializer)
        serializer.instance.meeting.refresh_attendance_counts()

    def perform_destroy(self, instance):
        meeting = instance.meeting
        super().perform_destroy(instance)
        meeting.refresh_attendance_counts()


class MeetingGuestSerializer(ScopedModelSerializer):
    full_name = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = MeetingGuest
        fields = ["id", "meeting", "person", "full_name", "position"]


class MeetingGuestFilter(PlaceFilterSet):
    class Meta:
        model = MeetingGuest
        fields = ["place", "place_id", "meeting", "person"]


class MeetingGuestViewSet(ScopedModelViewSet):
    """Higher-level cadres who attended a cell meeting."""

    queryset = MeetingGuest.objects.select_related("person")
    serializer_class = MeetingGuestSerializer
    filterset_class = MeetingGuestFilter


# Cadre assignments -------------------------------------------------------------


class CadreAssignmentSerializer(ScopedModelSerializer):
    full_name = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = CadreAssignment
        fields = ["id", "person", "full_name", "cell", "position", "start_date", "end_date"]


class CadreAssignmentFilter(PlaceFilterSet, DatedFilterSet):
    class Meta:
        model = CadreAssignment
        fields = ["place", "place_id", "cell", "person"]


class CadreAssignmentViewSet(ScopedModelViewSet):
    """Higher-level cadres assigned to follow a cell and attend its meetings."""

    queryset = CadreAssignment.objects.select_related("person")
    serializer_class = CadreAssignmentSerializer
    filterset_class = CadreAssignmentFilter


# Conferences -------------------------------------------------------------------


class ConferenceSerializer(ScopedModelSerializer):
    class Meta:
        model = Conference
        fields = ["id", "title", "date", "host", "online", "bridge_points", "location"]
        extra_kwargs = {"bridge_points": {"required": False}}


class ConferenceFilter(PlaceFilterSet, DatedFilterSet):
    dated_by = ("date", "date")

    class Meta:
        model = Conference
        fields = ["place", "place_id", "host", "online"]


class ConferenceViewSet(ScopedModelViewSet):
    """Conferences (hội nghị) called by a district or commune, with bridge points."""

    queryset = Conference.objects.prefetch_related("bridge_points")
    serializer_class = ConferenceSerializer
    filterset_class = ConferenceFilter


class ConferenceInviteeSerializer(ScopedModelSerializer):
    full_name = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = ConferenceInvitee
        fields = ["id", "conference", "person", "full_name", "post_name", "attended"]


class ConferenceInviteeFilter(PlaceFilterSet):
    class Meta:
        model = ConferenceInvitee
        fields = ["place", "place_id", "conference", "person", "attended"]


class ConferenceInviteeViewSet(ScopedModelViewSet):
    """People invited to a conference, and whether they came."""

    queryset = ConferenceInvitee.objects.select_related("person")
    serializer_class = ConferenceInviteeSerializer
    filterset_class = ConferenceInviteeFilter
