"""Load the documents each award form's dossier must carry before it is submitted.

Reference data, kept by administrators afterwards. The list follows the dossier the Law on
Emulation and Commendation 2022 (Art. 84) and the justice ministry's guidance (Circular
05/2018/TT-BTP, Art. 26) describe: the proposal letter with its list, the nominee's
achievement report and the minutes of the proposing unit's council, plus a copy of the
decision recognising the initiatives where the conditions rest on them. Decree
152/2025/NĐ-CP may set the list differently; it could not be checked word for word here,
which is why it is data and not code.
"""

from django.db import migrations

# form code -> (document kind, applies to, only when initiatives are cited, note)
REQUIREMENTS = {
    "minister_certificate": [
        ("proposal_letter", "both", False, "Tờ trình đề nghị khen thưởng kèm danh sách"),
        ("achievement_report", "both", False, "Báo cáo thành tích của cá nhân, tập thể"),
        ("minutes", "both", False, "Biên bản họp Hội đồng Thi đua - Khen thưởng của đơn vị"),
    ],
    "prime_minister_certificate": [
        ("proposal_letter", "both", False, "Tờ trình đề nghị khen thưởng kèm danh sách"),
        ("achievement_report", "both", False, "Báo cáo thành tích của cá nhân, tập thể"),
        (
            "minutes",
            "both",
            False,
            "Biên bản họp kèm kết quả bỏ phiếu kín của Hội đồng Thi đua - Khen thưởng",
        ),
        (
            "initiative_recognition",
            "individuals",
            True,
            "Bản sao quyết định công nhận sáng kiến được nêu trong hồ sơ",
        ),
    ],
    "unit_head_letter": [
        ("proposal_letter", "both", False, "Tờ trình đề nghị khen thưởng kèm danh sách"),
        ("achievement_report", "both", False, "Báo cáo thành tích của cá nhân, tập thể"),
    ],
}


def load_requirements(apps, schema_editor):
    AwardForm = apps.get_model("commendations", "AwardForm")
    DossierRequirement = apps.get_model("commendations", "DossierRequirement")
    for code, rows in REQUIREMENTS.items():
        form = AwardForm.objects.filter(code=code).first()
        if form is None:
            continue
        for kind, applies_to, only_with_initiatives, note in rows:
            DossierRequirement.objects.update_or_create(
                award_form=form,
                kind=kind,
                applies_to=applies_to,
                defaults={"only_with_initiatives": only_with_initiatives, "note": note},
            )


def unload_requirements(apps, schema_editor):
    DossierRequirement = apps.get_model("commendations", "DossierRequirement")
    DossierRequirement.objects.filter(award_form__code__in=list(REQUIREMENTS)).delete()


class Migration(migrations.Migration):
    dependencies = [("commendations", "0006_dossier_requirements")]

    operations = [migrations.RunPython(load_requirements, unload_requirements)]
