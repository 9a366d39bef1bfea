"""Load the emulation titles catalogue of the Law on Emulation and Commendation 2022.

Reference data needed in production. Rules are rows an administrator may edit later: where
the law leaves room (initiative windows, quotas, thresholds) the values here are the
sector's current practice and are configurable, not fixed in code.
"""

from django.db import migrations

# code, name, English name, recipient, level, order, council vote threshold, quota
TITLES = [
    ("advanced_worker", "Lao động tiên tiến", "Advanced Worker",
     "individual", "grassroots", 10, "70", None),
    ("grassroots_emulation_fighter", "Chiến sĩ thi đua cơ sở", "Grassroots Emulation Fighter",
     "individual", "grassroots", 20, "70", ("15", "advanced_worker")),
    ("ministry_emulation_fighter", "Chiến sĩ thi đua cấp Bộ", "Ministry-level Emulation Fighter",
     "individual", "ministry", 30, "90", None),
    ("national_emulation_fighter", "Chiến sĩ thi đua toàn quốc", "National Emulation Fighter",
     "individual", "national", 40, "90", None),
    ("advanced_labour_collective", "Tập thể lao động tiên tiến", "Advanced Labour Collective",
     "collective", "grassroots", 50, "70", None),
    ("excellent_labour_collective", "Tập thể lao động xuất sắc", "Excellent Labour Collective",
     "collective", "ministry", 60, "70", None),
    ("ministry_emulation_flag", "Cờ thi đua của Bộ Tư pháp",
     "Emulation Flag of the Ministry of Justice", "collective", "ministry", 70, "70", None),
    ("government_emulation_flag", "Cờ thi đua của Chính phủ", "Government Emulation Flag",
     "collective", "national", 80, "70", None),
]

# title code -> rules: dicts of TitleRule fields, with required_title given by code
RULES = {
    "advanced_worker": [
        {
            "kind": "dossier_check",
            "note": "Hoàn thành tốt nhiệm vụ được giao; chấp hành tốt chủ trương, chính sách, "
            "pháp luật; có tinh thần tự lực, đoàn kết, tương trợ.",
            "note_en": "Completes the assigned tasks well; abides by policy and law; "
            "self-reliant and supportive of colleagues.",
        },
    ],
    "grassroots_emulation_fighter": [
        {"kind": "same_year_title", "required_title": "advanced_worker"},
        {"kind": "initiative", "initiative_level": "grassroots", "count": 1},
    ],
    "ministry_emulation_fighter": [
        {
            "kind": "consecutive_titles",
            "required_title": "grassroots_emulation_fighter",
            "count": 3,
            "every_years": 1,
        },
        {"kind": "initiative", "initiative_level": "ministry", "count": 3},
    ],
    "national_emulation_fighter": [
        {
            "kind": "consecutive_titles",
            "required_title": "ministry_emulation_fighter",
            "count": 2,
            "every_years": 3,
        },
        {"kind": "initiative", "initiative_level": "national", "count": 6},
    ],
    "advanced_labour_collective": [
        {
            "kind": "member_share",
            "required_title": "advanced_worker",
            "share_percent": "50",
            "share_strict": True,
        },
        {
            "kind": "dossier_check",
            "note": "Hoàn thành tốt nhiệm vụ và kế hoạch được giao; không có cá nhân bị kỷ luật "
            "từ hình thức cảnh cáo trở lên.",
            "note_en": "Completes its tasks and plan well; no member disciplined with a "
            "reprimand or heavier.",
        },
    ],
    "excellent_labour_collective": [
        {
            "kind": "member_share",
            "required_title": "advanced_worker",
            "share_percent": "70",
            "share_strict": False,
        },
        {"kind": "member_count", "required_title": "grassroots_emulation_fighter", "count": 1},
        {
            "kind": "dossier_check",
            "note": "100% cá nhân trong tập thể hoàn thành nhiệm vụ được giao; không có cá nhân "
            "bị kỷ luật từ hình thức cảnh cáo trở lên.",
            "note_en": "Every member completes the assigned tasks; no member disciplined with "
            "a reprimand or heavier.",
        },
    ],
    "ministry_emulation_flag": [
        {"kind": "leads_cluster"},
        {
            "kind": "dossier_check",
            "note": "Tập thể tiêu biểu xuất sắc, được cụm, khối thi đua suy tôn dẫn đầu; nội bộ "
            "đoàn kết.",
            "note_en": "An outstanding collective, acclaimed by its cluster as the leader; "
            "united within.",
        },
    ],
    "government_emulation_flag": [
        {"kind": "same_year_title", "required_title": "ministry_emulation_flag"},
        {
            "kind": "dossier_check",
            "note": "Tiêu biểu xuất sắc trong số các tập thể được tặng Cờ thi đua của Bộ Tư pháp.",
            "note_en": "The most outstanding among the holders of the Ministry of Justice's "
            "emulation flag.",
        },
    ],
}


def load_catalogue(apps, schema_editor):
    Title = apps.get_model("emulation", "Title")
    TitleRule = apps.get_model("emulation", "TitleRule")
    titles = {}
    for code, name, name_en, recipient, level, order, threshold, _quota in TITLES:
        titles[code], _created = Title.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "recipient": recipient,
                "level": level,
                "order": order,
                "council_vote_threshold": threshold,
            },
        )
    for code, *_rest, quota in TITLES:
        if quota is not None:
            percent, base = quota
            title = titles[code]
            title.quota_percent = percent
            title.quota_of = titles[base]
            title.save()
    for code, rules in RULES.items():
        title = titles[code]
        if TitleRule.objects.filter(title=title).exists():
            continue
        for rule in rules:
            fields = dict(rule)
            if "required_title" in fields:
                fields["required_title"] = titles[fields["required_title"]]
            TitleRule.objects.create(title=title, **fields)


def unload_catalogue(apps, schema_editor):
    Title = apps.get_model("emulation", "Title")
    TitleRule = apps.get_model("emulation", "TitleRule")
    codes = [code for code, *_rest in TITLES]
    TitleRule.objects.filter(title__code__in=codes).delete()
    Title.objects.filter(code__in=codes).update(quota_of=None, quota_percent=None)
    Title.objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("emulation", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_catalogue, unload_catalogue),
    ]
