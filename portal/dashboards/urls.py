from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("thon/<int:pk>/", views.hamlet, name="dashboard-hamlet"),
    path("chi-bo/<int:pk>/", views.cell, name="dashboard-cell"),
    path("xep-loai/<int:pk>/", views.ratings_list, name="dashboard-ratings-list"),
    path("chat-luong-du-lieu/", views.quality, name="dashboard-quality"),
    path("chat-luong-du-lieu/xlsx/", views.quality_export, name="dashboard-quality-export"),
    path("chat-luong-du-lieu/<str:code>/", views.quality, name="dashboard-quality-place"),
    path(
        "chat-luong-du-lieu/<str:code>/xlsx/",
        views.quality_export,
        name="dashboard-quality-place-export",
    ),
    path("<str:code>/", views.dashboard, name="dashboard-place"),
]
