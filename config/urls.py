from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from organizations import views as organization_views

urlpatterns = [
    path("", organization_views.home, name="home"),
    path("health/", organization_views.health, name="health"),
    path("notifications/", organization_views.notifications, name="notifications"),
    path(
        "notifications/<int:pk>/open/",
        organization_views.notification_read,
        name="notification_read",
    ),
    path("notifications/read/", organization_views.notifications_read, name="notifications_read"),
    path("login/", organization_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("reports/enforcement/", include("enforcement.urls")),
    path("reports/emulation/", include("emulation.urls")),
    path("review/", include("commendations.urls")),
]
