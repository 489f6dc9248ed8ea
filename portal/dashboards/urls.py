from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("thon/<int:pk>/", views.hamlet, name="dashboard-hamlet"),
    path("chi-bo/<int:pk>/", views.cell, name="dashboard-cell"),
    path("<str:code>/", views.dashboard, name="dashboard-place"),
]
