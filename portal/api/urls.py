"""`/api/v1/` and the schema. Resources are registered here, one line each;
their viewsets live in the apps' `api.py`."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from awards import api as awards_api
from cells import api as cells_api
from fees import api as fees_api
from meetings import api as meetings_api
from members import api as members_api
from ratings import api as ratings_api
from transfers import api as transfers_api

from . import reports, views

router = DefaultRouter()
router.register("places", cells_api.PlaceViewSet)
router.register("party-committees", cells_api.PartyCommitteeViewSet)
router.register("cells", cells_api.CellViewSet)
router.register("people", cells_api.PersonViewSet)
router.register("party-members", cells_api.PartyMemberViewSet)
router.register("cell-memberships", cells_api.CellMembershipViewSet)
router.register("recognition-due", members_api.RecognitionDueViewSet, basename="recognition-due")
router.register("disciplines", members_api.DisciplineViewSet)
router.register("membership-gaps", members_api.MembershipGapViewSet)
router.register("member-cases", members_api.MemberCaseViewSet)
router.register("terms", cells_api.TermViewSet)
router.register("post-types", cells_api.PostTypeViewSet)
router.register("posts", cells_api.PostViewSet)
router.register("holdings", cells_api.HoldingViewSet)
router.register("meeting-topics", meetings_api.MeetingTopicViewSet)
router.register("meetings", meetings_api.MeetingViewSet)
router.register("attendances", meetings_api.AttendanceViewSet)
router.register("meeting-guests", meetings_api.MeetingGuestViewSet)
router.register("cadre-assignments", meetings_api.CadreAssignmentViewSet)
router.register("conferences", meetings_api.ConferenceViewSet)
router.register("conference-invitees", meetings_api.ConferenceInviteeViewSet)
router.register("commendation-forms", awards_api.CommendationFormViewSet)
router.register("occasions", awards_api.OccasionViewSet)
router.register("issuing-bodies", awards_api.IssuingBodyViewSet)
router.register("decisions", awards_api.DecisionViewSet)
router.register("awards", awards_api.AwardViewSet)
router.register("rating-rounds", ratings_api.RatingRoundViewSet)
router.register("criteria-sets", ratings_api.CriteriaSetViewSet)
router.register("rating-conditions", ratings_api.ConditionViewSet)
router.register("reviews", ratings_api.ReviewViewSet)
router.register("ratings", ratings_api.RatingViewSet)
router.register("fee-bases", fees_api.FeeBasisViewSet)
router.register("fee-reliefs", fees_api.FeeReliefViewSet)
router.register("fee-payments", fees_api.FeePaymentViewSet)
router.register("transfers", transfers_api.TransferViewSet)
router.register("reports", reports.ReportViewSet, basename="report-api")

urlpatterns = [
    path("v1/summary/", views.SummaryView.as_view(), name="api-summary"),
    path("v1/me/", views.AccountView.as_view(), name="api-me"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # Only addresses ending in "/": the others still get the slash appended.
    re_path(r"^.*/$", views.not_found),
]
