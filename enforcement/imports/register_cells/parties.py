"""The party cells: the debtors or the creditors of a decision, and their address.

``Ông Hoàng Đình Lâm - Bà Nguyễn Thị Thuý; Đ/c: Xã Tân Kỳ, tỉnh Nghệ An``: each person is
named after an honorific (kept apart: a person), an organisation by what it is (a company,
a bank, the enforcement agency itself for court fees). A name written without an honorific
is a person's when it reads as one: two to seven capitalised words of letters led by a
Vietnamese family name (Nguyễn Văn An). A name that is neither is refused: whether it is a
person or an organisation is not guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from enforcement.imports.register_cells.values import RegisterCellError
from organizations.imports.values import clean_text, fold


class PartyKind:
    """Whether a party is a person or an organisation (the codes the later import maps)."""

    PERSON = "person"
    ORGANISATION = "organisation"


# Honorifics of persons, as written; folded for matching.
HONORIFICS = ("Ông", "Bà", "Anh", "Chị", "Cháu")
# How an organisation's name begins, folded (no diacritics, lower case).
ORGANISATION_WORDS = (
    "cong ty",
    "tong cong ty",
    "ngan hang",
    "quy tin dung",
    "hop tac xa",
    "doanh nghiep",
    "chi nhanh",
    "chi cuc",
    "cuc",
    "thi hanh an",
    "co quan",
    "phong thi hanh an",
    "ngan sach",
    "nha nuoc",
    "uy ban",
    "ubnd",
    "toa an",
    "vien kiem sat",
    "tand",
    "thads",
    "truong",
    "benh vien",
    "ban quan ly",
    "cong an",
)
# Vietnamese family names (họ), folded: a name led by one of them, written without an
# honorific, is a person's. The names most borne cover nearly everyone; a rarer one, or one
# that is also a common word of a name (Văn, Kim, Sơn), is written with its honorific.
FAMILY_NAMES = frozenset(
    fold(name)
    for name in (  # noqa: SIM905 - read as the list of names it is
        "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn "
        "Vương Trịnh Trương Lâm Phùng Mai Tô Hà Tạ Lưu Lương Cao Chu Châu Đinh Đàm Kiều La "
        "Lại Lục Mạc Mã Nghiêm Ninh Nông Quách Tăng Thái Thân Tiêu Tống Triệu Từ Vi Viên "
        "Doãn Diệp Hứa Khúc Khương Lò Lữ Lã Mẫn Nhan Phí Phó Quản Sầm Thạch Thiều Tôn "
        "Trình Ung Âu Bạch Bế Cù Cấn Chử Diêm Dư Đồng Giáp Hàn Hầu Kha Khổng Liễu Lỗ Mông "
        "Nhữ Quế Sái Tất Thang Tòng Tưởng Ứng Vy"
    ).split()
)
_PLAIN_WORD = re.compile(r"^[^\W\d_]+$")
_ADDRESS = re.compile(r"[;,]?\s*(?:Đ/c|ĐC|Địa chỉ|Trú tại|Trụ sở)\s*:?\s*", re.IGNORECASE)
_GOES_ON = re.compile(r"(?:[-–,;&]|\svà|(?:Đ/c|ĐC|Địa chỉ|Trú tại|Trụ sở)\s*:?)$", re.IGNORECASE)
_FOLDED_HONORIFICS = {fold(word): word for word in HONORIFICS}
_PERSON = re.compile(
    r"^(?P<honorific>" + "|".join(HONORIFICS) + r")\s*:?\s+(?P<name>\S.*)$", re.IGNORECASE
)
# Persons are joined by " - ", "," or " và "; only where a person's honorific follows.
_JOIN = re.compile(
    r"\s*(?:\s-\s|–|,|;|\svà\s)\s*(?=(?:" + "|".join(HONORIFICS) + r")\s)", re.IGNORECASE
)


@dataclass(frozen=True)
class PartyRef:
    """A debtor or a creditor as the register names it."""

    name: str
    kind: str
    # The honorific a person is named with (Ông, Bà …), empty for an organisation.
    honorific: str = ""


@dataclass(frozen=True)
class PartyCell:
    """The parties of a cell and the address written for them (empty if none).

    Parties at different addresses are written one group a line, each with its own address
    (``addresses``, one per party, then differs from the one ``address``: the first's).
    """

    parties: tuple[PartyRef, ...]
    address: str = ""
    addresses: tuple[str, ...] = ()

    def party_addresses(self) -> tuple[str, ...]:
        """Return the address of each party, in the order of ``parties``."""
        return self.addresses or (self.address,) * len(self.parties)


def read_party_cell(value: object) -> PartyCell:
    """Read a party cell: names (persons with their honorific, organisations), address.

    A cell of several lines, each a group of parties with its own address ("Ông A; Đ/c: X"
    on one line, "Bà B; Đ/c: Y" on the next), gives each party its group's address.
    """
    groups = _address_groups("" if value is None else str(value))
    if len(groups) == 1:
        return _read_group(groups[0], cell=clean_text(value))
    cell = clean_text(value)
    read = [_read_group(group, cell=cell) for group in groups]
    return PartyCell(
        parties=tuple(party for group in read for party in group.parties),
        address=read[0].address,
        addresses=tuple(group.address for group in read for _party in group.parties),
    )


def _address_groups(text: str) -> list[str]:
    """Split a cell into its lines, each a group of parties with its address; a line that
    continues the previous one (an address written over two lines, names that go on after
    " - ") stays with it."""
    groups: list[str] = []
    for line in text.splitlines():
        line = clean_text(line)
        if not line:
            continue
        if groups and _starts_party(line) and not _continues(groups[-1]):
            groups.append(line)
        elif groups:
            groups[-1] = f"{groups[-1]} {line}"
        else:
            groups.append(line)
    return groups or [""]


def _continues(previous: str) -> bool:
    # A line that ends on a joining mark, or with the address label still empty, goes on.
    return bool(_GOES_ON.search(previous))


def _starts_party(line: str) -> bool:
    # A name without an honorific begins a group only with its own address: streets are
    # named after people ("Số 5 đường" then "Lê Lợi, phường Vinh" is one address).
    first = line.split(" - ")[0].split(";")[0].split(",")[0].strip()
    folded = fold(first)
    return bool(
        _PERSON.match(first)
        or any(folded == word or folded.startswith(f"{word} ") for word in ORGANISATION_WORDS)
        or (_reads_as_person(first) and _ADDRESS.search(line))
    )


def _read_group(text: str, *, cell: str) -> PartyCell:
    """Read one group of parties with at most one address; ``cell`` names the whole cell."""
    if not text:
        raise RegisterCellError(cell, _("expected the names of the parties"))
    pieces = _ADDRESS.split(text)
    if len(pieces) > 2:
        raise RegisterCellError(
            cell,
            _(
                "several addresses on one line: expected one address for the parties, or each "
                "party with its own address on a line of its own in the cell"
            ),
        )
    names, address = pieces[0].strip(" ;,-"), (pieces[1].strip(" ;,.") if len(pieces) > 1 else "")
    if not names:
        raise RegisterCellError(cell, _("an address without the names of the parties"))
    if len(pieces) > 1 and not address:
        raise RegisterCellError(cell, _("an address label without the address"))
    parties = tuple(_party(part.strip(" ;,-"), cell=cell) for part in _JOIN.split(names))
    return PartyCell(parties=parties, address=address)


def _party(text: str, *, cell: str) -> PartyRef:
    person = _PERSON.match(text)
    if person is not None:
        name = person.group("name").strip(" ;,-")
        if not name or any(character.isdigit() for character in name):
            raise RegisterCellError(cell, _("“%(name)s” is not a person's name") % {"name": text})
        honorific = _FOLDED_HONORIFICS[fold(person.group("honorific"))]
        return PartyRef(name=name, kind=PartyKind.PERSON, honorific=honorific)
    folded = fold(text)
    if any(folded == word or folded.startswith(f"{word} ") for word in ORGANISATION_WORDS):
        return PartyRef(name=text, kind=PartyKind.ORGANISATION)
    if _reads_as_person(text):
        return PartyRef(name=text, kind=PartyKind.PERSON)
    raise RegisterCellError(
        cell,
        _(
            "“%(name)s”: expected a person named after an honorific (%(honorifics)s), or an "
            "organisation (a company, a bank, an agency)"
        )
        % {"name": text, "honorifics": ", ".join(HONORIFICS)},
    )


def _reads_as_person(text: str) -> bool:
    """Tell whether a name without an honorific is a person's: "Nguyễn Văn An"."""
    words = text.split()
    return (
        2 <= len(words) <= 7
        and all(_PLAIN_WORD.match(word) and word[0].isupper() for word in words)
        and fold(words[0]) in FAMILY_NAMES
    )
