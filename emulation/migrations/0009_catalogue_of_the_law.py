"""Correct the titles' conditions to the Law on Emulation and Commendation 2022, citing articles.

Law 06/2022/QH15 (in force from 01/01/2024), detailed by Decree 98/2023/NĐ-CP and, from
01/07/2025, by Decree 152/2025/NĐ-CP:
- Art. 21: "Chiến sĩ thi đua toàn quốc" is chosen among those with two *consecutive*
  ministry-level emulation fighter titles, with an initiative applied nationwide (the
  catalogue had them three years apart);
- Art. 22: "Chiến sĩ thi đua cấp bộ": three consecutive grassroots fighter titles and an
  initiative of ministry-wide effect;
- Art. 23: "Chiến sĩ thi đua cơ sở": the Advanced Worker standard and a recognised initiative;
- Art. 24: "Lao động tiên tiến": rated "hoàn thành tốt nhiệm vụ" or better (khoản 1 điểm a);
- Art. 25–28: the Government's and the ministry's emulation flags, the excellent and the
  advanced labour collectives.

Before this migration every rule was in alternative 1 (migration 0008), so administrators'
rules keep their meaning. A title whose rules are still exactly those shipped by the earlier
migrations gets the law's rules; a title an administrator changed keeps its rules, and the
migration says so on its output so that the change is not silent. Every rule replaced or
created is written to the rules' history with the reason.
"""

from django.db import migrations
from django.utils import timezone

REASON = "Danh mục theo Luật Thi đua, khen thưởng 2022"
LAW = "Luật Thi đua, khen thưởng 2022"
DECREES = "Nghị định 98/2023/NĐ-CP; từ 01/07/2025 Nghị định 152/2025/NĐ-CP"
LAW_EN = "Law on Emulation and Commendation 2022"

# What migrations 0002 and 0006 shipped: (alternative, kind, required title, count,
# every_years, initiative level, share, strict, lowest rating), dossier notes aside.
SHIPPED = {
    "advanced_worker": [
        (1, "dossier_check", None, None, 1, "", None, False, ""),
        (1, "quality_rating", None, 1, 1, "", None, False, "good"),
        (1, "service_months", None, 10, 1, "", None, False, ""),
    ],
    "grassroots_emulation_fighter": [
        (1, "same_year_title", "advanced_worker", None, 1, "", None, False, ""),
        (1, "initiative", None, 1, 1, "grassroots", None, False, ""),
    ],
    "ministry_emulation_fighter": [
        (1, "consecutive_titles", "grassroots_emulation_fighter", 3, 1, "", None, False, ""),
        (1, "initiative", None, 3, 1, "ministry", None, False, ""),
    ],
    "national_emulation_fighter": [
        (1, "consecutive_titles", "ministry_emulation_fighter", 2, 3, "", None, False, ""),
        (1, "initiative", None, 6, 1, "national", None, False, ""),
    ],
    "advanced_labour_collective": [
        (1, "member_share", "advanced_worker", None, 1, "", "50.00", True, ""),
        (1, "dossier_check", None, None, 1, "", None, False, ""),
    ],
    "excellent_labour_collective": [
        (1, "member_share", "advanced_worker", None, 1, "", "70.00", False, ""),
        (1, "member_count", "grassroots_emulation_fighter", 1, 1, "", None, False, ""),
        (1, "dossier_check", None, None, 1, "", None, False, ""),
    ],
    "ministry_emulation_flag": [
        (1, "leads_cluster", None, None, 1, "", None, False, ""),
        (1, "dossier_check", None, None, 1, "", None, False, ""),
    ],
    "government_emulation_flag": [
        (1, "same_year_title", "ministry_emulation_flag", None, 1, "", None, False, ""),
        (1, "dossier_check", None, None, 1, "", None, False, ""),
    ],
}


def _cite(article: str, english: str) -> dict:
    return {
        "note": f"{LAW}, {article}; {DECREES}.",
        "note_en": f"{LAW_EN}, {english}; Decree 98/2023/NĐ-CP, from 01/07/2025 Decree "
        "152/2025/NĐ-CP.",
    }


def _check(note: str, note_en: str, article: str, english: str) -> dict:
    return {
        "kind": "dossier_check",
        "note": f"{note} ({LAW}, {article}).",
        "note_en": f"{note_en} ({LAW_EN}, {english}).",
    }


# title code -> the law's rules (TitleRule fields; required_title given by code)
LAW_RULES = {
    "advanced_worker": [
        {"kind": "quality_rating", "min_rating": "good", "count": 1,
         **_cite("Điều 24 khoản 1 điểm a", "Art. 24(1)(a)")},
        {"kind": "service_months", "count": 10,
         **_cite("Điều 24 (thời gian công tác trong năm)", "Art. 24 (service in the year)")},
        _check("Chấp hành tốt chủ trương, chính sách, pháp luật; có tinh thần tự lực, đoàn kết, "
               "tương trợ, tích cực tham gia phong trào thi đua",
               "Abides by policy and law; self-reliant, united and supportive, active in the "
               "emulation movements", "Điều 24 khoản 1", "Art. 24(1)"),
    ],
    "grassroots_emulation_fighter": [
        {"kind": "same_year_title", "required_title": "advanced_worker",
         **_cite("Điều 23 khoản 1 (đạt tiêu chuẩn Lao động tiên tiến)",
                 "Art. 23(1) (meets the Advanced Worker standard)")},
        {"kind": "initiative", "initiative_level": "grassroots", "count": 1,
         **_cite("Điều 23 khoản 2 (sáng kiến được công nhận, áp dụng hiệu quả ở cơ sở)",
                 "Art. 23(2) (an initiative recognised and applied at the grassroots)")},
    ],
    "ministry_emulation_fighter": [
        {"kind": "consecutive_titles", "required_title": "grassroots_emulation_fighter",
         "count": 3, "every_years": 1,
         **_cite("Điều 22 (ba lần liên tục Chiến sĩ thi đua cơ sở)",
                 "Art. 22 (three consecutive grassroots fighter titles)")},
        {"kind": "initiative", "initiative_level": "ministry", "count": 3,
         **_cite("Điều 22 (sáng kiến có phạm vi ảnh hưởng trong Bộ)",
                 "Art. 22 (an initiative with ministry-wide effect)")},
    ],
    "national_emulation_fighter": [
        {"kind": "consecutive_titles", "required_title": "ministry_emulation_fighter",
         "count": 2, "every_years": 1,
         **_cite("Điều 21 khoản 1 (hai lần liên tục Chiến sĩ thi đua cấp bộ)",
                 "Art. 21(1) (two consecutive ministry-level fighter titles)")},
        {"kind": "initiative", "initiative_level": "national", "count": 6,
         **_cite("Điều 21 khoản 2 (sáng kiến áp dụng hiệu quả, nhân rộng trong toàn quốc)",
                 "Art. 21(2) (an initiative applied and spread nationwide)")},
    ],
    "advanced_labour_collective": [
        {"kind": "member_share", "required_title": "advanced_worker", "share_percent": "50",
         "share_strict": True,
         **_cite("Điều 28 (trên 50% cá nhân đạt Lao động tiên tiến)",
                 "Art. 28 (more than half its members Advanced Workers)")},
        _check("Hoàn thành tốt nhiệm vụ và kế hoạch được giao; không có cá nhân bị kỷ luật từ "
               "hình thức cảnh cáo trở lên", "Completes its tasks and plan well; no member "
               "disciplined with a reprimand or heavier", "Điều 28", "Art. 28"),
    ],
    "excellent_labour_collective": [
        {"kind": "member_share", "required_title": "advanced_worker", "share_percent": "70",
         "share_strict": False,
         **_cite("Điều 27 (từ 70% cá nhân đạt Lao động tiên tiến)",
                 "Art. 27 (at least 70 % of its members Advanced Workers)")},
        {"kind": "member_count", "required_title": "grassroots_emulation_fighter", "count": 1,
         **_cite("Điều 27 (có cá nhân đạt Chiến sĩ thi đua cơ sở)",
                 "Art. 27 (a member is a grassroots emulation fighter)")},
        _check("100% cá nhân trong tập thể hoàn thành nhiệm vụ được giao; không có cá nhân bị "
               "kỷ luật từ hình thức cảnh cáo trở lên", "Every member completes the assigned "
               "tasks; no member disciplined with a reprimand or heavier", "Điều 27", "Art. 27"),
    ],
    "ministry_emulation_flag": [
        {"kind": "leads_cluster", **_cite("Điều 26 (dẫn đầu cụm, khối thi đua)",
                                          "Art. 26 (leads its emulation cluster)")},
        _check("Tập thể tiêu biểu xuất sắc, được cụm, khối thi đua suy tôn dẫn đầu; nội bộ đoàn "
               "kết", "An outstanding collective, acclaimed by its cluster as the leader; "
               "united within", "Điều 26", "Art. 26"),
    ],
    "government_emulation_flag": [
        {"kind": "same_year_title", "required_title": "ministry_emulation_flag",
         **_cite("Điều 25 (tiêu biểu xuất sắc trong phong trào thi đua cấp bộ)",
                 "Art. 25 (the most outstanding in the ministry's emulation movement)")},
        _check("Tiêu biểu xuất sắc trong số các tập thể được tặng Cờ thi đua của Bộ Tư pháp",
               "The most outstanding among the holders of the Ministry of Justice's emulation "
               "flag", "Điều 25", "Art. 25"),
    ],
}  # fmt: skip

FINGERPRINT_FIELDS = (
    "alternative",
    "kind",
    "required_title__code",
    "count",
    "every_years",
    "initiative_level",
    "share_percent",
    "share_strict",
    "min_rating",
)


def _fingerprint(rules) -> list[tuple]:
    rows = []
    for row in rules.values_list(*FINGERPRINT_FIELDS):
        share = None if row[6] is None else f"{row[6]:.2f}"
        rows.append((*row[:6], share, *row[7:]))
    return sorted(rows, key=repr)


def _normalised(rules: list[tuple]) -> list[tuple]:
    return sorted(rules, key=repr)


def _law_fingerprint(rules: list[dict]) -> list[tuple]:
    rows = []
    for rule in rules:
        share = rule.get("share_percent")
        rows.append(
            (
                rule.get("alternative", 1),
                rule["kind"],
                rule.get("required_title"),
                rule.get("count"),
                rule.get("every_years", 1),
                rule.get("initiative_level", ""),
                None if share is None else f"{float(share):.2f}",
                rule.get("share_strict", False),
                rule.get("min_rating", ""),
            )
        )
    return sorted(rows, key=repr)


def _history(apps, rule, kind: str, now) -> None:
    Historical = apps.get_model("emulation", "HistoricalTitleRule")
    values = {
        field.attname: getattr(rule, field.attname) for field in rule._meta.concrete_fields
    }
    Historical.objects.create(
        **values,
        history_date=now,
        history_type=kind,
        history_change_reason=REASON,
    )


def _replace(apps, code: str, expected: list[tuple], wanted: list[dict], *, out) -> None:
    Title = apps.get_model("emulation", "Title")
    TitleRule = apps.get_model("emulation", "TitleRule")
    title = Title.objects.filter(code=code).first()
    if title is None:
        return
    current = TitleRule.objects.filter(title=title)
    if _fingerprint(current) == _law_fingerprint(wanted):
        return
    if _fingerprint(current) != _normalised(expected):
        out(
            f"emulation 0009: the rules of “{title.name}” ({code}) were changed by an "
            "administrator and are kept; compare them with the law's catalogue."
        )
        return
    now = timezone.now()
    for rule in current:
        _history(apps, rule, "-", now)
    current.delete()
    for fields in wanted:
        fields = dict(fields)
        if "required_title" in fields:
            fields["required_title"] = Title.objects.get(code=fields["required_title"])
        rule = TitleRule.objects.create(title=title, **fields)
        _history(apps, rule, "+", now)


def apply_law(apps, schema_editor):
    out = print
    for code, rules in LAW_RULES.items():
        _replace(apps, code, SHIPPED[code], rules, out=out)


def restore_shipped(apps, schema_editor):
    out = print
    TitleRule = apps.get_model("emulation", "TitleRule")
    for code, rules in LAW_RULES.items():
        current = TitleRule.objects.filter(title__code=code)
        if _fingerprint(current) != _law_fingerprint(rules):
            out(f"emulation 0009 (reverse): the rules of {code} were changed and are kept.")
            continue
        # The shipped parameters, without their notes: the earlier migrations' notes are the
        # law's own wording for the dossier checks, kept here.
        now = timezone.now()
        kept_notes = {r.kind: (r.note, r.note_en) for r in current if r.kind == "dossier_check"}
        for rule in current:
            _history(apps, rule, "-", now)
        title = current.first().title if current.exists() else None
        current.delete()
        if title is None:
            continue
        Title = apps.get_model("emulation", "Title")
        for row in SHIPPED[code]:
            alternative, kind, required, count, every, level, share, strict, rating = row
            note, note_en = kept_notes.get(kind, ("", ""))
            rule = TitleRule.objects.create(
                title=title,
                alternative=alternative,
                kind=kind,
                required_title=Title.objects.get(code=required) if required else None,
                count=count,
                every_years=every,
                initiative_level=level,
                share_percent=share,
                share_strict=strict,
                min_rating=rating,
                note=note,
                note_en=note_en,
            )
            _history(apps, rule, "+", now)


class Migration(migrations.Migration):
    dependencies = [
        ("emulation", "0008_rule_groups"),
    ]

    operations = [
        migrations.RunPython(apply_law, restore_shipped),
    ]
