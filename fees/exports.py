"""The cell's monthly collection and remittance report and the warning
list, as .xlsx in the party's document format (core.documents).

The report: one row per member the cell's ledger holds for the month (STT,
name, basis, basis amount, due, paid, paid on, channel, note), the totals,
then what the cell keeps and what it remits to the commune committee by the
share in force (FeeShare). Rounding of the share: the cell keeps its
percentage of the total rounded down to the đồng (ROUND_DOWN), the rest is
remitted, so the two add up to what was collected and a fraction of a đồng
always goes up.
"""

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cells.models import PartyMember
from core.documents import (
    DocumentFormats,
    Heading,
    Signature,
    fit_row,
    merged_text,
    new_workbook,
    setup_page,
    write_header_row,
    write_heading,
    write_signature,
)
from core.exports import record_download
from core.spreadsheets import write_text
from core.vietnamese import fold

from .ledger import Ledger
from .models import FeePayment, FeeShare, last_of_month

REPORT_HEADERS = (
    "STT",
    "Họ và tên",
    "Căn cứ đóng",
    "Số tiền làm căn cứ",
    "Phải đóng",
    "Đã đóng",
    "Ngày nộp",
    "Hình thức nộp",
    "Ghi chú",
)
REPORT_WIDTHS = (6, 28, 22, 16, 12, 12, 12, 22, 36)
WARNING_HEADERS = ("STT", "Họ và tên", "Chi bộ", "Năm", "Các tháng chưa đóng", "Số tháng", "Còn nợ")
WARNING_WIDTHS = (6, 28, 28, 8, 30, 10, 14)


def split_collected(total, month):
    """(kept by the cell, remitted upward, the cell's percentage) of `total`
    collected for `month`, by the share in force (one query)."""
    share = FeeShare.objects.filter(valid_from__lte=month).order_by("-valid_from").first()
    percent = share.cell_percent if share else Decimal(0)
    kept = int((Decimal(total) * percent / Decimal(100)).quantize(Decimal(1), rounding=ROUND_DOWN))
    return kept, total - kept, percent


def cell_members(cell, first, last):
    """Members who belonged to `cell` some day between `first` and `last`."""
    memberships = Q(
        cell_memberships__cell=cell, cell_memberships__start_date__lte=last_of_month(last)
    ) & (Q(cell_memberships__end_date__isnull=True) | Q(cell_memberships__end_date__gte=first))
    return PartyMember.objects.filter(memberships)


@dataclass
class MonthReport:
    cell: object
    month: object
    ledger: Ledger
    rows: list
    due: int
    paid: int
    kept: int
    remitted: int
    percent: Decimal

    @property
    def filename(self):
        return f"dang-phi-{slugify(fold(self.cell.name))}-{self.month:%Y-%m}.xlsx"


def month_report(cell, month):
    """The report of `cell` for `month` (a first day): nine queries."""
    ledger = Ledger.build(cell_members(cell, month, month), month, month)
    rows = [(member, row) for member in ledger.members for row in ledger.rows[member.pk]]
    due = sum(row.due or 0 for _member, row in rows)
    paid = sum(row.paid for _member, row in rows)
    kept, remitted, percent = split_collected(paid, month)
    return MonthReport(cell, month, ledger, rows, due, paid, kept, remitted, percent)


def _money(sheet, row, column, value, formats):
    sheet.write_number(row, column, value, formats.money)


def _formats(workbook):
    formats = DocumentFormats(workbook)
    formats.money = workbook.add_format({"border": 1, "num_format": "#,##0", "valign": "top"})
    formats.total = workbook.add_format({"bold": True, "border": 1, "num_format": "#,##0"})
    return formats


def write_month_report(report, output):
    """Write `report` to `output` (a path or a binary file)."""
    workbook = new_workbook(output)
    sheet = workbook.add_worksheet(_("Đảng phí"))
    formats = _formats(workbook)
    heading = Heading(
        body=report.cell.name.upper(),
        title=_("BÁO CÁO THU, NỘP ĐẢNG PHÍ"),
        lines=[_("Tháng %(month)s") % {"month": f"{report.month:%m/%Y}"}],
    )
    columns = len(REPORT_HEADERS)
    header_row = write_heading(sheet, formats, heading, columns)
    setup_page(sheet, header_row, REPORT_WIDTHS)
    write_header_row(sheet, formats, header_row, REPORT_HEADERS)
    row = header_row + 1
    for number, (member, month) in enumerate(report.rows, start=1):
        basis = month.basis
        payment = month.payment
        kind = basis.get_kind_display() if basis else ""
        channel = payment.get_channel_display() if payment else ""
        texts = {1: str(member), 2: kind, 7: channel, 8: month.note}
        fit_row(sheet, row, [(text, REPORT_WIDTHS[column]) for column, text in texts.items()])
        sheet.write_number(row, 0, number, formats.number)
        write_text(sheet, row, 1, str(member), formats.text, formats.text_safe)
        write_text(sheet, row, 2, kind, formats.text)
        _money(sheet, row, 3, basis.amount if basis else 0, formats)
        _money(sheet, row, 4, month.due or 0, formats)
        _money(sheet, row, 5, month.paid, formats)
        paid_on = f"{payment.paid_on:%d/%m/%Y}" if payment else ""
        write_text(sheet, row, 6, paid_on, formats.text)
        write_text(sheet, row, 7, channel, formats.text)
        write_text(sheet, row, 8, month.note, formats.text, formats.text_safe)
        row += 1
    merged_text(sheet, row, 0, 3, _("Cộng"), formats.section)
    sheet.write_number(row, 4, report.due, formats.total)
    sheet.write_number(row, 5, report.paid, formats.total)
    row += 2
    for label, value in (
        (_("Tổng số đảng phí đã thu"), report.paid),
        (
            _("Chi bộ được trích giữ lại (%(percent)s%%)") % {"percent": _percent(report.percent)},
            report.kept,
        ),
        (_("Nộp lên Đảng ủy cấp trên"), report.remitted),
    ):
        merged_text(sheet, row, 0, 4, label, formats.section)
        sheet.write_number(row, 5, value, formats.total)
        row += 1
    write_signature(sheet, formats, row, Signature(_("T/M CHI ỦY"), _("BÍ THƯ")), columns)
    workbook.close()
    return len(report.rows)


def _percent(value):
    return f"{value.normalize():f}".replace(".", ",")


def export_month_report(report, output, *, scope):
    count = write_month_report(report, output)
    record_download(about=FeePayment, what=report.filename, rows=count, scope=scope)
    return count


def write_warning_list(place, year, warnings, output):
    """The members with 3 or more unpaid months without reason in `year`."""
    workbook = new_workbook(output)
    sheet = workbook.add_worksheet(_("Cảnh báo"))
    formats = _formats(workbook)
    heading = Heading(
        body=str(place).upper(),
        title=_("DANH SÁCH ĐẢNG VIÊN KHÔNG ĐÓNG ĐẢNG PHÍ TỪ 3 THÁNG TRỞ LÊN"),
        lines=[_("Năm %(year)s, không có lý do chính đáng") % {"year": year}],
    )
    columns = len(WARNING_HEADERS)
    header_row = write_heading(sheet, formats, heading, columns)
    setup_page(sheet, header_row, WARNING_WIDTHS)
    write_header_row(sheet, formats, header_row, WARNING_HEADERS)
    row = header_row + 1
    for number, warning in enumerate(warnings, start=1):
        member, year, months, cell_name = warning
        unpaid = ", ".join(f"{m.month:%m/%Y}" for m in months)
        texts = {1: str(member), 2: cell_name, 4: unpaid}
        fit_row(sheet, row, [(text, WARNING_WIDTHS[column]) for column, text in texts.items()])
        sheet.write_number(row, 0, number, formats.number)
        write_text(sheet, row, 1, str(member), formats.text, formats.text_safe)
        write_text(sheet, row, 2, cell_name, formats.text, formats.text_safe)
        sheet.write_number(row, 3, year, formats.number)
        write_text(sheet, row, 4, unpaid, formats.text)
        sheet.write_number(row, 5, len(months), formats.number)
        _money(sheet, row, 6, sum(max(m.balance, 0) for m in months), formats)
        row += 1
    write_signature(sheet, formats, row, Signature(_("T/M ĐẢNG ỦY"), _("BÍ THƯ")), columns)
    workbook.close()
    return len(warnings)
