"""Models of organizations, a module per topic; import them from here."""

from organizations.models.jobs import (
    ExportJob,
    ExportJobQuerySet,
    ImportJob,
    ImportJobQuerySet,
    export_job_path,
)
from organizations.models.lineage import UnitLineage, UnitLineageQuerySet
from organizations.models.notifications import (
    Notification,
    NotificationQuerySet,
)
from organizations.models.people import (
    Membership,
    MembershipQuerySet,
    Person,
    PersonQuerySet,
    Posting,
    PostingQuerySet,
)
from organizations.models.ratings import (
    Discipline,
    DisciplineQuerySet,
    PersonOrUnitQuerySet,
    QualityRating,
)
from organizations.models.units import (
    Locality,
    Unit,
    UnitQuerySet,
    UnitVersion,
    UnitVersionQuerySet,
)

__all__ = [
    "Discipline",
    "DisciplineQuerySet",
    "ExportJob",
    "ExportJobQuerySet",
    "ImportJob",
    "ImportJobQuerySet",
    "Locality",
    "Membership",
    "MembershipQuerySet",
    "Notification",
    "NotificationQuerySet",
    "Person",
    "PersonOrUnitQuerySet",
    "PersonQuerySet",
    "Posting",
    "PostingQuerySet",
    "QualityRating",
    "Unit",
    "UnitLineage",
    "UnitLineageQuerySet",
    "UnitQuerySet",
    "UnitVersion",
    "UnitVersionQuerySet",
    "export_job_path",
]
