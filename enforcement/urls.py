from django.urls import path

from enforcement import views

app_name = "enforcement"

urlpatterns = [
    path("", views.report, name="report"),
    path("enforcers/", views.enforcers, name="enforcers"),
]
