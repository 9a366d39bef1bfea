"""Authentication that refuses the demo accounts outside development."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.base_user import AbstractBaseUser

from organizations.demo import DEMO_USERNAMES


class JusticeModelBackend(ModelBackend):
    def user_can_authenticate(self, user: AbstractBaseUser | None) -> bool:
        # Demo accounts share a published password: never valid with DEBUG off.
        if not settings.DEBUG and user is not None and user.get_username() in DEMO_USERNAMES:
            return False
        return super().user_can_authenticate(user)
