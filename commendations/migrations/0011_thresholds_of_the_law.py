"""Set the councils' ballot rules the law fixes: secret ballot and 90 % for emulation fighters.

Reference data an administrator may change later on the title's page. The rule (secret
ballot of the ministry's council, 90 % of all its members in favour, absent members giving
their opinion in writing) is clause 8 of Article 45 of Decree 91/2017/NĐ-CP detailing the Law
on Emulation and Commendation; the decrees detailing the Law of 2022 (98/2023/NĐ-CP, then
152/2025/NĐ-CP) keep it. Nominations already before a council and not yet voted on take the
secret ballot of their title.
"""

from django.db import migrations

SECRET_BALLOT_BASIS = (
    "Khoản 8 Điều 45 Nghị định 91/2017/NĐ-CP (quy định tiếp tục được áp dụng theo các nghị "
    "định hướng dẫn Luật Thi đua, khen thưởng năm 2022: Nghị định 98/2023/NĐ-CP, Nghị định "
    "152/2025/NĐ-CP): khi xét danh hiệu “Chiến sĩ thi đua cấp bộ”, “Chiến sĩ thi đua toàn "
    "quốc”, Hội đồng thi đua, khen thưởng phải họp và bỏ phiếu kín; tỷ lệ phiếu đồng ý từ 90% "
    "trở lên tính trên tổng số thành viên Hội đồng (thành viên vắng mặt cho ý kiến bằng văn bản)."
)

# title code -> vote threshold (%) under a secret ballot
SECRET_BALLOT_TITLES = {
    "ministry_emulation_fighter": "90",
    "national_emulation_fighter": "90",
}


def apply_thresholds(apps, schema_editor):
    Title = apps.get_model("emulation", "Title")
    Nomination = apps.get_model("commendations", "Nomination")
    for code, threshold in SECRET_BALLOT_TITLES.items():
        Title.objects.filter(code=code).update(
            secret_ballot=True, council_vote_threshold=threshold, council_basis=SECRET_BALLOT_BASIS
        )
    Nomination.objects.filter(
        status="council_vote",
        proposed_title__code__in=list(SECRET_BALLOT_TITLES),
        votes__isnull=True,
    ).update(secret_ballot=True)


def remove_thresholds(apps, schema_editor):
    Title = apps.get_model("emulation", "Title")
    Nomination = apps.get_model("commendations", "Nomination")
    Title.objects.filter(code__in=list(SECRET_BALLOT_TITLES)).update(
        secret_ballot=False, council_basis=""
    )
    Nomination.objects.filter(secret_ballot=True).update(secret_ballot=False)


class Migration(migrations.Migration):
    dependencies = [
        ("commendations", "0010_commendation_types_and_secret_ballot"),
        ("emulation", "0007_council_thresholds"),
    ]

    operations = [migrations.RunPython(apply_thresholds, remove_thresholds)]
