"""`/api/v1/` and the schema. Resources are registered here, one line each;
their viewsets live in the apps' `api.py`."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from cells import api as cells_api

from . import views

router = DefaultRouter()
router.register("places", cells_api.PlaceViewSet)
router.register("party-committees", cells_api.PartyCommitteeViewSet)
router.register("cells", cells_api.CellViewSet)
router.register("people", cells_api.PersonViewSet)
router.register("party-members", cells_api.PartyMemberViewSet)
router.register("cell-memberships", cells_api.CellMembershipViewSet)
router.register("terms", cells_api.TermViewSet)
router.register("post-types", cells_api.PostTypeViewSet)
router.register("posts", cells_api.PostViewSet)
router.register("holdings", cells_api.HoldingViewSet)

urlpatterns = [
    path("v1/summary/", views.SummaryView.as_view(), name="api-summary"),
    path("v1/me/", views.AccountView.as_view(), name="api-me"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
