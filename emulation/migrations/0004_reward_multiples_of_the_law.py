"""Load the rewards of the titles and the base salaries they are multiples of.

Reference data needed in production; an administrator changes it in the admin when a decree
changes it. Reward money of emulation titles: Decree 98/2023/NĐ-CP, Art. 54 (the same
multiples are kept by Decree 152/2025/NĐ-CP from 01/07/2025): each title's multiple of the
base salary, and whether the law gives a certificate (Bằng chứng nhận), a flag (cờ) or the
money only — "Lao động tiên tiến" and "Tập thể lao động tiên tiến" get the money only.
Base salaries: Decree 24/2023/NĐ-CP (1.800.000 đồng from 01/07/2023) and Decree
73/2024/NĐ-CP (2.340.000 đồng from 01/07/2024).
"""

import datetime

from django.db import migrations

ART_54 = "Nghị định 98/2023/NĐ-CP, Điều 54"

# title code -> (multiple of the base salary, what is handed over, legal basis)
REWARDS = {
    # Khoản 1 (cá nhân).
    "advanced_worker": ("0.3", "nothing", ART_54 + ", khoản 1 điểm d"),
    "grassroots_emulation_fighter": ("1.0", "certificate", ART_54 + ", khoản 1 điểm c"),
    "ministry_emulation_fighter": ("3.0", "certificate", ART_54 + ", khoản 1 điểm b"),
    "national_emulation_fighter": ("4.5", "certificate", ART_54 + ", khoản 1 điểm a"),
    # Khoản 2 (tập thể).
    "excellent_labour_collective": ("1.5", "certificate", ART_54 + ", khoản 2"),
    "advanced_labour_collective": ("0.8", "nothing", ART_54 + ", khoản 2"),
    "ministry_emulation_flag": ("8.0", "flag", ART_54 + ", khoản 2"),
    "government_emulation_flag": ("12.0", "flag", ART_54 + ", khoản 2"),
}

# in force from, amount in đồng, legal basis
BASE_SALARIES = [
    (datetime.date(2023, 7, 1), 1_800_000, "Nghị định 24/2023/NĐ-CP"),
    (datetime.date(2024, 7, 1), 2_340_000, "Nghị định 73/2024/NĐ-CP"),
]


def load_rewards(apps, schema_editor):
    Title = apps.get_model("emulation", "Title")
    BaseSalary = apps.get_model("emulation", "BaseSalary")
    for code, (multiple, item, basis) in REWARDS.items():
        Title.objects.filter(code=code).update(
            reward_multiple=multiple, physical_item=item, reward_basis=basis
        )
    for valid_from, amount, basis in BASE_SALARIES:
        BaseSalary.objects.get_or_create(
            valid_from=valid_from, defaults={"amount": amount, "legal_basis": basis}
        )


def unload_rewards(apps, schema_editor):
    Title = apps.get_model("emulation", "Title")
    BaseSalary = apps.get_model("emulation", "BaseSalary")
    Title.objects.filter(code__in=list(REWARDS)).update(
        reward_multiple=0, physical_item="certificate", reward_basis=""
    )
    BaseSalary.objects.filter(valid_from__in=[row[0] for row in BASE_SALARIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("emulation", "0003_reward_multiples")]

    operations = [migrations.RunPython(load_rewards, unload_rewards)]
