"""Load the award forms of the justice sector with their rules and council vote thresholds.

Reference data needed in production. Rules are rows an administrator may edit later: the
values here are the sector's current practice under the Law on Emulation and Commendation
2022 and are configurable, not fixed in code.
"""

from django.db import migrations

# code, name, English name, recipients, level, authority, certificate title, threshold, order
FORMS = [
    ("minister_certificate", "Bằng khen của Bộ trưởng Bộ Tư pháp",
     "Certificate of Merit of the Minister of Justice", "both", "ministry",
     "Bộ trưởng Bộ Tư pháp", "Bằng khen", "70", 10),
    ("prime_minister_certificate", "Bằng khen của Thủ tướng Chính phủ",
     "Certificate of Merit of the Prime Minister", "both", "national",
     "Thủ tướng Chính phủ", "Bằng khen", "70", 20),
    ("unit_head_letter", "Giấy khen của Thủ trưởng đơn vị",
     "Letter of Commendation of the Head of Unit", "both", "grassroots",
     "Thủ trưởng đơn vị", "Giấy khen", "70", 30),
]  # fmt: skip

# form code -> rules: dicts of AwardFormRule fields; titles and forms given by code
RULES = {
    "minister_certificate": [
        {
            "applies_to": "individuals",
            "kind": "consecutive_titles",
            "required_title": "grassroots_emulation_fighter",
            "count": 2,
        },
        {
            "applies_to": "collectives",
            "kind": "dossier_check",
            "note": "Có thành tích xuất sắc, tiêu biểu trong phong trào thi đua của ngành Tư pháp; "
            "nội bộ đoàn kết, chấp hành tốt chủ trương, chính sách, pháp luật.",
            "note_en": "Outstanding, exemplary achievements in the justice sector's emulation "
            "movement; united within; abides by policy and law.",
        },
    ],
    "prime_minister_certificate": [
        {
            "applies_to": "both",
            "kind": "prior_award",
            "required_award_form": "minister_certificate",
            "count": 5,
        },
        {
            "applies_to": "individuals",
            "kind": "initiative",
            "initiative_level": "grassroots",
            "count": 5,
        },
        {
            "applies_to": "both",
            "kind": "dossier_check",
            "note": "Có thành tích xuất sắc được bình xét trong phong trào thi đua, tiêu biểu "
            "trong số các cá nhân, tập thể được tặng Bằng khen của Bộ trưởng.",
            "note_en": "Outstanding achievements in the emulation movement, exemplary among the "
            "holders of the Minister's Certificate of Merit.",
        },
    ],
    "unit_head_letter": [
        {
            "applies_to": "individuals",
            "kind": "same_year_title",
            "required_title": "advanced_worker",
        },
        {
            "applies_to": "collectives",
            "kind": "dossier_check",
            "note": "Hoàn thành tốt nhiệm vụ được giao; nội bộ đoàn kết.",
            "note_en": "Completes the assigned tasks well; united within.",
        },
    ],
}


def load_forms(apps, schema_editor):
    AwardForm = apps.get_model("commendations", "AwardForm")
    AwardFormRule = apps.get_model("commendations", "AwardFormRule")
    Title = apps.get_model("emulation", "Title")
    forms = {}
    for code, name, name_en, recipients, level, authority, heading, threshold, order in FORMS:
        forms[code], _created = AwardForm.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "recipients": recipients,
                "level": level,
                "authority": authority,
                "certificate_title": heading,
                "council_vote_threshold": threshold,
                "order": order,
            },
        )
    for code, rules in RULES.items():
        form = forms[code]
        if AwardFormRule.objects.filter(award_form=form).exists():
            continue
        for rule in rules:
            fields = dict(rule)
            if "required_title" in fields:
                fields["required_title"] = Title.objects.get(code=fields["required_title"])
            if "required_award_form" in fields:
                fields["required_award_form"] = forms[fields["required_award_form"]]
            AwardFormRule.objects.create(award_form=form, **fields)


def unload_forms(apps, schema_editor):
    AwardForm = apps.get_model("commendations", "AwardForm")
    AwardFormRule = apps.get_model("commendations", "AwardFormRule")
    codes = [code for code, *_rest in FORMS]
    AwardFormRule.objects.filter(award_form__code__in=codes).delete()
    AwardForm.objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("commendations", "0001_initial"),
        ("emulation", "0002_titles_catalogue"),
    ]

    operations = [
        migrations.RunPython(load_forms, unload_forms),
    ]
