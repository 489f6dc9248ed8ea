from django.urls import path

from . import views

urlpatterns = [path("", views.enrol, name="two_factor")]
