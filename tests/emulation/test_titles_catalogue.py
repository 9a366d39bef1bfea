"""The titles catalogue is data: loaded by migration, edited by administrators, kept consistent."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from emulation import services
from emulation.models import Title, TitleAward, TitleRule
from emulation.selectors import title_eligibility
from tests.emulation.factories import award, title
from tests.factories import rate

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_catalogue_holds_the_eight_titles_of_the_law():
    names = dict(Title.objects.values_list("code", "name"))

    assert names == {
        "advanced_worker": "Lao động tiên tiến",
        "grassroots_emulation_fighter": "Chiến sĩ thi đua cơ sở",
        "ministry_emulation_fighter": "Chiến sĩ thi đua cấp Bộ",
        "national_emulation_fighter": "Chiến sĩ thi đua toàn quốc",
        "advanced_labour_collective": "Tập thể lao động tiên tiến",
        "excellent_labour_collective": "Tập thể lao động xuất sắc",
        "ministry_emulation_flag": "Cờ thi đua của Bộ Tư pháp",
        "government_emulation_flag": "Cờ thi đua của Chính phủ",
    }


def test_catalogue_settings_follow_the_design():
    grassroots = title("grassroots_emulation_fighter")

    assert (grassroots.quota_percent, grassroots.quota_of.code) == (15, "advanced_worker")
    assert title("ministry_emulation_fighter").council_vote_threshold == 90
    assert title("national_emulation_fighter").council_vote_threshold == 90
    assert title("advanced_worker").council_vote_threshold == 70


def test_a_rule_requiring_its_own_title_is_refused():
    rule = TitleRule(
        title=title("advanced_worker"),
        kind=TitleRule.Kind.SAME_YEAR_TITLE,
        required_title=title("advanced_worker"),
    )

    with pytest.raises(ValidationError) as raised:
        rule.full_clean()

    assert "required_title" in raised.value.error_dict
    assert not TitleRule.objects.filter(
        required_title=title("advanced_worker"), title=title("advanced_worker")
    )


def test_the_database_refuses_a_self_referring_rule_too():
    with pytest.raises(IntegrityError), transaction.atomic():
        TitleRule.objects.create(
            title=title("advanced_worker"),
            kind=TitleRule.Kind.SAME_YEAR_TITLE,
            required_title=title("advanced_worker"),
        )


def test_rules_going_round_in_a_circle_are_refused():
    # The grassroots fighter already requires the advanced worker title.
    rule = TitleRule(
        title=title("advanced_worker"),
        kind=TitleRule.Kind.SAME_YEAR_TITLE,
        required_title=title("ministry_emulation_fighter"),
    )

    with pytest.raises(ValidationError) as raised:
        rule.full_clean()

    assert "circle" in str(raised.value) or "vòng" in str(raised.value)


def test_a_quota_counted_against_the_title_itself_is_refused():
    grassroots = title("grassroots_emulation_fighter")
    grassroots.quota_of = grassroots

    with pytest.raises(ValidationError):
        grassroots.full_clean()


def test_a_rule_missing_its_parameters_is_refused():
    rule = TitleRule(
        title=title("ministry_emulation_fighter"), kind=TitleRule.Kind.CONSECUTIVE_TITLES
    )

    with pytest.raises(ValidationError):
        rule.full_clean()


def test_a_unit_condition_on_a_personal_title_is_refused():
    rule = TitleRule(title=title("advanced_worker"), kind=TitleRule.Kind.LEADS_CLUSTER)

    with pytest.raises(ValidationError) as raised:
        rule.full_clean()

    assert "kind" in raised.value.error_dict


def _title_form(target: Title, rules: list[dict]) -> dict:
    data = {
        "code": target.code,
        "name": target.name,
        "name_en": target.name_en,
        "recipient": target.recipient,
        "level": target.level,
        "order": target.order,
        "is_active": "on",
        "council_vote_threshold": "75",
        "quota_percent": "" if target.quota_percent is None else str(target.quota_percent),
        "quota_of": "" if target.quota_of_id is None else target.quota_of_id,
        "reward_multiple": str(target.reward_multiple),
        "physical_item": target.physical_item,
        "public_comment_days": str(target.public_comment_days),
        "reward_basis": target.reward_basis,
        "description": "",
        "rules-TOTAL_FORMS": str(len(rules)),
        "rules-INITIAL_FORMS": str(sum(1 for rule in rules if rule.get("id"))),
        "rules-MIN_NUM_FORMS": "0",
        "rules-MAX_NUM_FORMS": "1000",
    }
    for index, rule in enumerate(rules):
        defaults = {
            "title": target.pk,
            "kind": "",
            "required_title": "",
            "count": "",
            "every_years": "1",
            "alternative": "1",
            "initiative_level": "",
            "share_percent": "",
            "note": "",
            "note_en": "",
        }
        for key, value in {**defaults, **rule}.items():
            data[f"rules-{index}-{key}"] = value
    return data


def _existing_rules(target: Title) -> list[dict]:
    return [
        {
            "id": rule.pk,
            "alternative": rule.alternative,
            "kind": rule.kind,
            "required_title": rule.required_title_id or "",
            "count": rule.count or "",
            "every_years": rule.every_years,
            "initiative_level": rule.initiative_level,
            "share_percent": rule.share_percent or "",
            **({"share_strict": "on"} if rule.share_strict else {}),
            "min_rating": rule.min_rating,
            "note": rule.note,
            "note_en": rule.note_en,
        }
        for rule in target.rules.all()
    ]


def test_administrator_edits_a_titles_settings_and_rules_in_the_admin(administrator):
    target = title("ministry_emulation_fighter")
    rules = _existing_rules(target)
    consecutive = next(rule for rule in rules if rule["kind"] == "consecutive_titles")
    consecutive["count"] = "2"

    response = _client(administrator).post(
        reverse("admin:emulation_title_change", args=[target.pk]), _title_form(target, rules)
    )

    assert response.status_code == 302
    target.refresh_from_db()
    assert target.council_vote_threshold == 75
    assert target.rules.get(kind="consecutive_titles").count == 2


def test_admin_refuses_a_rule_that_refers_to_its_own_title_and_changes_nothing(administrator):
    target = title("advanced_worker")
    stored = target.rules.count()
    rules = [*_existing_rules(target), {"kind": "same_year_title", "required_title": target.pk}]

    response = _client(administrator).post(
        reverse("admin:emulation_title_change", args=[target.pk]), _title_form(target, rules)
    )

    assert response.status_code == 200
    assert "không thể yêu cầu chính danh hiệu đó" in response.content.decode()
    target.refresh_from_db()
    assert target.council_vote_threshold == 70
    assert target.rules.count() == stored


def test_officer_reads_the_catalogue_but_cannot_change_it(officer_danang):
    target = title("advanced_worker")
    client = _client(officer_danang)
    url = reverse("admin:emulation_title_change", args=[target.pk])

    assert client.get(url).status_code == 200
    assert client.post(url, _title_form(target, _existing_rules(target))).status_code == 403
    target.refresh_from_db()
    assert target.council_vote_threshold == 70


def test_award_of_a_collective_title_to_a_person_is_refused(world, officer_danang):
    with pytest.raises(ValidationError):
        services.title_award_record(
            user=officer_danang,
            title=title("excellent_labour_collective"),
            year=2024,
            person=world.danang_department_person,
            decision_number="1/QĐ",
        )

    assert not TitleAward.objects.exists()


def test_a_second_award_of_the_same_title_and_year_is_refused(world, officer_danang):
    person = world.danang_department_person
    award("advanced_worker", [2024], person=person)

    with pytest.raises(ValidationError):
        services.title_award_record(
            user=officer_danang,
            title=title("advanced_worker"),
            year=2024,
            person=person,
            decision_number="2/QĐ",
        )

    assert TitleAward.objects.count() == 1


def test_officer_cannot_record_titles_of_another_citys_people(world, officer_danang):
    with pytest.raises(PermissionDenied):
        services.title_award_record(
            user=officer_danang,
            title=title("advanced_worker"),
            year=2024,
            person=world.hanoi_person,
            decision_number="1/QĐ",
        )

    assert not TitleAward.objects.exists()


def _award_form(person, **changes):
    data = {
        "title": title("advanced_worker").pk,
        "year": "2024",
        "person": person.pk,
        "unit": "",
        "decision_number": "15/QĐ-STP",
        "decision_date": "20/12/2024",
        "decided_by": "Giám đốc Sở",
        "notes": "",
        "reason": "Bổ sung quyết định năm 2024 bị sót khi nhập tệp",
    }
    data.update(changes)
    return data


def test_administrator_records_a_title_by_hand_with_a_reason(world, administrator):
    person = world.danang_department_person

    response = _client(administrator).post(
        reverse("admin:emulation_titleaward_add"), _award_form(person)
    )

    assert response.status_code == 302
    award = TitleAward.objects.get()
    assert award.person == person
    assert award.history.get().history_change_reason.startswith("Bổ sung quyết định")


def test_a_title_entered_by_hand_needs_a_reason(world, administrator):
    response = _client(administrator).post(
        reverse("admin:emulation_titleaward_add"),
        _award_form(world.danang_department_person, reason=""),
    )

    assert response.status_code == 200
    assert "reason" in response.context["adminform"].form.errors
    assert not TitleAward.objects.exists()


def test_officer_cannot_record_a_title_in_the_admin(world, officer_danang):
    response = _client(officer_danang).post(
        reverse("admin:emulation_titleaward_add"), _award_form(world.danang_department_person)
    )

    assert response.status_code == 403
    assert not TitleAward.objects.exists()


def test_title_history_of_another_city_is_hidden(world, officer_danang):
    award("advanced_worker", [2024], person=world.hanoi_person)
    award("advanced_worker", [2024], person=world.danang_department_person)

    response = _client(officer_danang).get(reverse("admin:emulation_titleaward_changelist"))

    awards = list(response.context["cl"].result_list)
    assert [a.person for a in awards] == [world.danang_department_person]


def test_reviewer_reads_title_history_of_every_city(world, reviewer):
    award("advanced_worker", [2024], person=world.hanoi_person)

    response = _client(reviewer).get(reverse("admin:emulation_titleaward_changelist"))

    assert world.hanoi_person.full_name in response.content.decode()


def test_a_new_personal_title_cannot_carry_a_unit_condition():
    new_title = Title(
        code="new", name="Mới", recipient=Title.Recipient.INDIVIDUAL, level="grassroots"
    )
    rule = TitleRule(title=new_title, kind=TitleRule.Kind.MEMBER_COUNT)

    with pytest.raises(ValidationError) as raised:
        rule.clean()

    assert "kind" in raised.value.error_dict


def test_the_catalogue_migration_keeps_rules_an_administrator_changed(capsys):
    catalogue = importlib.import_module("emulation.migrations.0009_catalogue_of_the_law")
    target = title("national_emulation_fighter")
    rule = target.rules.get(kind="consecutive_titles")
    rule.count = 3
    rule.save()

    catalogue.apply_law(django_apps, None)

    assert target.rules.get(kind="consecutive_titles").count == 3
    assert "national_emulation_fighter" in capsys.readouterr().out


def test_the_catalogue_migration_leaves_the_laws_rules_as_they_are(capsys):
    catalogue = importlib.import_module("emulation.migrations.0009_catalogue_of_the_law")
    before = list(TitleRule.objects.order_by("pk").values_list("pk", flat=True))

    catalogue.apply_law(django_apps, None)

    assert list(TitleRule.objects.order_by("pk").values_list("pk", flat=True)) == before
    assert capsys.readouterr().out == ""


def test_a_title_with_two_alternatives_is_met_by_either(world):
    target = title("grassroots_emulation_fighter")
    Title.objects.filter(pk=target.pk).update(quota_percent=None, quota_of=None)
    TitleRule.objects.create(
        title=target,
        alternative=2,
        kind=TitleRule.Kind.QUALITY_RATING,
        min_rating="excellent",
        count=1,
    )
    person = world.danang_person
    rate(person, [2024], grade="excellent")

    answer = next(a for a in title_eligibility(year=2024, person=person) if a.title == target)

    assert answer.is_eligible
    assert [a.letter for a in answer.alternatives] == ["a", "b"]
    assert [a.is_met for a in answer.alternatives] == [False, True]
