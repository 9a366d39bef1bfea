"""Work areas shown on the home page; each app lists its own in ``AppConfig.workplaces``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


@dataclass(frozen=True)
class Workplace:
    """A page a role works in, shown to users holding ``permission``."""

    title: str | Promise
    description: str | Promise
    url_name: str
    permission: str
    icon: str = "▣"

    def url(self) -> str | None:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None


def workplaces_for(user: AbstractBaseUser) -> list[tuple[Workplace, str]]:
    """Return the work areas the user may open, with their addresses, in app order."""
    found: list[tuple[Workplace, str]] = []
    for config in apps.get_app_configs():
        for workplace in getattr(config, "workplaces", ()):
            url = workplace.url()
            if url and user.has_perm(workplace.permission):
                found.append((workplace, url))
    return found
