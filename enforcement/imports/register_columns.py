"""The columns of the intake register (sổ thụ lý) as the offices head them.

One place for the register's layout: the import reads a file by these headers (or an alias,
in any order), the export writes them in this order. A header is matched by ``header_key``:
no diacritics, no case, and without the parenthesised note of what the cell holds, so that
"Bản án, quyết định (số; ngày; cơ quan ban hành)" and "Bản án, quyết định" are one column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from enforcement.register.vocabulary import StatusColumn
from organizations.imports.values import fold


@dataclass(frozen=True)
class RegisterColumn:
    """One column of the register: its key, its header as printed, the other spellings."""

    key: str
    header: str
    aliases: tuple[str, ...] = ()
    help: str | Promise = ""
    example: str = ""
    required: bool = False

    def spellings(self) -> set[str]:
        """Return the header keys a file's header may have for this column."""
        return {header_key(self.key), header_key(self.header), *map(header_key, self.aliases)}


# The keys, named once: the import and the export refer to them.
UNIT = "unit"
ORDER = "order"
ACCEPTED_ON = "accepted_on"
JUDGMENTS = "judgments"
DEBTORS = "debtors"
CREDITORS = "creditors"
ENTRUSTED_OUT = "entrusted_out"
ENTRUSTED_IN = "entrusted_in"
DECISION = "decision"
# The status columns are the register's vocabulary (``StatusColumn``), named here too.
NOT_ELIGIBLE = StatusColumn.NOT_ELIGIBLE
WITHDRAWN = StatusColumn.WITHDRAWN
POSTPONED = StatusColumn.POSTPONED
RESUMED_AFTER_POSTPONEMENT = StatusColumn.RESUMED_AFTER_POSTPONEMENT
SUSPENDED = StatusColumn.SUSPENDED
RESUMED_AFTER_SUSPENSION = StatusColumn.RESUMED_AFTER_SUSPENSION
TERMINATED = StatusColumn.TERMINATED
COMPLETED = StatusColumn.COMPLETED
NOTES = "notes"

# The status columns, in the order a case moves through them.
STATUS_KEYS = StatusColumn.ORDER

_STATUS_HELP = _("The decision (số; ngày) when it happened, or only its date; empty if none.")

# In the order a register prints them. The unit column is the system's own addition: a
# register belongs to one office, so it is left out of a printed register and picked on the
# upload form instead.
REGISTER_COLUMNS: tuple[RegisterColumn, ...] = (
    RegisterColumn(
        UNIT,
        "Đơn vị",
        aliases=("Đơn vị thụ lý", "Phòng THADS khu vực", "Cơ quan thi hành án"),
        help=_(
            "Optional: code or exact name of the handling office, one of your units; left out, "
            "the office chosen on the upload form."
        ),
        example="THADS-NA-KV7",
    ),
    RegisterColumn(
        ORDER,
        "STT",
        aliases=("Số thứ tự", "TT", "Số TT"),
        help=_("The row's number in the register; kept as written, not imported."),
        example="1",
    ),
    RegisterColumn(
        ACCEPTED_ON,
        "Ngày thụ lý",
        aliases=("STT; Ngày thụ lý", "Ngày, tháng, năm thụ lý", "Thụ lý ngày"),
        help=_("dd/mm/yyyy, dd-mm-yyyy or yyyy-mm-dd (a time after it is ignored)."),
        example="14-10-2025",
        required=True,
    ),
    RegisterColumn(
        JUDGMENTS,
        "Bản án, quyết định (số; ngày; cơ quan ban hành)",
        aliases=("Bản án, quyết định", "Bản án, QĐ", "BA, QĐ", "Bản án"),
        help=_(
            "The judgment or court decision: number, date and court; a first-instance and an "
            "appeal judgment joined by “&”."
        ),
        example="Bản án số: 07/2025/DS-ST ngày 15/08/2025 - TAND KV7 - NA",
        required=True,
    ),
    RegisterColumn(
        DEBTORS,
        "Người phải thi hành (tên; địa chỉ)",
        aliases=("Người phải thi hành", "Người phải thi hành án", "Người phải THA"),
        help=_(
            "The debtors: persons after their honorific (Ông, Bà, Anh, Chị), organisations by "
            "name, joined by “-”; then “Đ/c:” and the address."
        ),
        example="Ông Hoàng Đình Lâm - Bà Nguyễn Thị Thuý; Đ/c: Xã Tân Kỳ, tỉnh Nghệ An",
        required=True,
    ),
    RegisterColumn(
        CREDITORS,
        "Người được thi hành (tên; địa chỉ)",
        aliases=("Người được thi hành", "Người được thi hành án", "Người được THA"),
        help=_(
            "The creditors as the debtors are written; empty, or the agency's name, when the "
            "agency itself collects (court fees, fines)."
        ),
        example="Bà Trần Thị Hoa; Đ/c: Xã Đô Lương, tỉnh Nghệ An",
    ),
    RegisterColumn(
        ENTRUSTED_OUT,
        "QĐ ủy thác đi (số; ngày; số tiền; nơi)",
        aliases=("QĐ ủy thác đi", "Quyết định ủy thác đi", "Ủy thác đi"),
        help=_(
            "The decision entrusting the case to another agency: number, date, and the "
            "agency after “cho” or “đến”."
        ),
        example="Số: 12/QĐ-THADS ngày 20/11/2025 ủy thác cho Thi hành án dân sự tỉnh Hà Tĩnh",
    ),
    RegisterColumn(
        ENTRUSTED_IN,
        "QĐ ủy thác đến (số; ngày; số tiền; nơi)",
        aliases=("QĐ ủy thác đến", "Quyết định ủy thác đến", "Ủy thác đến", "Nhận ủy thác"),
        help=_(
            "The decision by which another agency entrusted the case to this one: number, "
            "date, and the sending agency after “của”."
        ),
        example="Số: 08/QĐ-THADS ngày 01/10/2025 của Thi hành án dân sự tỉnh Hà Tĩnh",
    ),
    RegisterColumn(
        DECISION,
        "QĐ thi hành án (số; ngày; số tiền)",
        aliases=("QĐ thi hành án", "Quyết định thi hành án", "QĐ THA", "Số QĐ THA"),
        help=_(
            "The enforcement decision: number and date first, then what it orders (amounts "
            "in đồng, monthly amounts with their months, land or property with its quantity)."
        ),
        example="Số: 46/QĐ-THADS ngày 05/10/2025 APDSST: 150.000đ",
        required=True,
    ),
    RegisterColumn(
        NOT_ELIGIBLE,
        "QĐ chưa có điều kiện",
        aliases=(
            "QĐ về việc chưa có điều kiện thi hành án",
            "QĐ chưa có điều kiện thi hành",
            "Chưa có điều kiện",
        ),
        help=_STATUS_HELP,
    ),
    RegisterColumn(
        WITHDRAWN,
        "QĐ rút",
        aliases=("QĐ rút QĐ thi hành án", "QĐ thu hồi", "QĐ thu hồi, hủy", "Rút"),
        help=_STATUS_HELP,
    ),
    RegisterColumn(
        POSTPONED,
        "QĐ hoãn",
        aliases=("QĐ hoãn thi hành án", "Hoãn"),
        help=_STATUS_HELP,
    ),
    RegisterColumn(
        RESUMED_AFTER_POSTPONEMENT,
        "QĐ tiếp tục sau hoãn",
        aliases=("QĐ tiếp tục thi hành án sau hoãn", "Tiếp tục sau hoãn"),
        help=_STATUS_HELP,
    ),
    RegisterColumn(
        SUSPENDED,
        "QĐ tạm đình chỉ",
        aliases=("QĐ tạm đình chỉ thi hành án", "Tạm đình chỉ"),
        help=_STATUS_HELP,
    ),
    RegisterColumn(
        RESUMED_AFTER_SUSPENSION,
        "QĐ tiếp tục sau tạm đình chỉ",
        aliases=("QĐ tiếp tục thi hành án sau tạm đình chỉ", "Tiếp tục sau tạm đình chỉ"),
        help=_STATUS_HELP,
    ),
    RegisterColumn(
        TERMINATED,
        "QĐ đình chỉ",
        aliases=("QĐ đình chỉ thi hành án", "Đình chỉ"),
        help=_STATUS_HELP,
    ),
    RegisterColumn(
        COMPLETED,
        "Đã thi hành xong",
        aliases=("Thi hành xong", "Đã thi hành xong (ngày)"),
        help=_STATUS_HELP,
    ),
    RegisterColumn(
        NOTES,
        "Ghi chú",
        help=_(
            "“QĐ thi hành án theo yêu cầu” for a decision made on request; empty (or other "
            "remarks) for one made proactively."
        ),
        example="QĐ thi hành án theo yêu cầu",
    ),
)

COLUMN_BY_KEY = {column.key: column for column in REGISTER_COLUMNS}

_NOTE = re.compile(r"\([^)]*\)")
_SPACES = re.compile(r"\s+")
_EDGES = " :;,.-–"


def header_key(header: object) -> str:
    """Return the key a header is matched by: folded, without its parenthesised note."""
    return _SPACES.sub(" ", _NOTE.sub(" ", fold(header))).replace(" ,", ",").strip(_EDGES)


_BY_SPELLING = {spelling: column for column in REGISTER_COLUMNS for spelling in column.spellings()}


def column_for(header: object) -> RegisterColumn | None:
    """Return the register column a file's header names, or None."""
    return _BY_SPELLING.get(header_key(header))
