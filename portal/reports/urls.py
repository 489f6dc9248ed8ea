from django.urls import path

from . import views

urlpatterns = [
    path("<str:code>/lap/", views.rebuild, name="report-rebuild"),
    path("<int:pk>/tai-ve/", views.download, name="report-download"),
    path("<int:pk>/trang-thai/", views.status, name="report-status"),
]
