"""Load the two yearly result forms of Thông tư 05/2024/TT-BTP as the report's headers.

Thông tư 05/2024/TT-BTP (Chế độ báo cáo thống kê thi hành án dân sự, theo dõi thi hành án
hành chính) was signed on 10/6/2024, in force from 26/7/2024, and replaced Thông tư
06/2019/TT-BTP (thads.moj.gov.vn, "Những điểm mới của Thông tư số 05/2024/TT-BTP"). The
results are reported "tính bằng việc" and "tính bằng tiền" (the form names kept since
Thông tư 01/2013/TT-BTP, Art. 2 cl. 2 as amended by Thông tư 08/2015/TT-BTP). The form
codes below are the best finding, not confirmed against the circular's annex: they are
rows an administrator corrects in the admin, with history, not values fixed in code.
"""

import datetime

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

LEGAL_BASIS = "Ban hành kèm theo Thông tư số 05/2024/TT-BTP ngày 10/6/2024 của Bộ Tư pháp"
IN_FORCE_FROM = datetime.date(2024, 7, 26)

# measure, form code, form name
FORMS = [
    ("cases", "01/TK-THA", "Kết quả thi hành án dân sự tính bằng việc"),
    ("money", "02/TK-THA", "Kết quả thi hành án dân sự tính bằng tiền"),
]


def load_forms(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    ReportForm = apps.get_model("enforcement", "ReportForm")
    for measure, code, name in FORMS:
        ReportForm.objects.update_or_create(
            measure=measure,
            valid_from=IN_FORCE_FROM,
            defaults={"code": code, "name": name, "legal_basis": LEGAL_BASIS},
        )


def unload_forms(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    ReportForm = apps.get_model("enforcement", "ReportForm")
    ReportForm.objects.filter(valid_from=IN_FORCE_FROM, legal_basis=LEGAL_BASIS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0013_report_form_catalogue"),
    ]

    operations = [
        migrations.RunPython(load_forms, unload_forms),
    ]
