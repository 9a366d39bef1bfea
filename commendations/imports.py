"""The nominations file and the lists of commendations: import spec and exports."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from import_export import fields
from tablib import Dataset

from commendations import services
from commendations.models import AwardForm, Certificate, Decision, DecisionLine, Nomination
from commendations.selectors import DecisionList
from emulation.models import Title
from organizations.imports.exporting import DayWidget, SafeModelResource, escape_formula
from organizations.imports.specs import Column, ImportContext, ImportSpec, RowError, register
from organizations.imports.units import find_unit, unit_codes, unit_lookup
from organizations.imports.values import fold, parse_text, parse_whole
from organizations.models import ImportJob, Person, Unit


class NominationResource(SafeModelResource):
    """A unit's list of nominations, in the columns the import reads back."""

    year = fields.Field(attribute="year", column_name="Năm")
    nominating_unit = fields.Field(attribute="nominating_unit__code", column_name="Đơn vị đề nghị")
    staff_code = fields.Field(attribute="person__staff_code", column_name="Mã công chức")
    full_name = fields.Field(attribute="person__full_name", column_name="Họ và tên")
    nominee_unit = fields.Field(attribute="unit__code", column_name="Tập thể được đề nghị")
    proposal = fields.Field(column_name="Hình thức đề nghị")
    achievements = fields.Field(attribute="achievements", column_name="Thành tích")
    status = fields.Field(attribute="get_status_display", column_name="Trạng thái")

    class Meta:
        model = Nomination
        fields = (
            "year",
            "nominating_unit",
            "staff_code",
            "full_name",
            "nominee_unit",
            "proposal",
            "achievements",
            "status",
        )
        export_order = fields

    def dehydrate_proposal(self, nomination: Nomination) -> str:
        return nomination.proposal.name


class DecisionListResource(SafeModelResource):
    """The list attached to a decision: who receives what, with the certificates' serials."""

    serial = fields.Field(attribute="serial", column_name="Số vào sổ")
    recipient_name = fields.Field(attribute="recipient_name", column_name="Cá nhân, tập thể")
    recipient_details = fields.Field(attribute="recipient_details", column_name="Chức vụ, đơn vị")
    award_name = fields.Field(attribute="award_name", column_name="Hình thức khen thưởng")
    nominating_unit = fields.Field(
        attribute="nomination__nominating_unit__name", column_name="Đơn vị đề nghị"
    )
    year = fields.Field(attribute="nomination__year", column_name="Năm thành tích")
    decision_number = fields.Field(attribute="decision__number", column_name="Số quyết định")
    decision_date = fields.Field(
        attribute="decision__date", column_name="Ngày quyết định", widget=DayWidget()
    )

    class Meta:
        model = Certificate
        fields = (
            "serial",
            "recipient_name",
            "recipient_details",
            "award_name",
            "nominating_unit",
            "year",
            "decision_number",
            "decision_date",
        )
        export_order = fields


class DecisionRewardsResource(SafeModelResource):
    """A decision's list of recipients with each one's reward, as its page exports it."""

    serial = fields.Field(column_name="Số vào sổ")
    recipient_name = fields.Field(attribute="recipient_name", column_name="Cá nhân, tập thể")
    award_name = fields.Field(attribute="award_name", column_name="Hình thức khen thưởng")
    physical_item = fields.Field(attribute="get_physical_item_display", column_name="Hiện vật")
    nominating_unit = fields.Field(
        attribute="nomination__nominating_unit__name", column_name="Đơn vị đề nghị"
    )
    year = fields.Field(attribute="nomination__year", column_name="Năm thành tích")
    reward_multiple = fields.Field(attribute="reward_multiple", column_name="Hệ số")
    base_salary = fields.Field(attribute="base_salary", column_name="Mức lương cơ sở (đồng)")
    amount = fields.Field(attribute="amount", column_name="Tiền thưởng (đồng)")
    decision_number = fields.Field(attribute="decision__number", column_name="Số quyết định")
    decision_date = fields.Field(
        attribute="decision__date", column_name="Ngày quyết định", widget=DayWidget()
    )

    amount_fields = ("base_salary", "amount")

    class Meta:
        model = DecisionLine
        fields = (
            "serial",
            "recipient_name",
            "award_name",
            "physical_item",
            "nominating_unit",
            "year",
            "reward_multiple",
            "base_salary",
            "amount",
            "decision_number",
            "decision_date",
        )
        export_order = fields

    def dehydrate_serial(self, line: DecisionLine) -> str:
        try:
            return line.nomination.certificate.serial
        except Certificate.DoesNotExist:
            # Advanced Workers, flags: the law gives no certificate, so no serial either.
            return ""

    def export_list(self, *, decision: Decision, listing: DecisionList) -> Dataset:
        """Return the decision's list: its lines, older certificates, then the total.

        Its cells are the values themselves (dates, amounts), for a spreadsheet to type.
        """
        dataset = self.export(
            force_native_type=True,
            queryset=DecisionLine.objects.filter(pk__in=[line.pk for line in listing.lines])
            .select_related("decision", "nomination__nominating_unit", "nomination__certificate")
            .order_by("pk"),
        )
        for certificate in listing.unlisted:
            # Recorded before rewards were kept: the certificate without an amount.
            self._append(
                dataset,
                serial=certificate.serial,
                recipient_name=certificate.recipient_name,
                award_name=certificate.award_name,
                nominating_unit=certificate.nomination.nominating_unit.name,
                year=certificate.nomination.year,
                decision_number=decision.number,
                decision_date=decision.date,
            )
        # The list ends with the total the decision grants (of the lines the user may see).
        self._append(dataset, recipient_name="Tổng cộng", amount=listing.total)
        return dataset

    def _append(self, dataset: Dataset, **cells: object) -> None:
        # Cells by field, escaped as the exported rows are (a name may start with "=").
        dataset.append([escape_formula(cells.get(name, "")) for name in self.get_export_order()])


def _year(value: object) -> int | None:
    return parse_whole(
        value, least=2000, most=2100, message=_("Not a year: write four digits, for example 2024.")
    )


def proposal_lookup() -> dict[str, tuple[str, int]]:
    """Map folded codes and names (Vietnamese, English) of titles and award forms to them."""
    lookup: dict[str, tuple[str, int]] = {}
    for title in Title.objects.filter(is_active=True):
        for spelling in (title.code, title.name, title.name_en):
            if spelling:
                lookup[fold(spelling)] = ("title", title.pk)
    for form in AwardForm.objects.filter(is_active=True):
        for spelling in (form.code, form.name, form.name_en):
            if spelling:
                lookup[fold(spelling)] = ("form", form.pk)
    return lookup


def proposal_names() -> list[str]:
    """Return the names of the titles and award forms a nomination may propose."""
    return [
        *Title.objects.filter(is_active=True).values_list("name", flat=True),
        *AwardForm.objects.filter(is_active=True).values_list("name", flat=True),
    ]


@register
class NominationImport(ImportSpec):
    """A unit's list of nominations (the proposal's attached list), imported as drafts."""

    key = "commendations.nomination"
    title = _("Nominations")
    model = Nomination
    permissions = ("commendations.add_nomination", "commendations.change_nomination")
    key_columns = ("year", "nominating_unit", "staff_code", "nominee_unit", "proposal")
    compared_columns = ("achievements",)
    columns = [
        Column(
            "year", "Năm", _year, required=True, example=2024, help=_("Year of the achievements.")
        ),
        Column(
            "nominating_unit",
            "Đơn vị đề nghị",
            parse_text(255),
            required=True,
            example="STP-DN",
            help=_("Unit code or exact name; one of your units."),
        ),
        Column(
            "staff_code",
            "Mã công chức",
            parse_text(30),
            example="DN-STP-003",
            help=_("For a person: their staff code. Leave empty for a collective."),
        ),
        Column(
            "nominee_unit",
            "Tập thể được đề nghị",
            parse_text(255),
            aliases=("Đơn vị được đề nghị",),
            help=_("For a collective: its unit code or exact name. Leave empty for a person."),
        ),
        Column(
            "proposal",
            "Hình thức đề nghị",
            parse_text(255),
            required=True,
            example="Bằng khen của Bộ trưởng Bộ Tư pháp",
            help=_("An emulation title or an award form, by name or code."),
        ),
        Column(
            "achievements",
            "Thành tích",
            parse_text(4000),
            required=True,
            example="Hoàn thành xuất sắc nhiệm vụ năm 2024; chủ trì sáng kiến cấp Bộ.",
        ),
    ]

    def prepare(self, *, user: object) -> ImportContext:
        scoped = self.writable(Nomination.objects.all(), user).exclude(
            status=Nomination.Status.REJECTED
        )
        return ImportContext(
            user=user,
            lookups={
                "units": unit_lookup(self.writable(Unit.objects.all(), user)),
                "people": {
                    fold(code): (pk, code)
                    for pk, code in self.writable(Person.objects.all(), user).values_list(
                        "pk", "staff_code"
                    )
                },
                "proposals": proposal_lookup(),
                "locked": {
                    self._stored_key(row): row["status"]
                    for row in scoped.exclude(status__in=Nomination.EDITABLE).values(
                        "year",
                        "nominating_unit__code",
                        "person__staff_code",
                        "unit__code",
                        "proposed_title__name",
                        "award_form__name",
                        "status",
                    )
                },
            },
        )

    @staticmethod
    def _stored_key(row: dict[str, object]) -> tuple:
        return (
            row["year"],
            row["nominating_unit__code"],
            row["person__staff_code"] or "",
            row["unit__code"] or "",
            row["proposed_title__name"] or row["award_form__name"],
        )

    def clean(self, *, values: dict[str, object], context: ImportContext) -> dict[str, object]:
        units = context.lookups["units"]
        nominating = find_unit(values["nominating_unit"], units)
        if nominating is None:
            raise RowError(
                "nominating_unit", _("No such unit among yours."), allowed=unit_codes(context)
            )
        staff_code, unit_text = values.get("staff_code") or "", values.get("nominee_unit") or ""
        if bool(staff_code) == bool(unit_text):
            raise RowError(
                "staff_code",
                _("Give either a staff code (a person) or a unit (a collective), not both."),
            )
        person_id = unit_id = None
        if staff_code:
            found_person = context.lookups["people"].get(fold(staff_code))
            if found_person is None:
                raise RowError("staff_code", _("No such staff code among your units' people."))
            person_id, staff_code = found_person
        else:
            nominee_unit = find_unit(unit_text, units)
            if nominee_unit is None:
                raise RowError(
                    "nominee_unit", _("No such unit among yours."), allowed=unit_codes(context)
                )
            unit_id, unit_text = nominee_unit.pk, nominee_unit.code
        found = context.lookups["proposals"].get(fold(values["proposal"]))
        if found is None:
            raise RowError(
                "proposal",
                _("No emulation title or award form of this name."),
                allowed=context.accepted("proposals", proposal_names),
            )
        kind, proposal_id = found
        proposal = (
            Title.objects.get(pk=proposal_id)
            if kind == "title"
            else AwardForm.objects.get(pk=proposal_id)
        )
        values.update(
            nominating_unit=nominating.code,
            nominating_unit_id=nominating.pk,
            staff_code=staff_code,
            nominee_unit=unit_text,
            person_id=person_id,
            unit_id=unit_id,
            proposal=proposal.name,
            title_id=proposal_id if kind == "title" else None,
            form_id=proposal_id if kind == "form" else None,
        )
        try:
            services.nomination_check(
                user=context.user,
                year=values["year"],
                nominating_unit=nominating,
                person=Person.objects.get(pk=person_id) if person_id else None,
                unit=Unit.objects.get(pk=unit_id) if unit_id else None,
                proposed_title=proposal if kind == "title" else None,
                award_form=proposal if kind == "form" else None,
                achievements=values["achievements"],
                nomination=self._existing_nomination(values),
            )
        except ValidationError as error:
            field, messages = next(iter(error.message_dict.items()))
            column = {"person": "staff_code", "unit": "nominee_unit"}.get(field, "proposal")
            raise RowError(column, " ".join(messages)) from None
        status = context.lookups["locked"].get(self.natural_key(values))
        if status is not None:
            raise RowError(
                "achievements",
                _("This nomination is already “{status}”: it can no longer be changed.").format(
                    status=Nomination.Status(status).label
                ),
            )
        return values

    @staticmethod
    def _existing_nomination(values: dict[str, object]) -> Nomination | None:
        return (
            Nomination.objects.filter(
                year=values["year"],
                nominating_unit_id=values["nominating_unit_id"],
                person_id=values["person_id"],
                unit_id=values["unit_id"],
                proposed_title_id=values["title_id"],
                award_form_id=values["form_id"],
            )
            .exclude(status=Nomination.Status.REJECTED)
            .first()
        )

    def load_existing(self, *, context: ImportContext, keys: Iterable[tuple]) -> None:
        years = {key[0] for key in keys}
        rows = (
            Nomination.objects.filter(year__in=years, status__in=Nomination.EDITABLE)
            .filter(Q(person__isnull=False) | Q(unit__isnull=False))
            .values(
                "pk",
                "year",
                "nominating_unit__code",
                "person__staff_code",
                "unit__code",
                "proposed_title__name",
                "award_form__name",
                "achievements",
            )
        )
        for row in rows:
            context.existing[self._stored_key(row)] = row

    def apply(
        self,
        *,
        new: list[dict[str, object]],
        changed: list[dict[str, object]],
        context: ImportContext,
        job: ImportJob,
    ) -> None:
        user = job.uploaded_by
        for row in new:
            services.nomination_create(
                user=user,
                year=row["year"],
                nominating_unit=Unit.objects.get(pk=row["nominating_unit_id"]),
                person=Person.objects.get(pk=row["person_id"]) if row["person_id"] else None,
                unit=Unit.objects.get(pk=row["unit_id"]) if row["unit_id"] else None,
                proposed_title=Title.objects.get(pk=row["title_id"]) if row["title_id"] else None,
                award_form=AwardForm.objects.get(pk=row["form_id"]) if row["form_id"] else None,
                achievements=row["achievements"],
            )
        for row in changed:
            nomination = Nomination.objects.get(pk=row["_existing"]["pk"])
            services.nomination_update(
                user=user,
                nomination=nomination,
                year=nomination.year,
                person=nomination.person,
                unit=nomination.unit,
                proposed_title=nomination.proposed_title,
                award_form=nomination.award_form,
                achievements=row["achievements"],
                initiatives=list(nomination.initiatives.all()),
            )
