"""Give "Lao động tiên tiến" its yearly rating and service conditions, as rules an admin edits.

Law on Emulation and Commendation 2022 (Law 06/2022/QH15), Art. 24(1)(a): the title goes to
those who complete their tasks well ("hoàn thành tốt nhiệm vụ") or better, as their yearly
quality rating records it. The ten months of service in the year are the sector's rule
(Decree 98/2023/NĐ-CP until mid-2025, Decree 152/2025/NĐ-CP after; Circular 01/2024/TT-BNV
excludes people recruited less than six months before); both are parameters of the rows.
"""

from django.db import migrations

RULES = [
    {
        "kind": "quality_rating",
        "min_rating": "good",
        "count": 1,
        "note": "Được xếp loại chất lượng từ “Hoàn thành tốt nhiệm vụ” trở lên trong năm "
        "(Luật Thi đua, khen thưởng 2022, Điều 24 khoản 1 điểm a).",
        "note_en": "Rated “completed tasks well” or better for the year (Law on Emulation and "
        "Commendation 2022, Art. 24(1)(a)).",
    },
    {
        "kind": "service_months",
        "count": 10,
        "note": "Có thời gian công tác trong năm từ 10 tháng trở lên (Nghị định 98/2023/NĐ-CP; "
        "từ năm 2025 Nghị định 152/2025/NĐ-CP).",
        "note_en": "At least ten months of service in the year (Decree 98/2023/NĐ-CP; from "
        "2025 Decree 152/2025/NĐ-CP).",
    },
]


def add_rules(apps, schema_editor):
    Title = apps.get_model("emulation", "Title")
    TitleRule = apps.get_model("emulation", "TitleRule")
    title = Title.objects.filter(code="advanced_worker").first()
    if title is None:
        return
    for rule in RULES:
        if not TitleRule.objects.filter(title=title, kind=rule["kind"]).exists():
            TitleRule.objects.create(title=title, **rule)


def remove_rules(apps, schema_editor):
    TitleRule = apps.get_model("emulation", "TitleRule")
    TitleRule.objects.filter(
        title__code="advanced_worker", kind__in=[rule["kind"] for rule in RULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("emulation", "0005_ratings_in_eligibility"),
    ]

    operations = [
        migrations.RunPython(add_rules, remove_rules),
    ]
