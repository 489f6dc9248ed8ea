"""Import of a payment statement (bảng kê nộp đảng phí, e.g. from the
national public-service portal), on the shared all-or-nothing engine
(`core.imports.base.Importer`): one bad row and nothing is written, each
error naming its row and column.

Columns: "Họ và tên"*, "Số thẻ đảng viên", "Số CCCD" (to tell members apart),
"Tháng"* (07/2026, or a date in the month), "Số tiền"* (whole đồng),
"Ngày nộp"*, "Hình thức nộp" (default: the public-service portal), "Mã giao
dịch". A member is found among those the user may write records for
(`attachable_by`) by card number, else citizen id, else name when only one
member bears it. A month already paid (on file or twice in the file) and an
amount that is not a whole number above zero are refused."""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cells.imports.lookups import MemberFinder
from cells.models import PartyMember
from core.imports.base import Importer
from core.imports.reading import Column
from core.vietnamese import fold

from .constants import Channel, PaymentSource
from .models import FeePayment

MONTH_TEXT = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{4})$")
CHANNELS = {fold(label): value for value, label in Channel.choices} | {
    "tien mat": Channel.CASH,
    "dich vu cong": Channel.PORTAL,
    "cong dich vu cong": Channel.PORTAL,
}


class PaymentImport(Importer):
    permission = "fees.add_feepayment"
    title = gettext_lazy("Nhập bảng kê nộp đảng phí")
    columns = [
        Column("name", "Họ và tên", required=True, aliases=("Họ tên", "Tên đảng viên")),
        Column("card", "Số thẻ đảng viên", aliases=("Số thẻ", "Số thẻ Đảng")),
        Column("citizen_id", "Số CCCD", aliases=("CCCD", "Số căn cước công dân")),
        Column("month", "Tháng", required=True, aliases=("Đóng cho tháng", "Kỳ")),
        Column("amount", "Số tiền", required=True, aliases=("Số tiền (đồng)",)),
        Column("paid_on", "Ngày nộp", required=True, aliases=("Ngày giao dịch",)),
        Column("channel", "Hình thức nộp", aliases=("Kênh nộp",)),
        Column("reference", "Mã giao dịch", aliases=("Số biên lai",)),
    ]

    def plan(self, table):
        finder = member_finder(self.user, table.rows)
        seen = {}
        payments = []
        for row in table.rows:
            member = finder.find(row)
            month = _month(row)
            amount = _amount(row)
            paid_on = row.date("paid_on", required=True)
            channel = row.choice("channel", CHANNELS) or Channel.PORTAL
            reference = row.text("reference", max_length=100)
            if member is None or month is None:
                continue
            key = (member.pk, month)
            if key in seen:
                row.error(
                    "month",
                    _("Tháng %(month)s của %(name)s đã có ở dòng %(row)s.")
                    % {"month": f"{month:%m/%Y}", "name": member, "row": seen[key]},
                )
                continue
            seen[key] = row.number
            payments.append(
                (
                    row,
                    FeePayment(
                        member=member,
                        month=month,
                        amount=amount,
                        paid_on=paid_on,
                        channel=channel,
                        source=PaymentSource.IMPORTED,
                        reference=reference,
                    ),
                )
            )
        _refuse_paid_months(payments)
        return [payment for _row, payment in payments]

    def count(self, plan):
        return {_("khoản nộp đảng phí"): len(plan)}

    def write(self, plan):
        created = FeePayment.objects.bulk_create(plan)
        self.announce(FeePayment, created)


def _refuse_paid_months(payments):
    """Rows for a month already on file: one query for the whole file."""
    if not payments:
        return
    members = {payment.member_id for _row, payment in payments}
    months = {payment.month for _row, payment in payments}
    paid = set(
        FeePayment.objects.filter(member__in=members, month__in=months).values_list(
            "member_id", "month"
        )
    )
    for row, payment in payments:
        if (payment.member_id, payment.month) in paid:
            row.error(
                "month",
                _("%(name)s đã nộp đảng phí tháng %(month)s.")
                % {"name": payment.member, "month": f"{payment.month:%m/%Y}"},
            )


def _month(row):
    value = row.raw("month")
    if isinstance(value, datetime.datetime | datetime.date):
        return datetime.date(value.year, value.month, 1)
    text = row.text("month", required=True)
    if not text:
        return None
    match = MONTH_TEXT.match(text)
    if match and 1 <= int(match[1]) <= 12:
        return datetime.date(int(match[2]), int(match[1]), 1)
    day = row.date("month")
    return day.replace(day=1) if day else None


def _amount(row):
    text = row.text("amount", required=True).replace(" ", "")
    if not text:
        return None
    # "50.000" and "50,000" are thousands in Vietnamese statements.
    digits = (
        text.replace(".", "").replace(",", "")
        if re.fullmatch(r"-?\d{1,3}([.,]\d{3})+", text)
        else text
    )
    try:
        amount = Decimal(digits)
    except InvalidOperation:
        row.error("amount", _("“%(value)s” không phải là số tiền.") % {"value": text})
        return None
    if amount != amount.to_integral_value():
        row.error("amount", _("Số tiền ghi bằng đồng, không có phần lẻ."))
        return None
    if amount <= 0:
        row.error("amount", _("Số tiền phải lớn hơn 0."))
        return None
    return int(amount)


def member_finder(user, rows):
    """The members a file names, among those the user may write records
    for: by card, citizen id and folded name, one query for the file."""
    cards = {row.text("card") for row in rows} - {""}
    citizens = {row.text("citizen_id") for row in rows} - {""}
    names = {fold(row.text("name")) for row in rows} - {""}
    members = (
        PartyMember.objects.attachable_by(user)
        .filter(
            Q(card_number__in=cards)
            | Q(person__citizen_id__in=citizens)
            | Q(person__search_name__in=names)
        )
        .select_related("person")
    )
    return MemberFinder(
        members,
        not_found=_("Không có đảng viên nào trong phạm vi của bạn với số này."),
        not_named=_("Không có đảng viên “%(name)s” trong phạm vi của bạn."),
    )
