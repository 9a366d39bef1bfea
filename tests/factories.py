"""Factories of organizations, shared by every app's tests: places, units, people, users."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser

from organizations.models import Discipline, Locality, Person, QualityRating, Unit
from organizations.roles import Role
from organizations.services import membership_grant

PASSWORD = "a-Str0ng-test-pass"


class LocalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Locality
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"L{n}")
    name = factory.Sequence(lambda n: f"Thành phố {n}")
    kind = Locality.Kind.CENTRAL_CITY


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"U{n}")
    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    kind = Unit.Kind.ENFORCEMENT_AGENCY


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    staff_code = factory.Sequence(lambda n: f"P{n:05d}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    unit = factory.SubFactory(UnitFactory)
    position = "Chuyên viên"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class QualityRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QualityRating

    year = 2024
    person = factory.SubFactory(PersonFactory)
    grade = QualityRating.Grade.GOOD
    decision_number = factory.Sequence(lambda n: f"{n}/QĐ-STP")


class DisciplineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Discipline

    person = factory.SubFactory(PersonFactory)
    kind = Discipline.Kind.REPRIMAND
    starts_on = datetime.date(2024, 3, 1)
    decision_number = factory.Sequence(lambda n: f"{n}/QĐ-KL")


def rate(person: Person, years: list[int], grade: str = QualityRating.Grade.GOOD) -> None:
    """Record the person's quality rating for each year."""
    for year in years:
        QualityRatingFactory(person=person, year=year, grade=grade)


def make_persona(username: str, unit: Unit, role: Role) -> AbstractUser:
    """Create a staff user holding one role in one unit."""
    user = UserFactory(username=username)
    membership_grant(user=user, unit=unit, role=role)
    return user


def staff(unit: Unit, count: int) -> list[Person]:
    """Return ``count`` new people of the unit."""
    return PersonFactory.create_batch(count, unit=unit)


def ensure_reference_data() -> None:
    """Reload the catalogues the data migrations hold, if a transactional test flushed them."""
    import importlib

    from django.apps import apps

    from commendations.models import AwardForm, PublicHoliday
    from emulation.models import BaseSalary, Title
    from enforcement.models import Court, LegalGround, ReportForm

    if not Title.objects.exists() or not BaseSalary.objects.exists():
        if not Title.objects.exists():
            importlib.import_module("emulation.migrations.0002_titles_catalogue").load_catalogue(
                apps, None
            )
            importlib.import_module(
                "emulation.migrations.0006_advanced_worker_rating_rules"
            ).add_rules(apps, None)
            importlib.import_module("emulation.migrations.0009_catalogue_of_the_law").apply_law(
                apps, None
            )
            importlib.import_module(
                "emulation.migrations.0010_deciding_levels_and_comment"
            ).national_titles_take_comment(apps, None)
        importlib.import_module(
            "emulation.migrations.0004_reward_multiples_of_the_law"
        ).load_rewards(apps, None)
    if not AwardForm.objects.exists():
        importlib.import_module("commendations.migrations.0002_award_forms").load_forms(apps, None)
        importlib.import_module(
            "commendations.migrations.0007_dossier_requirements_of_award_forms"
        ).load_requirements(apps, None)
        importlib.import_module(
            "commendations.migrations.0009_reward_amounts_of_the_law"
        ).load_rewards(apps, None)
        importlib.import_module(
            "commendations.migrations.0011_thresholds_of_the_law"
        ).apply_thresholds(apps, None)
        importlib.import_module("commendations.migrations.0012_award_form_rule_groups").apply_law(
            apps, None
        )
    if (
        not PublicHoliday.objects.exists()
        or not AwardForm.objects.filter(public_comment_days__gt=0).exists()
    ):
        importlib.import_module("commendations.migrations.0013_public_comment").seed(apps, None)
    if not ReportForm.objects.exists():
        importlib.import_module(
            "enforcement.migrations.0014_report_forms_of_circular_05_2024"
        ).load_forms(apps, None)
    if not LegalGround.objects.exists():
        importlib.import_module("enforcement.migrations.0016_seed_legal_grounds").seed(apps, None)
    if not Court.objects.exists():
        importlib.import_module("enforcement.migrations.0029_courts_catalogue").seed_courts(
            apps, None
        )
