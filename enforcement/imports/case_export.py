"""The cases exported with the very headers and labels the case import reads."""

from __future__ import annotations

from import_export import fields

from enforcement.imports.case_columns import RECEIVED
from enforcement.imports.common import (
    ELIGIBILITY_LABEL_OF,
    INITIATION_LABEL_OF,
    KIND_LABEL_OF,
    STATUS_LABEL_OF,
)
from enforcement.models import EnforcementCase
from organizations.imports.exporting import SafeModelResource


class CaseResource(SafeModelResource):
    """Export of cases with the very headers and labels the case import reads."""

    agency = fields.Field(attribute="issuing_agency__code", column_name="Cơ quan ra quyết định")
    unit = fields.Field(attribute="unit__code", column_name="Đơn vị")
    number = fields.Field(attribute="decision_number", column_name="Số quyết định THA")
    decision_date = fields.Field(attribute="decision_date", column_name="Ngày ra quyết định")
    accepted_on = fields.Field(attribute="accepted_on", column_name="Ngày thụ lý")
    judgment = fields.Field(attribute="judgment", column_name="Bản án, quyết định")
    judgment_kind = fields.Field(column_name="Loại việc")
    initiation = fields.Field(column_name="Hình thức thi hành")
    debtor = fields.Field(attribute="debtor", column_name="Người phải thi hành")
    creditor = fields.Field(attribute="creditor", column_name="Người được thi hành")
    amount_due = fields.Field(attribute="amount_due", column_name="Số tiền phải thi hành")
    amount_recovered = fields.Field(attribute="amount_recovered", column_name="Số tiền đã thi hành")
    eligibility = fields.Field(column_name="Điều kiện thi hành")
    status = fields.Field(column_name="Trạng thái")
    closed_on = fields.Field(attribute="closed_on", column_name="Ngày kết thúc")
    entrusted_to = fields.Field(attribute="entrusted_to__code", column_name="Ủy thác cho")
    notes = fields.Field(attribute="notes", column_name="Ghi chú")
    enforcer = fields.Field(attribute="enforcer__staff_code", column_name="Chấp hành viên")
    received_from = fields.Field(attribute="received_from__code", column_name="Nhận ủy thác từ")
    received_decision_number = fields.Field(
        attribute="received_decision_number", column_name="Số QĐ ủy thác"
    )
    received_decision_date = fields.Field(
        attribute="received_decision_date", column_name="Ngày QĐ ủy thác"
    )

    amount_fields = ("amount_due", "amount_recovered")

    class Meta:
        model = EnforcementCase
        fields = (
            "agency",
            "unit",
            "number",
            "decision_date",
            "accepted_on",
            "judgment",
            "judgment_kind",
            "initiation",
            "debtor",
            "creditor",
            "amount_due",
            "amount_recovered",
            "eligibility",
            "status",
            "closed_on",
            "entrusted_to",
            "notes",
            "enforcer",
            *RECEIVED,
        )
        export_order = fields

    def get_queryset(self) -> object:
        return (
            super()
            .get_queryset()
            .select_related("issuing_agency", "unit", "entrusted_to", "enforcer", "received_from")
        )

    def dehydrate_judgment_kind(self, case: EnforcementCase) -> str:
        return KIND_LABEL_OF.get(case.judgment_kind, case.judgment_kind)

    def dehydrate_initiation(self, case: EnforcementCase) -> str:
        return INITIATION_LABEL_OF.get(case.initiation, case.initiation)

    def dehydrate_eligibility(self, case: EnforcementCase) -> str:
        return ELIGIBILITY_LABEL_OF.get(case.eligibility, case.eligibility)

    def dehydrate_status(self, case: EnforcementCase) -> str:
        return STATUS_LABEL_OF.get(case.status, case.status)
