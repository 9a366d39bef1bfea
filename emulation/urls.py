"""Addresses of emulation's pages, under /reports/emulation/."""

from django.urls import path

from emulation import views

app_name = "emulation"

urlpatterns = [
    path("", views.ranking, name="ranking"),
    path("eligibility/", views.eligibility, name="eligibility"),
]
