"""The columns of the case file: what each holds, how it is read, what a later file may correct.

Kept apart from the import (``cases``) that checks and writes the rows, and shared with the
export (``case_export``), which writes the very headers and labels the import reads.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from enforcement.imports.common import (
    ELIGIBILITY_LABELS,
    ELIGIBILITY_LOOKUP,
    INITIATION_LABELS,
    INITIATION_LOOKUP,
    KIND_LABELS,
    KIND_LOOKUP,
    STATUS_LABELS,
    STATUS_LOOKUP,
    choice,
    past_date,
)
from organizations.imports.specs import Column
from organizations.imports.values import parse_amount, parse_text

# The facts of a case a later file may correct; its state changes only through actions.
FACTS = (
    "decision_date",
    "accepted_on",
    "judgment",
    "judgment_kind",
    "initiation",
    "debtor",
    "creditor",
    "amount_due",
    "notes",
)
STATE = ("eligibility", "status", "closed_on", "amount_recovered", "entrusted_to")
# Where a case received by entrustment came from: facts a later file may correct too.
RECEIVED = ("received_from", "received_decision_number", "received_decision_date")

CASE_COLUMNS: list[Column] = [
    Column(
        "agency",
        "Cơ quan ra quyết định",
        parse_text(255),
        example="THADS-DN",
        aliases=("issuing_agency", "Cơ quan thi hành án ra quyết định"),
        help=_(
            "Code or exact name of the provincial agency that issued the decision; "
            "left empty, the agency of the handling office."
        ),
        repeats=True,
    ),
    Column(
        "unit",
        "Đơn vị",
        parse_text(255),
        example="THADS-DN-KV1",
        aliases=("handling_office", "Đơn vị thụ lý", "Đơn vị giải quyết"),
        help=_(
            "Code or exact name of the handling office, one of your units: the agency "
            "itself or one of its regional offices; left empty, the agency."
        ),
        repeats=True,
    ),
    Column(
        "number",
        "Số quyết định THA",
        parse_text(50),
        required=True,
        example="125/QĐ-THADS",
        help=_("Unique within the issuing agency's year."),
    ),
    Column(
        "decision_date",
        "Ngày ra quyết định",
        past_date,
        required=True,
        example="15/10/2023",
        repeats=True,
    ),
    Column(
        "accepted_on",
        "Ngày thụ lý",
        past_date,
        required=True,
        example="12/10/2023",
        repeats=True,
    ),
    Column(
        "judgment",
        "Bản án, quyết định",
        parse_text(255),
        required=True,
        example="Bản án số 45/2023/DS-ST ngày 12/5/2023 của TAND quận Hải Châu",
    ),
    Column(
        "judgment_kind",
        "Loại việc",
        choice(KIND_LOOKUP),
        example="Dân sự",
        allowed=KIND_LABELS,
        help=_("Civil when left empty."),
        repeats=True,
    ),
    Column(
        "initiation",
        "Hình thức thi hành",
        choice(INITIATION_LOOKUP),
        required=True,
        example="Theo yêu cầu",
        allowed=INITIATION_LABELS,
        repeats=True,
    ),
    Column(
        "debtor", "Người phải thi hành", parse_text(255), required=True, example="Nguyễn Văn An"
    ),
    Column("creditor", "Người được thi hành", parse_text(255), example="Trần Thị Bình"),
    Column(
        "amount_due",
        "Số tiền phải thi hành",
        parse_amount,
        example="150.000.000",
        help=_("In đồng; 0 when empty."),
        repeats=True,
    ),
    Column(
        "amount_recovered",
        "Số tiền đã thi hành",
        parse_amount,
        example="50.000.000",
        help=_("In đồng; from 0 to the amount to enforce."),
        repeats=True,
    ),
    Column(
        "eligibility",
        "Điều kiện thi hành",
        choice(ELIGIBILITY_LOOKUP),
        required=True,
        example="Có điều kiện",
        allowed=ELIGIBILITY_LABELS,
        repeats=True,
    ),
    Column(
        "status",
        "Trạng thái",
        choice(STATUS_LOOKUP),
        required=True,
        example="Đang thi hành",
        allowed=STATUS_LABELS,
        repeats=True,
    ),
    Column(
        "closed_on",
        "Ngày kết thúc",
        past_date,
        help=_("Required when the status closes the case; not before the accepted date."),
        repeats=True,
    ),
    Column(
        "entrusted_to",
        "Ủy thác cho",
        parse_text(255),
        help=_("Required when the status is Ủy thác: code or exact name of the unit."),
        repeats=True,
    ),
    Column("notes", "Ghi chú", parse_text(2000)),
    Column(
        "enforcer",
        "Chấp hành viên",
        parse_text(200),
        example="CHV-0012",
        help=_(
            "Optional: staff code or exact full name of an enforcer of the row's unit; "
            "a stored case's enforcer changes through the case's action."
        ),
        repeats=True,
    ),
    # A case another agency entrusted (ủy thác đến): a newly accepted case of the
    # receiver, linked to the sender's case when that agency keeps its cases here.
    Column(
        "received_from",
        "Nhận ủy thác từ",
        parse_text(255),
        example="",
        aliases=("Cơ quan ủy thác", "Ủy thác đến từ", "Nơi ủy thác"),
        help=_(
            "Optional: for a case another enforcement agency entrusted to yours, the code "
            "or exact name of that agency, with the number and date of its decision."
        ),
        repeats=True,
    ),
    Column(
        "received_decision_number",
        "Số QĐ ủy thác",
        parse_text(50),
        aliases=("Số quyết định ủy thác", "Số QĐ ủy thác đến"),
        help=_("The number of the entrustment decision received, e.g. 12/QĐ-THADS."),
    ),
    Column(
        "received_decision_date",
        "Ngày QĐ ủy thác",
        past_date,
        aliases=("Ngày quyết định ủy thác", "Ngày QĐ ủy thác đến"),
        help=_("The date of the entrustment decision received; not after the accepted date."),
        repeats=True,
    ),
]
