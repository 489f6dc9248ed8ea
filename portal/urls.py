from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("dashboard/", include("portal.dashboards.urls")),
    path("bao-cao/", include("portal.reports.urls")),
    path("danh-gia/", include("ratings.urls")),
    path("tai-khoan/xac-thuc-hai-buoc/", include("portal.two_factor.urls")),
]
# No media route, in any setting: stored files are served only by the
# download views that check scope (core/files.py).

# REST API and its OpenAPI schema (portal/api/urls.py).
urlpatterns += [path("api/", include("portal.api.urls"))]
