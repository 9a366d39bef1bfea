"""Back up the whole database and the uploaded files into one archive, and restore it."""

from organizations.backup.archive import BackupError, backed_up_models, describe, read_manifest
from organizations.backup.create import BackupResult, backup_create
from organizations.backup.restore import RestoreResult, backup_restore, database_holds_data

__all__ = [
    "BackupError",
    "BackupResult",
    "RestoreResult",
    "backed_up_models",
    "backup_create",
    "backup_restore",
    "database_holds_data",
    "describe",
    "read_manifest",
]
