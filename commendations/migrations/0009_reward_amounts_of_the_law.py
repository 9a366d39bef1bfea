"""Load the rewards of the award forms; list the recipients of decisions already recorded.

Reference data needed in production; an administrator changes it in the admin when a decree
changes it. Reward money of Certificates of Merit and Letters of Commendation: Decree
152/2025/NĐ-CP, Art. 54, khoản 1 (individuals, from 01/07/2025): the Prime Minister's
Certificate of Merit 3,5 times the base salary (điểm a; the same under Decree 91/2017), a
minister's 1,5 times (điểm b), a Letter of Commendation 0,3 times (điểm e). Collectives:
twice an individual's, as Decree 91/2017/NĐ-CP, Art. 71 had it — not confirmed against the
text of Decree 152/2025, khoản 2: kept as data for an administrator to check and correct.
All three hand over a certificate (bằng, giấy khen and its frame).

Decisions recorded before this migration get their list of recipients with the amounts
computed as the law says (Decree 98/2023/NĐ-CP, principles of reward money): the multiple
times the base salary in force on the decision's date, rounded up to ten thousand đồng.
"""

from decimal import ROUND_CEILING, Decimal

from django.db import migrations

ART_54 = "Nghị định 152/2025/NĐ-CP, Điều 54"
ROUNDING = 10_000

# form code -> (individual's multiple, collective's multiple, what is handed over, basis)
REWARDS = {
    "prime_minister_certificate": ("3.5", "7.0", "certificate", ART_54 + ", khoản 1 điểm a"),
    "minister_certificate": ("1.5", "3.0", "certificate", ART_54 + ", khoản 1 điểm b"),
    "unit_head_letter": ("0.3", "0.6", "certificate", ART_54 + ", khoản 1 điểm e"),
}


def load_rewards(apps, schema_editor):
    AwardForm = apps.get_model("commendations", "AwardForm")
    for code, (individual, collective, item, basis) in REWARDS.items():
        AwardForm.objects.filter(code=code).update(
            reward_multiple_individual=individual,
            reward_multiple_collective=collective,
            physical_item=item,
            reward_basis=basis,
        )
    _list_recipients_of_recorded_decisions(apps)


def _list_recipients_of_recorded_decisions(apps):
    Nomination = apps.get_model("commendations", "Nomination")
    DecisionLine = apps.get_model("commendations", "DecisionLine")
    BaseSalary = apps.get_model("emulation", "BaseSalary")
    decided = (
        Nomination.objects.filter(decision__isnull=False, decision_line__isnull=True)
        .select_related("decision", "person", "unit", "proposed_title", "award_form")
        .order_by("decision_id", "pk")
    )
    for nomination in decided:
        base = (
            BaseSalary.objects.filter(valid_from__lte=nomination.decision.date)
            .order_by("-valid_from")
            .first()
        )
        if base is None:
            # Before the first base salary kept here: nothing to compute the money from.
            continue
        individual = nomination.person_id is not None
        if nomination.proposed_title_id:
            awarded = nomination.proposed_title
            multiple = awarded.reward_multiple
        else:
            awarded = nomination.award_form
            multiple = (
                awarded.reward_multiple_individual
                if individual
                else awarded.reward_multiple_collective
            )
        exact = Decimal(multiple) * Decimal(base.amount) / ROUNDING
        DecisionLine.objects.create(
            decision=nomination.decision,
            nomination=nomination,
            recipient_name=nomination.person.full_name if individual else nomination.unit.name,
            award_name=awarded.name,
            physical_item=awarded.physical_item,
            reward_multiple=multiple,
            base_salary=base.amount,
            amount=int(exact.to_integral_value(rounding=ROUND_CEILING)) * ROUNDING,
        )


def unload_rewards(apps, schema_editor):
    AwardForm = apps.get_model("commendations", "AwardForm")
    AwardForm.objects.filter(code__in=list(REWARDS)).update(
        reward_multiple_individual=0,
        reward_multiple_collective=0,
        physical_item="certificate",
        reward_basis="",
    )
    # The listed recipients stay: they are the record of what the decisions granted.


class Migration(migrations.Migration):
    dependencies = [
        ("commendations", "0008_reward_amounts"),
        ("emulation", "0004_reward_multiples_of_the_law"),
    ]

    operations = [migrations.RunPython(load_rewards, unload_rewards)]
