"""The transfer letter (giấy giới thiệu sinh hoạt đảng) as an .xlsx in the
party's document format, through core/documents.py (the header and
signature blocks every printed document of the portal shares; the project
has no .docx library, and one page of a workbook prints the same): the
sending body, the number, the member's particulars, from and to, the fees
paid through, the signature block."""

from django.utils.translation import gettext as _

from core.documents import (
    A4,
    DocumentFormats,
    Heading,
    Signature,
    merged_text,
    new_workbook,
    place_and_date,
    write_heading,
    write_signature,
)
from core.exports import record_download

from .models import month_text

COLUMNS = 4
WIDTHS = [4, 34, 30, 30]


def letter_rows(transfer):
    """(label, value) of the letter's body, in order."""
    member, person = transfer.member, transfer.member.person
    date = lambda day: f"{day:%d/%m/%Y}" if day else "…"  # noqa: E731
    rows = [
        (_("Đồng chí"), person.full_name),
        (_("Giới tính"), person.get_sex_display() or "…"),
        (_("Ngày sinh"), date(person.birth_date)),
        (_("Số CCCD"), person.citizen_id or "…"),
        (_("Số thẻ đảng viên"), member.card_number or "…"),
        (_("Ngày vào Đảng"), date(member.admitted_on)),
        (_("Ngày chính thức"), date(member.full_member_on)),
        (_("Hình thức"), transfer.get_kind_display()),
    ]
    if transfer.reason:
        rows.append((_("Lý do"), transfer.get_reason_display()))
    rows += [
        (_("Sinh hoạt tại"), transfer.origin),
        (_("Được giới thiệu đến sinh hoạt tại"), transfer.destination),
    ]
    if transfer.end_date:
        rows.append((_("Thời gian sinh hoạt tạm đến ngày"), date(transfer.end_date)))
    fees = month_text(transfer.fees_paid_through) or "…"
    rows.append((_("Đảng phí"), _("Đã đóng đảng phí hết tháng %(month)s") % {"month": fees}))
    rows.append(
        (
            _("Hạn nộp giấy"),
            _("Trong 30 ngày kể từ ngày ký, đến hết ngày %(day)s")
            % {"day": date(transfer.presentation_due)},
        )
    )
    return rows


def issuing_body(transfer):
    cell = transfer.from_cell
    return cell.committee.name.upper() if cell else _("ĐẢNG ỦY NƠI ĐI")


def issuing_place(transfer):
    cell = transfer.from_cell
    return cell.committee.place.name if cell else "……"


def write_letter(transfer, output):
    workbook = new_workbook(output)
    sheet = workbook.add_worksheet(_("Giấy giới thiệu"))
    formats = DocumentFormats(workbook)
    label = workbook.add_format({"bold": True, "valign": "top"})
    value = workbook.add_format({"valign": "top", "text_wrap": True})
    number = _("Số %(number)s") % {"number": transfer.letter_number or "…"}
    dated = place_and_date(issuing_place(transfer), transfer.letter_date)
    heading = Heading(
        body=f"{issuing_body(transfer)}\n*\n{number}",
        title=_("GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG"),
        lines=[dated],
    )
    # Constant memory: the page and the columns before the first row.
    sheet.set_portrait()  # a letter, not a list
    sheet.set_paper(A4)
    sheet.fit_to_pages(1, 1)
    for column, width in enumerate(WIDTHS):
        sheet.set_column(column, column, width)
    sheet.set_row(0, 60)
    row = write_heading(sheet, formats, heading, COLUMNS)
    for caption, text in letter_rows(transfer):
        merged_text(sheet, row, 0, 1, caption, label)
        merged_text(sheet, row, 2, COLUMNS - 1, str(text), value)
        row += 1
    write_signature(sheet, formats, row, Signature(_("T/M ĐẢNG ỦY"), _("BÍ THƯ")), COLUMNS)
    workbook.close()


def export_letter(transfer, output):
    """Write the letter and put its download on the audit trail."""
    write_letter(transfer, output)
    scope = transfer.from_cell.path if transfer.from_cell_id else transfer.to_cell.path
    record_download(about=transfer, what=filename(transfer), rows=1, scope=scope)


def filename(transfer):
    return f"giay-gioi-thieu-{transfer.pk}.xlsx"
