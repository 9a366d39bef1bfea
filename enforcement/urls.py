from django.urls import path

from enforcement import views
from enforcement.register import views as register_views

app_name = "enforcement"

urlpatterns = [
    path("", views.report, name="report"),
    path("enforcers/", views.enforcers, name="enforcers"),
    path("register/", register_views.register, name="register"),
]
