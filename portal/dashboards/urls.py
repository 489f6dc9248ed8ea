from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("thon/<int:pk>/", views.hamlet, name="dashboard-hamlet"),
    path("chi-bo/<int:pk>/", views.cell, name="dashboard-cell"),
    path("xep-loai/<int:pk>/", views.ratings_list, name="dashboard-ratings-list"),
    path("<str:code>/", views.dashboard, name="dashboard-place"),
]
