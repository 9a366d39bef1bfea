"""The permission matrix's world: personas, and every registered model's records in three places.

Each scoped model gets a record at the Đà Nẵng enforcement agency (the clerk's own unit), one at
the Đà Nẵng Department of Justice (the officer's own unit) and one at the Hà Nội agency (outside
both). Catalogues and other unscoped models get one record. The world is built once per test
module, inside a transaction the module rolls back at its end.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import AbstractUser, Group
from django.core.files.base import ContentFile
from django.db import models
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from commendations.models import (
    AwardForm,
    Certificate,
    Council,
    CouncilMember,
    CouncilSession,
    Decision,
    DocumentTemplate,
    DossierFile,
    Nomination,
    PrintJob,
    PublicHoliday,
    TemplateKind,
    Vote,
)
from emulation.models import (
    BaseSalary,
    Cluster,
    IndicatorResult,
    Initiative,
    Movement,
    Pact,
    Title,
    TitleAward,
)
from enforcement.models import (
    AnnualSnapshot,
    Court,
    LegalGround,
    ReportForm,
    StatisticalYear,
    Status,
    Target,
    YearLogEntry,
)
from organizations.models import (
    Discipline,
    ImportJob,
    Locality,
    Membership,
    Person,
    QualityRating,
    Unit,
    UnitLineage,
)
from organizations.roles import Role
from organizations.services import membership_grant
from tests.commendations.factories import NominationFactory
from tests.emulation.factories import CriterionFactory, PactFactory, make_cluster
from tests.enforcement.factories import EnforcementCaseFactory, TargetFactory
from tests.factories import (
    LocalityFactory,
    PersonFactory,
    UnitFactory,
    UserFactory,
    ensure_reference_data,
    make_persona,
)

# The three places a scoped record can be.
CLERK_UNIT = "danang_agency"
OFFICER_UNIT = "danang_department"
ELSEWHERE = "hanoi_agency"
PLACES = (CLERK_UNIT, OFFICER_UNIT, ELSEWHERE)

ANONYMOUS = "anonymous"
NO_MEMBERSHIP = "no_membership"
# Personas with two memberships: each role holds only in its own membership's units.
CLERK_AND_LEADER = "clerk_and_leader"
OFFICER_AND_REVIEWER = "officer_and_reviewer"
COMPOSITES: dict[str, tuple[str, str]] = {
    CLERK_AND_LEADER: (Role.ENFORCEMENT_CLERK, Role.LEADER),
    OFFICER_AND_REVIEWER: (Role.EMULATION_OFFICER, Role.REVIEWER),
}


@dataclass
class MatrixWorld:
    """The units, the personas by role name, and the records by model label and place."""

    units: dict[str, Unit]
    users: dict[str, AbstractUser | None]
    records: dict[str, dict[str, models.Model]] = field(default_factory=dict)

    def record(self, label: str, place: str) -> models.Model | None:
        """Return the model's record at a place (the one record of an unscoped model)."""
        by_place = self.records.get(label, {})
        return by_place.get(place, by_place.get("*"))

    def add(self, model: type[models.Model], **by_place: models.Model) -> None:
        self.records[model._meta.label_lower] = by_place


SHIPPED_REPORT = (
    Path(__file__).resolve().parents[2] / "commendations/documents/templates/report.docx"
)


def _pdf(name: str) -> ContentFile:
    return ContentFile(b"%PDF-1.4\n% matrix\n", name=name)


def build_world() -> MatrixWorld:
    """Create the units, personas and records the matrix asks about."""
    ensure_reference_data()
    hanoi = LocalityFactory(code="HN", name="Hà Nội")
    danang = LocalityFactory(code="DN", name="Đà Nẵng")
    ministry = UnitFactory(code="BTP", name="Bộ Tư pháp", kind=Unit.Kind.MINISTRY)
    units = {
        "ministry": ministry,
        CLERK_UNIT: UnitFactory(
            code="THADS-DN", name="THADS thành phố Đà Nẵng", locality=danang, parent=ministry
        ),
        OFFICER_UNIT: UnitFactory(
            code="STP-DN",
            name="Sở Tư pháp thành phố Đà Nẵng",
            locality=danang,
            parent=ministry,
            kind=Unit.Kind.DEPARTMENT_OF_JUSTICE,
        ),
        ELSEWHERE: UnitFactory(
            code="THADS-HN", name="THADS thành phố Hà Nội", locality=hanoi, parent=ministry
        ),
    }
    users: dict[str, AbstractUser | None] = {
        ANONYMOUS: None,
        NO_MEMBERSHIP: UserFactory(username="m.nobody"),
        Role.ADMINISTRATOR: make_persona("m.admin", ministry, Role.ADMINISTRATOR),
        Role.ENFORCEMENT_CLERK: make_persona("m.clerk", units[CLERK_UNIT], Role.ENFORCEMENT_CLERK),
        Role.EMULATION_OFFICER: make_persona(
            "m.officer", units[OFFICER_UNIT], Role.EMULATION_OFFICER
        ),
        Role.REVIEWER: make_persona("m.reviewer", ministry, Role.REVIEWER),
        Role.COUNCIL_MEMBER: make_persona("m.council", ministry, Role.COUNCIL_MEMBER),
        Role.LEADER: make_persona("m.leader", ministry, Role.LEADER),
    }
    users[CLERK_AND_LEADER] = make_persona(
        "m.clerk.leader", units[CLERK_UNIT], Role.ENFORCEMENT_CLERK
    )
    membership_grant(user=users[CLERK_AND_LEADER], unit=ministry, role=Role.LEADER)
    users[OFFICER_AND_REVIEWER] = make_persona(
        "m.officer.reviewer", units[OFFICER_UNIT], Role.EMULATION_OFFICER
    )
    membership_grant(user=users[OFFICER_AND_REVIEWER], unit=ministry, role=Role.REVIEWER)
    hanoi_clerk = make_persona("m.clerk.hanoi", units[ELSEWHERE], Role.ENFORCEMENT_CLERK)
    world = MatrixWorld(units=units, users=users)
    owner = {
        CLERK_UNIT: users[Role.ENFORCEMENT_CLERK],
        OFFICER_UNIT: users[Role.EMULATION_OFFICER],
        ELSEWHERE: hanoi_clerk,
    }
    _organizations(world, owner, danang)
    _enforcement(world, owner)
    _emulation(world)
    _commendations(world, owner)
    _technical(world)
    return world


def _organizations(world: MatrixWorld, owner: dict, locality: Locality) -> None:
    units = world.units
    world.add(Unit, **{place: units[place] for place in PLACES})
    world.add(
        Person,
        **{
            place: PersonFactory(unit=units[place], full_name=f"Người {units[place].code}")
            for place in PLACES
        },
    )
    world.add(
        Membership,
        **{place: Membership.objects.get(user=owner[place], unit=units[place]) for place in PLACES},
    )
    world.add(Locality, **{"*": locality})
    # A former unit merged into each place's unit on 1 July 2025 (the 2025 reorganisation).
    world.add(
        UnitLineage,
        **{
            place: UnitLineage.objects.create(
                predecessor=UnitFactory(
                    code=f"OLD-{units[place].code}",
                    name=f"Đơn vị cũ {units[place].code}",
                    kind=units[place].kind,
                    parent=units[place].parent,
                    valid_to=datetime.date(2025, 6, 30),
                    successor=units[place],
                ),
                successor=units[place],
                taken_over_on=datetime.date(2025, 7, 1),
                decision_number=f"SN-{place}",
            )
            for place in PLACES
        },
    )
    people = {place: Person.objects.get(full_name=f"Người {units[place].code}") for place in PLACES}
    world.add(
        QualityRating,
        **{
            CLERK_UNIT: QualityRating.objects.create(
                year=2024, unit=units[CLERK_UNIT], grade="good", decision_number="XL1/QĐ"
            ),
            OFFICER_UNIT: QualityRating.objects.create(
                year=2024, person=people[OFFICER_UNIT], grade="good", decision_number="XL2/QĐ"
            ),
            ELSEWHERE: QualityRating.objects.create(
                year=2024, person=people[ELSEWHERE], grade="good", decision_number="XL3/QĐ"
            ),
        },
    )
    world.add(
        Discipline,
        **{
            place: Discipline.objects.create(
                person=people[place],
                kind=Discipline.Kind.REPRIMAND,
                starts_on=datetime.date(2023, 3, 1),
                ends_on=datetime.date(2024, 2, 29),
                decision_number=f"KL-{place}",
            )
            for place in PLACES
        },
    )
    world.add(
        ImportJob,
        **{
            place: ImportJob.objects.create(
                spec="organizations.person",
                file=ContentFile(b"staff_code\n", name=f"{place}.csv"),
                original_name=f"{place}.csv",
                sha256="0" * 64,
                size=11,
                uploaded_by=owner[place],
                status=ImportJob.Status.INVALID,
                report={"problems": [{"row": 2, "column": "a", "value": "b", "message": "c"}]},
            )
            for place in PLACES
        },
    )


def _enforcement(world: MatrixWorld, owner: dict) -> None:
    units = world.units
    world.add(
        EnforcementCaseFactory._meta.model,
        **{
            place: EnforcementCaseFactory(
                unit=units[place], decision_number=f"M-{units[place].code}/QĐ"
            )
            for place in PLACES
        },
    )
    _entrustments(world)
    world.add(
        Target,
        **{
            place: TargetFactory(
                unit=units[place], year=2024, case_ratio=Decimal("83.25"), money_ratio=Decimal(46)
            )
            for place in PLACES
        },
    )
    closed = StatisticalYear.objects.create(
        year=2023,
        state=StatisticalYear.State.CLOSED,
        closed_at=timezone.now(),
        closed_by=world.users[Role.ADMINISTRATOR],
    )
    StatisticalYear.objects.get_or_create(year=2024)
    world.add(StatisticalYear, **{"*": closed})
    world.add(ReportForm, **{"*": ReportForm.objects.order_by("pk").first()})
    world.add(LegalGround, **{"*": LegalGround.objects.get(code="48.1.c")})
    world.add(Court, **{"*": Court.objects.get(code="TAND-NA-KV7")})
    zeros = {
        f.name: 0
        for f in AnnualSnapshot._meta.fields
        if isinstance(f, models.PositiveIntegerField | models.BigIntegerField) and not f.primary_key
    }
    world.add(
        AnnualSnapshot,
        **{
            place: AnnualSnapshot.objects.create(
                statistical_year=closed, unit=units[place], **zeros
            )
            for place in PLACES
        },
    )
    world.add(
        YearLogEntry,
        **{
            "*": YearLogEntry.objects.create(
                statistical_year=closed,
                action=YearLogEntry.Action.CLOSED,
                user=world.users[Role.ADMINISTRATOR],
            )
        },
    )
    del owner


# The cases the pages that link an entrustment by hand open (their pseudo-labels): at each
# city, one received from a third agency and one entrusted out to it, and at that agency the
# other side of each, unlinked, so that a user who may change both sees them listed.
RECEIVED_CASES = "enforcement.enforcementcase:received"
ENTRUSTED_CASES = "enforcement.enforcementcase:entrusted"


def _entrustments(world: MatrixWorld) -> None:
    units = world.units
    third = UnitFactory(code="THADS-QN", name="THADS tỉnh Quảng Ninh", parent=units["ministry"])
    entrusted_on = datetime.date(2024, 4, 10)
    received_on = datetime.date(2024, 4, 20)

    def entrusted(unit: Unit, to: Unit, number: str) -> models.Model:
        return EnforcementCaseFactory(
            unit=unit,
            decision_number=f"UT-{unit.code}-{to.code}/QĐ",
            status=Status.ENTRUSTED,
            closed_on=entrusted_on,
            state_changed_on=entrusted_on,
            entrusted_to=to,
            entrustment_decision_number=number,
            entrustment_decision_date=entrusted_on,
        )

    def received(unit: Unit, sender: Unit, number: str) -> models.Model:
        return EnforcementCaseFactory(
            unit=unit,
            decision_number=f"NH-{unit.code}-{sender.code}/QĐ",
            decision_date=received_on,
            accepted_on=received_on,
            received_from=sender,
            received_decision_number=number,
            received_decision_date=entrusted_on,
        )

    cities = (CLERK_UNIT, ELSEWHERE)
    received_cases, entrusted_cases = {}, {}
    for place in cities:
        unit = units[place]
        received_cases[place] = received(unit, third, f"UT-{third.code}-{unit.code}")
        entrusted(third, unit, f"UT-{third.code}-{unit.code}")
        entrusted_cases[place] = entrusted(unit, third, f"UT-{unit.code}-{third.code}")
        received(third, unit, f"UT-{unit.code}-{third.code}")
    # The officer's department has no entrustment: its pages answer before reading the case.
    plain = world.records["enforcement.enforcementcase"][OFFICER_UNIT]
    world.records[RECEIVED_CASES] = {**received_cases, OFFICER_UNIT: plain}
    world.records[ENTRUSTED_CASES] = {**entrusted_cases, OFFICER_UNIT: plain}


def _emulation(world: MatrixWorld) -> None:
    units = world.units
    danang = make_cluster(
        members=[units[OFFICER_UNIT], units[CLERK_UNIT]],
        head=units[OFFICER_UNIT],
        name="Cụm Đà Nẵng",
    )
    hanoi = make_cluster(members=[units[ELSEWHERE]], head=units[ELSEWHERE], name="Cụm Hà Nội")
    world.add(Cluster, **{CLERK_UNIT: danang, OFFICER_UNIT: danang, ELSEWHERE: hanoi})
    movement = Movement.objects.create(
        name="Phong trào thi đua ma trận",
        launched_by=units["ministry"],
        starts_on=datetime.date(2024, 1, 1),
    )
    world.add(Movement, **{"*": movement})
    pacts = {cluster.pk: PactFactory(cluster=cluster) for cluster in (danang, hanoi)}
    world.add(
        Pact, **{place: pacts[world.record("emulation.cluster", place).pk] for place in PLACES}
    )
    criteria = {pk: CriterionFactory(pact=pact) for pk, pact in pacts.items()}
    world.add(
        IndicatorResult,
        **{
            place: IndicatorResult.objects.create(
                unit=units[place],
                criterion=criteria[world.record("emulation.cluster", place).pk],
                value=Decimal(90),
                status=IndicatorResult.Status.DRAFT,
            )
            for place in PLACES
        },
    )
    person_title = Title.objects.filter(recipient=Title.Recipient.INDIVIDUAL).first()
    unit_title = Title.objects.filter(recipient=Title.Recipient.COLLECTIVE).first()
    world.add(Title, **{"*": person_title})
    world.add(BaseSalary, **{"*": BaseSalary.objects.order_by("valid_from").first()})
    people = world.records["organizations.person"]
    world.add(
        TitleAward,
        **{
            CLERK_UNIT: TitleAward.objects.create(
                title=unit_title, year=2024, unit=units[CLERK_UNIT], decision_number="M1/QĐ"
            ),
            OFFICER_UNIT: TitleAward.objects.create(
                title=person_title, year=2024, person=people[OFFICER_UNIT], decision_number="M2/QĐ"
            ),
            ELSEWHERE: TitleAward.objects.create(
                title=unit_title, year=2024, unit=units[ELSEWHERE], decision_number="M3/QĐ"
            ),
        },
    )
    world.add(
        Initiative,
        **{
            place: Initiative.objects.create(
                person=people[place],
                year=2024,
                name=f"Sáng kiến {place}",
                level=Initiative._meta.get_field("level").choices[0][0],
                decision_number=f"SK-{place}",
            )
            for place in PLACES
        },
    )


def _commendations(world: MatrixWorld, owner: dict) -> None:
    units = world.units
    people = world.records["organizations.person"]
    form = AwardForm.objects.get(code="minister_certificate")
    world.add(AwardForm, **{"*": form})

    def nomination(place: str, status: str) -> Nomination:
        submitted = status != Nomination.Status.DRAFT
        return NominationFactory(
            year=2024,
            nominating_unit=units[place],
            person=people[place],
            award_form=form,
            achievements="Hoàn thành xuất sắc nhiệm vụ.",
            status=status,
            created_by=owner[place],
            submitted_by=owner[place] if submitted else None,
            submitted_at=timezone.now() if submitted else None,
        )

    drafts = {place: nomination(place, Nomination.Status.DRAFT) for place in PLACES}
    world.add(Nomination, **drafts)
    world.add(
        DossierFile,
        **{
            place: DossierFile.objects.create(
                nomination=drafts[place],
                kind=DossierFile.Kind.PROPOSAL_LETTER,
                file=_pdf("to-trinh.pdf"),
                original_name="to-trinh.pdf",
                size=20,
                uploaded_by=owner[place],
            )
            for place in PLACES
        },
    )
    councils, sessions, votes = {}, {}, {}
    for place in PLACES:
        council = Council.objects.create(name=f"Hội đồng {place}", unit=units[place])
        member = CouncilMember.objects.create(
            council=council,
            user=UserFactory(username=f"m.member.{place}"),
            person=people[place],
            order=1,
        )
        session = CouncilSession.objects.create(
            council=council, title=f"Phiên họp {place}", held_on=datetime.date(2025, 1, 10)
        )
        # The member is absent: the secretary entered their written vote with its ballot.
        voted = nomination(place, Nomination.Status.COUNCIL_VOTE)
        voted.council_session = session
        voted.save(update_fields=["council_session"])
        votes[place] = Vote.objects.create(
            session=session,
            nomination=voted,
            member=member,
            choice=Vote.Choice.YES,
            written=True,
            ballot=_pdf("phieu-bieu-quyet.pdf"),
            ballot_name="phieu-bieu-quyet.pdf",
            recorded_by=world.users[Role.REVIEWER],
        )
        councils[place], sessions[place] = council, session
    world.add(Council, **councils)
    world.add(CouncilSession, **sessions)
    world.add(Vote, **votes)
    decisions, certificates, jobs = {}, {}, {}
    for number, place in enumerate(PLACES, start=1):
        decided = nomination(place, Nomination.Status.DECIDED)
        decision = Decision.objects.create(
            number=f"{number}/QĐ-MT",
            date=datetime.date(2025, 2, 1),
            issuing_unit=units[place],
            authority="Bộ trưởng Bộ Tư pháp",
            signer_name="Nguyễn Văn Ký",
            signer_title="Bộ trưởng",
            recorded_by=world.users[Role.LEADER],
        )
        decided.decision = decision
        decided.save(update_fields=["decision"])
        certificates[place] = Certificate.objects.create(
            decision=decision,
            nomination=decided,
            year=2025,
            number=number,
            person=people[place],
            award_form=form,
            recipient_name=people[place].full_name,
            award_name=form.name,
            achievement="Đã có thành tích xuất sắc.",
        )
        jobs[place] = PrintJob.objects.create(
            decision=decision,
            requested_by=owner[place],
            status=PrintJob.Status.DONE,
            total=1,
            done=1,
            file=_pdf(f"bang-khen-{place}.pdf"),
        )
        decisions[place] = decision
    world.add(Decision, **decisions)
    world.add(Certificate, **certificates)
    world.add(PrintJob, **jobs)


def _technical(world: MatrixWorld) -> None:
    """Records of the libraries' tables: accounts, groups, login attempts, task results."""
    world.add(world.users[NO_MEMBERSHIP].__class__, **{"*": world.users[NO_MEMBERSHIP]})
    world.add(Group, **{"*": Group.objects.get(name=Role.ENFORCEMENT_CLERK)})
    now = timezone.now()
    attempt = AccessAttempt.objects.create(
        username="ke.la",
        ip_address="10.0.0.9",
        user_agent="x",
        attempt_time=now,
        failures_since_start=1,
    )
    world.add(AccessAttempt, **{"*": attempt})
    world.add(
        AccessLog,
        **{"*": AccessLog.objects.create(username="ke.la", ip_address="10.0.0.9", user_agent="x")},
    )
    world.add(
        AccessFailureLog,
        **{
            "*": AccessFailureLog.objects.create(
                username="ke.la", ip_address="10.0.0.9", user_agent="x", locked_out=False
            )
        },
    )
    world.add(DBTaskResult, **{})
    world.add(PublicHoliday, **{"*": PublicHoliday.objects.order_by("date").first()})
    world.add(
        DocumentTemplate,
        **{
            "*": DocumentTemplate.objects.create(
                kind=TemplateKind.REPORT,
                # The shipped template, uploaded again: every page that drafts keeps working.
                file=ContentFile(SHIPPED_REPORT.read_bytes(), name="report.docx"),
                original_name="report.docx",
                uploaded_by=world.users[Role.ADMINISTRATOR],
            )
        },
    )
