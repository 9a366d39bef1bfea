"""Models of commendations: award forms, nominations, the council, decisions, certificates."""

from commendations.models.catalogue import (
    AwardForm,
    AwardFormRule,
    DocumentKind,
    DossierRequirement,
    Recipients,
)
from commendations.models.council import Council, CouncilMember, CouncilSession, Vote
from commendations.models.decisions import (
    Certificate,
    CertificateSerial,
    Decision,
    DecisionLine,
    PrintJob,
)
from commendations.models.documents import DocumentTemplate, TemplateKind
from commendations.models.levels import Forwarding, PublicComment, PublicHoliday
from commendations.models.nominations import DossierFile, Nomination, NominationEvent

__all__ = [
    "AwardForm",
    "AwardFormRule",
    "Certificate",
    "CertificateSerial",
    "Council",
    "CouncilMember",
    "CouncilSession",
    "Decision",
    "DecisionLine",
    "DocumentKind",
    "DocumentTemplate",
    "DossierFile",
    "DossierRequirement",
    "Forwarding",
    "Nomination",
    "NominationEvent",
    "PrintJob",
    "PublicComment",
    "PublicHoliday",
    "Recipients",
    "TemplateKind",
    "Vote",
]
