"""Write the shipped DOCX templates of the official documents (commendations/documents)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from commendations.documents import KINDS, default_template_path
from organizations.documents.skeleton import build_template


class Command(BaseCommand):
    help = "Write the default DOCX templates of the official documents."

    def handle(self, *args: Any, **options: Any) -> None:
        for kind, spec in KINDS.items():
            document = build_template(
                columns=spec.columns,
                table_attached=spec.table_attached,
                two_signatures=spec.two_signatures,
                annexes=spec.annex_layouts(),
            )
            path = default_template_path(kind)
            document.save(str(path))
            self.stdout.write(f"{path}")
