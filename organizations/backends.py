"""Authentication: demo accounts refused outside development, every failed sign-in as costly.

Passwords are stored as Argon2id (``organizations.hashers``); those stored before with
PBKDF2 stay so until their user signs in, and checking one costs ten times more. A failed
sign-in that took its account's time would tell a caller which names are dormant accounts
(Django evens out the cost only within one hasher): every failure therefore costs one run
of each configured hasher, whatever the name.
"""

from __future__ import annotations

from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.hashers import get_hasher, get_hashers, identify_hasher
from django.http import HttpRequest

from organizations.demo import DEMO_USERNAMES

UserModel = get_user_model()


class JusticeModelBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> AbstractBaseUser | None:
        user = super().authenticate(request, username=username, password=password, **kwargs)
        name = username if username is not None else kwargs.get(UserModel.USERNAME_FIELD)
        if user is None and name is not None and password is not None:
            # The check ran the hasher of the name's stored password (the default hasher
            # for a name that is no account): its cost is evened out here.
            stored = (
                UserModel._default_manager.filter(**{UserModel.USERNAME_FIELD: name})
                .values_list("password", flat=True)
                .first()
            )
            as_costly_as_any_failure(password, stored)
        return user

    async def aauthenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> AbstractBaseUser | None:
        return await sync_to_async(self.authenticate)(
            request, username=username, password=password, **kwargs
        )

    def user_can_authenticate(self, user: AbstractBaseUser | None) -> bool:
        # Demo accounts share a published password: never valid with DEBUG off.
        if not settings.DEBUG and user is not None and user.get_username() in DEMO_USERNAMES:
            return False
        return super().user_can_authenticate(user)


def as_costly_as_any_failure(password: str, stored: str | None) -> None:
    """Run, after a failed check of the password, every configured hasher it did not run.

    The check ran the hasher of the stored password (``stored``; for a name that is no
    account, or a password that cannot be used, the default hasher). That one is brought
    to its present cost (an older PBKDF2 hash has fewer rounds), the others run once.
    """
    try:
        checked = identify_hasher(stored) if stored else None
    except ValueError:
        checked = None
    ran = checked.algorithm if checked is not None else get_hasher().algorithm
    if checked is not None:
        checked.harden_runtime(password, stored)
    for hasher in get_hashers():
        if hasher.algorithm != ran:
            hasher.encode(password, hasher.salt())
