"""Seed the catalogue of legal grounds from the Law on Civil Judgment Enforcement.

Sources (read December 2026; the text of Luật Thi hành án dân sự 2008, amended 2014, as
quoted by):
- Art. 44a.1 a–c: vksbentre.gov.vn/index.php/hi-a-ap-phap-lut/1252-2016-08-18-01-59-20 and
  luatnamson.com/quy-dinh-ve-xac-dinh-viec-chua-co-dieu-kien-thi-hanh-an-nam-2024/
- Art. 48.1 a–h and 48.2: chuyentuvanluat.com/bieu-mau/mau-don-yeu-cau-hoan-thi-hanh-an-dan-su,
  htdlawfirm.com/trong-truong-hop-nao-thi-duoc-hoan-thi-hanh-an/ and
  lenguyenlawoffice.com/en/postponement-of-judgment-enforcement/ (points d–h, in English);
  48.2 as worded before 2014 on thuvienphapluat.vn (hoi-dap-phap-luat/3876).
- Art. 49.1, 49.2: thuvienphapluat.vn (phap-luat/thu-tuc-tam-dinh-chi-thi-hanh-an-dan-su…).
- Art. 50.1 a–c: lsvn.vn/mot-so-van-de-phap-ly-lien-quan-den-dinh-chi-thi-hanh-an-dan-su…
  and thads.moj.gov.vn (nghiencuutraodoi, itemid=900). Points d–h of Art. 50.1 were not
  found in the sources read; they are seeded as the 2014 text is generally cited, for
  administrators to check.

Grounds of Art. 44a count the case as not yet eligible (line 7 of the official table);
postponement, suspension and termination grounds as eligible (lines 10 and 12).
"""

from django.db import migrations

LAW = "Luật Thi hành án dân sự 2008 (sửa đổi, bổ sung năm 2014, 2018, 2020, 2022)"

# (code, provision, description, action, classification)
GROUNDS = [
    (
        "44a.1.a",
        "điểm a khoản 1 Điều 44a",
        "Người phải thi hành án không có thu nhập hoặc thu nhập chỉ bảo đảm cuộc sống tối "
        "thiểu và không có tài sản, hoặc tài sản chỉ đủ chi phí cưỡng chế hoặc không được kê "
        "biên, xử lý để thi hành án",
        "not_eligible",
        "not_eligible",
    ),
    (
        "44a.1.b",
        "điểm b khoản 1 Điều 44a",
        "Phải trả vật đặc định nhưng vật không còn hoặc hư hỏng đến mức không thể sử dụng; "
        "phải trả giấy tờ nhưng không thể thu hồi, không thể cấp lại",
        "not_eligible",
        "not_eligible",
    ),
    (
        "44a.1.c",
        "điểm c khoản 1 Điều 44a",
        "Chưa xác định được địa chỉ, nơi cư trú của người phải thi hành án, người chưa thành "
        "niên được giao cho người khác nuôi dưỡng",
        "not_eligible",
        "not_eligible",
    ),
    (
        "48.1.a",
        "điểm a khoản 1 Điều 48",
        "Người phải thi hành án bị ốm nặng, có xác nhận của cơ sở y tế từ cấp huyện trở lên; "
        "bị mất hoặc bị hạn chế năng lực hành vi dân sự theo quyết định của Tòa án",
        "postponement",
        "eligible",
    ),
    (
        "48.1.b",
        "điểm b khoản 1 Điều 48",
        "Chưa xác định được địa chỉ của người phải thi hành án hoặc vì lý do chính đáng khác "
        "mà người phải thi hành án không thể tự mình thực hiện nghĩa vụ",
        "postponement",
        "eligible",
    ),
    (
        "48.1.c",
        "điểm c khoản 1 Điều 48",
        "Đương sự đồng ý hoãn thi hành án bằng văn bản, ghi rõ thời hạn hoãn",
        "postponement",
        "eligible",
    ),
    (
        "48.1.d",
        "điểm d khoản 1 Điều 48",
        "Tài sản để thi hành án đã được Tòa án thụ lý để giải quyết (Điều 74, 75); tài sản kê "
        "biên sau khi giảm giá không đủ chi phí và nghĩa vụ được bảo đảm (Điều 90)",
        "postponement",
        "eligible",
    ),
    (
        "48.1.đ",
        "điểm đ khoản 1 Điều 48",
        "Đang trong thời hạn cơ quan có thẩm quyền giải thích bản án, quyết định và trả lời "
        "kiến nghị của cơ quan thi hành án dân sự",
        "postponement",
        "eligible",
    ),
    (
        "48.1.e",
        "điểm e khoản 1 Điều 48",
        "Người được nhận tài sản, người được giao nuôi dưỡng đã được thông báo hợp lệ 02 lần "
        "mà không đến nhận",
        "postponement",
        "eligible",
    ),
    (
        "48.1.g",
        "điểm g khoản 1 Điều 48",
        "Việc chuyển giao quyền, nghĩa vụ thi hành án chưa thực hiện được vì trở ngại khách "
        "quan hoặc sự kiện bất khả kháng",
        "postponement",
        "eligible",
    ),
    (
        "48.1.h",
        "điểm h khoản 1 Điều 48",
        "Tài sản kê biên không bán được mà người được thi hành án không nhận để thi hành án "
        "(khoản 3 Điều 104)",
        "postponement",
        "eligible",
    ),
    (
        "48.2",
        "khoản 2 Điều 48",
        "Người có thẩm quyền kháng nghị yêu cầu hoãn thi hành án",
        "postponement",
        "eligible",
    ),
    (
        "49.1",
        "khoản 1 Điều 49",
        "Người có thẩm quyền kháng nghị giám đốc thẩm, tái thẩm quyết định tạm đình chỉ thi "
        "hành án",
        "suspension",
        "eligible",
    ),
    (
        "49.2",
        "khoản 2 Điều 49",
        "Tòa án thông báo đã thụ lý đơn yêu cầu mở thủ tục phá sản đối với người phải thi "
        "hành án",
        "suspension",
        "eligible",
    ),
    (
        "50.1.a",
        "điểm a khoản 1 Điều 50",
        "Người phải thi hành án chết không để lại di sản hoặc nghĩa vụ không được chuyển giao "
        "cho người thừa kế",
        "termination",
        "eligible",
    ),
    (
        "50.1.b",
        "điểm b khoản 1 Điều 50",
        "Người được thi hành án chết mà quyền, lợi ích không được chuyển giao cho người thừa "
        "kế hoặc không có người thừa kế",
        "termination",
        "eligible",
    ),
    (
        "50.1.c",
        "điểm c khoản 1 Điều 50",
        "Đương sự có thỏa thuận bằng văn bản hoặc người được thi hành án có văn bản yêu cầu "
        "đình chỉ thi hành một phần hoặc toàn bộ quyền, lợi ích được hưởng",
        "termination",
        "eligible",
    ),
    (
        "50.1.d",
        "điểm d khoản 1 Điều 50",
        "Bản án, quyết định bị hủy một phần hoặc toàn bộ",
        "termination",
        "eligible",
    ),
    (
        "50.1.đ",
        "điểm đ khoản 1 Điều 50",
        "Người phải thi hành án là tổ chức đã giải thể, không còn tài sản mà nghĩa vụ không "
        "được chuyển giao cho tổ chức khác",
        "termination",
        "eligible",
    ),
    (
        "50.1.e",
        "điểm e khoản 1 Điều 50",
        "Có quyết định miễn hoặc giảm một phần hoặc toàn bộ nghĩa vụ thi hành án",
        "termination",
        "eligible",
    ),
    (
        "50.1.g",
        "điểm g khoản 1 Điều 50",
        "Tòa án ra quyết định mở thủ tục phá sản đối với người phải thi hành án",
        "termination",
        "eligible",
    ),
    (
        "50.1.h",
        "điểm h khoản 1 Điều 50",
        "Người chưa thành niên được giao nuôi dưỡng theo bản án, quyết định đã chết hoặc đã "
        "thành niên",
        "termination",
        "eligible",
    ),
]


def seed(apps, schema_editor):
    LegalGround = apps.get_model("enforcement", "LegalGround")
    LegalGround.objects.bulk_create(
        LegalGround(
            code=code,
            provision=provision,
            law=LAW,
            description=description,
            action=action,
            classification=classification,
            order=order,
        )
        for order, (code, provision, description, action, classification) in enumerate(
            GROUNDS, start=1
        )
    )


def unseed(apps, schema_editor):
    LegalGround = apps.get_model("enforcement", "LegalGround")
    LegalGround.objects.filter(code__in=[code for code, *_rest in GROUNDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("enforcement", "0015_legal_grounds")]

    operations = [migrations.RunPython(seed, unseed)]
