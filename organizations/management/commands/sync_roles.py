"""Create or update the role groups and their permissions."""

from typing import Any

from django.core.management.base import BaseCommand

from organizations.services import sync_roles


class Command(BaseCommand):
    help = "Create or update one group per role with exactly its permissions (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        for role, count in sync_roles().items():
            self.stdout.write(f"{role}: {count} permissions")
