from django.urls import path

from . import views

urlpatterns = [
    path("", views.rounds, name="ratings-rounds"),
    path("<int:round_id>/", views.round_page, name="ratings-round"),
    path("<int:round_id>/chi-bo/<int:cell_id>/", views.cell_page, name="ratings-cell"),
    path(
        "<int:round_id>/dang-uy/<int:committee_id>/",
        views.committee_page,
        name="ratings-committee",
    ),
    path(
        "<int:round_id>/chi-bo/<int:cell_id>/mau-nhap.xlsx",
        views.template_download,
        name="ratings-template",
    ),
    path("<int:round_id>/chi-bo/<int:cell_id>/nhap/", views.upload, name="ratings-upload"),
]
