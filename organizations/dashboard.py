"""The home page's to-do blocks; each app lists the selectors of its own in
``AppConfig.dashboard`` (dotted paths), so that no app has to know about the others.

A selector takes the user and returns the blocks of the work waiting for them, already
limited to their scope: a count, the address of the full list, and the first few items.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.apps import apps
from django.utils.functional import Promise
from django.utils.module_loading import import_string

from organizations.formatting import format_money

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

# How many items a block lists before sending the user to the full list.
TOP_ITEMS = 5


@dataclass(frozen=True)
class DashboardItem:
    """One piece of work: what it is, where to open it, and a line saying why it waits."""

    label: str
    url: str = ""
    note: str = ""
    # Shown prominently: the reason a nomination was returned, an overdue date.
    emphasis: str = ""


@dataclass(frozen=True)
class DashboardFigure:
    """One key figure, with its target and whether it is met (None: no target)."""

    label: str | Promise
    value: str
    target: str = ""
    met: bool | None = None


@dataclass(frozen=True)
class DashboardBlock:
    """A block of the home page: a count of waiting work and the first items of it."""

    key: str
    title: str | Promise
    count: int
    url: str = ""
    items: list[DashboardItem] = field(default_factory=list)
    figures: list[DashboardFigure] = field(default_factory=list)
    empty: str | Promise = ""
    note: str = ""
    # Urgent blocks come first and stand out: work sent back, votes to cast.
    urgent: bool = False

    @property
    def count_display(self) -> str:
        """Return the count with the language's thousands mark: 28.366."""
        return format_money(self.count)

    @property
    def more(self) -> int:
        """Count the items the block does not list."""
        return max(0, self.count - len(self.items))


Selector = Callable[["AbstractBaseUser"], list[DashboardBlock]]


def dashboard_for(user: AbstractBaseUser) -> list[DashboardBlock]:
    """Return the user's blocks from every app, urgent ones with work first, in app order."""
    blocks: list[DashboardBlock] = []
    for config in apps.get_app_configs():
        for path in getattr(config, "dashboard", ()):
            selector: Selector = import_string(path)
            blocks.extend(selector(user))
    return sorted(blocks, key=lambda block: not (block.urgent and block.count))
