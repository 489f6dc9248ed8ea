"""The data-quality check of a place's register (issue #16, point 7): what
to correct before the register is checked against the central member
database (CSDL đảng viên 3.0).

Each rule is one query over the rows a user may see (`in_scope`) under the
place (`within`), whatever the size of the area: a page reads every rule's
first rows and its total (a window count, in the same query); an export
reads them all. Rows come in Vietnamese name order (Person.sort_key).

What the database already refuses is not checked again: a full-membership
date before the admission (constraint `member_full_after_admitted`), two
members with the same card number or two people with the same CCCD as
written (unique columns, stored trimmed by `clean_text`). What it lets
through is: a card number written two ways (spaces, dots, dashes, lower
case), the same person entered twice (same name without diacritics and
birth date), a card number matching none of the configured patterns
(settings.PORTAL_PARTY_CARD_PATTERNS), dates out of order, a member
without a cell, a cell officer who is no member.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import (
    Coalesce,
    ExtractDay,
    ExtractMonth,
    ExtractYear,
    Replace,
    Upper,
)
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

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

from .constants import Level, MembershipEndReason, PostScope
from .models import CellMembership, Holding, PartyMember, Person
from .querysets import active_on
from .summary import counting_membership

# Rows of each rule a page shows; the export has them all.
PAGE_ROWS = 100


@dataclass
class Finding:
    """One row of the report: who, where, and the values that break the rule."""

    name: str
    birth_date: datetime.date | None
    commune: str
    hamlet: str
    cell: str
    values: str


@dataclass
class RuleResult:
    code: str
    label: str
    total: int
    findings: list = field(default_factory=list)


def _date(day):
    return f"{day:%d/%m/%Y}" if day else "—"


def _commune_and_hamlet(place):
    """(commune, hamlet) names of the place a record hangs on: a hamlet and
    its commune, or a commune (a district, for its cadres) alone."""
    if place is None:
        return "", ""
    if place.level == Level.HAMLET:
        return str(place.parent), str(place)
    return str(place), ""


def _finding(person, place, cell, values):
    commune, hamlet = _commune_and_hamlet(place)
    return Finding(person.full_name, person.birth_date, commune, hamlet, cell or "", values)


class Check:
    """The rows a user may see under `place`, and the date the rules that
    concern the present ("on the date") are read on."""

    def __init__(self, place, date, user):
        self.place, self.date, self.user = place, date, user

    def members(self):
        rows = PartyMember.objects.in_scope(self.user).within(self.place)
        latest = CellMembership.objects.filter(
            member=OuterRef("pk"), start_date__lte=self.date
        ).order_by("-start_date", "-pk")
        return rows.select_related("person__place__parent").annotate(
            cell_name=Subquery(latest.values("cell__name")[:1])
        )

    def members_on_date(self):
        return self.members().members_on(self.date)

    def member_finding(self, member, values):
        return _finding(member.person, member.person.place, member.cell_name, values)

    # --- identity -------------------------------------------------------------

    def missing_citizen_id(self):
        rows = self.members_on_date().filter(
            Q(person__citizen_id__isnull=True) | Q(person__citizen_id="")
        )
        return rows, lambda m: self.member_finding(m, str(_("Chưa có số CCCD")))

    def invalid_citizen_id(self):
        rows = (
            self.members_on_date()
            .exclude(Q(person__citizen_id__isnull=True) | Q(person__citizen_id=""))
            .exclude(person__citizen_id__regex=r"^[0-9]{12}$")
        )
        return rows, lambda m: self.member_finding(
            m, _("Số CCCD: %(value)s") % {"value": m.person.citizen_id}
        )

    def card_pattern(self):
        rows = self.members_on_date().exclude(Q(card_number__isnull=True) | Q(card_number=""))
        for pattern in settings.PORTAL_PARTY_CARD_PATTERNS:
            rows = rows.exclude(card_number__regex=pattern)
        return rows, lambda m: self.member_finding(
            m, _("Số thẻ: %(value)s") % {"value": m.card_number}
        )

    def missing_card(self):
        rows = self.members_on_date().filter(
            Q(card_number__isnull=True) | Q(card_number=""),
            full_member_on__lte=self.date,
        )
        return rows, lambda m: self.member_finding(
            m, _("Chính thức từ %(date)s") % {"date": _date(m.full_member_on)}
        )

    def duplicate_card(self):
        """Card numbers equal once spaces, dots and dashes are dropped and
        letters put in capitals, across the whole portal (a member entered in
        two communes); only the rows the user may see are listed, each next
        to its twins."""
        written = F("card_number")
        for mark in (" ", ".", "-"):
            written = Replace(written, Value(mark), Value(""))
        everyone = PartyMember.objects.exclude(card_number__isnull=True).exclude(card_number="")
        twice = (
            everyone.annotate(written=Upper(written))
            .order_by()
            .values("written")
            .annotate(copies=Count("pk"))
            .filter(copies__gt=1)
            .values("written")
        )
        rows = self.members().annotate(written=Upper(written)).filter(written__in=twice)
        return rows, lambda m: self.member_finding(
            m,
            _("Số thẻ: %(value)s (viết gọn: %(short)s)")
            % {"value": m.card_number, "short": m.written},
        )

    def possible_duplicate(self):
        """People entered twice: the same name without diacritics (and case)
        and the same birth date, under the place."""
        people = Person.objects.in_scope(self.user).within(self.place)
        twin = people.filter(
            search_name=OuterRef("search_name"), birth_date=OuterRef("birth_date")
        ).exclude(pk=OuterRef("pk"))
        latest = CellMembership.objects.filter(
            member__person=OuterRef("pk"), start_date__lte=self.date
        ).order_by("-start_date", "-pk")
        rows = (
            people.filter(birth_date__isnull=False)
            .filter(Exists(twin))
            .select_related("place__parent", "party_member")
            .annotate(cell_name=Subquery(latest.values("cell__name")[:1]))
        )

        def finding(person):
            member = getattr(person, "party_member", None)
            kind = _("đảng viên") if member is not None else _("không phải đảng viên")
            values = _("Cùng họ tên, ngày sinh %(date)s với người khác (%(kind)s)") % {
                "date": _date(person.birth_date),
                "kind": kind,
            }
            return _finding(person, person.place, person.cell_name, values)

        return rows, finding, ("search_name", "birth_date", "sort_key", "pk")

    # --- dates out of order -------------------------------------------------------

    def memberships(self):
        return (
            CellMembership.objects.in_scope(self.user)
            .within(self.place)
            .select_related(
                "member__person", "cell__hamlet__parent", "cell__committee__place__parent"
            )
        )

    def membership_finding(self, membership, values):
        cell = membership.cell
        place = cell.hamlet or cell.committee.place
        return _finding(membership.member.person, place, cell.name, values)

    def membership_period(self, membership):
        return _("sinh hoạt từ %(start)s đến %(end)s") % {
            "start": _date(membership.start_date),
            "end": _date(membership.end_date) if membership.end_date else _("nay"),
        }

    def membership_after_leaving(self):
        left_on = F("member__left_on")
        rows = self.memberships().filter(
            Q(start_date__gt=left_on) | Q(end_date__isnull=True) | Q(end_date__gt=left_on),
            member__left_on__isnull=False,
        )

        def finding(membership):
            member = membership.member
            values = _("%(reason)s ngày %(date)s; %(period)s") % {
                "reason": member.get_left_reason_display() or _("Ra khỏi Đảng"),
                "date": _date(member.left_on),
                "period": self.membership_period(membership),
            }
            return self.membership_finding(membership, values)

        return rows, finding, ("member__person__sort_key", "member", "start_date", "pk")

    def membership_before_admission(self):
        rows = self.memberships().filter(start_date__lt=F("member__admitted_on"))

        def finding(membership):
            values = _("Vào Đảng ngày %(date)s; %(period)s") % {
                "date": _date(membership.member.admitted_on),
                "period": self.membership_period(membership),
            }
            return self.membership_finding(membership, values)

        return rows, finding, ("member__person__sort_key", "member", "start_date", "pk")

    def admitted_under_18(self):
        """Admitted before their 18th birthday (born after the admission
        included). Whole years as members.age counts them: a birthday on 29
        February falls on 1 March in other years."""
        admitted, born = F("admitted_on"), F("person__birth_date")
        before_birthday = Case(
            When(
                Q(admitted_month__lt=ExtractMonth(born))
                | Q(admitted_month=ExtractMonth(born), admitted_day__lt=ExtractDay(born)),
                then=Value(1),
            ),
            default=Value(0),
            output_field=IntegerField(),
        )
        rows = (
            self.members()
            .filter(person__birth_date__isnull=False)
            .annotate(admitted_month=ExtractMonth(admitted), admitted_day=ExtractDay(admitted))
            .annotate(age=ExtractYear(admitted) - ExtractYear(born) - before_birthday)
            .filter(age__lt=18)
        )
        return rows, lambda m: self.member_finding(
            m,
            _("Sinh ngày %(born)s, vào Đảng ngày %(admitted)s (%(age)s tuổi)")
            % {"born": _date(m.person.birth_date), "admitted": _date(m.admitted_on), "age": m.age},
        )

    # --- on the date ----------------------------------------------------------------

    def without_cell(self):
        """Members in no cell on the date, but those whose last cell they
        left by a transfer (chuyển sinh hoạt): they went to a party
        organisation the portal does not keep, or their letter is on its
        way, which the transfers list follows with its deadline."""
        in_a_cell = CellMembership.objects.filter(
            counting_membership(self.date), member=OuterRef("pk")
        )
        last_left = (
            CellMembership.objects.filter(member=OuterRef("pk"), end_date__lte=self.date)
            .order_by("-end_date")
            .values("end_reason")[:1]
        )
        rows = (
            self.members_on_date()
            .exclude(Exists(in_a_cell))
            # Coalesce: a member who never left a cell has no reason (NULL),
            # which NOT (reason = …) would drop too.
            .alias(last_left=Coalesce(Subquery(last_left), Value("")))
            .exclude(last_left=MembershipEndReason.TRANSFERRED)
        )
        return rows, lambda m: self.member_finding(
            m,
            _("Đảng viên từ %(admitted)s, không sinh hoạt ở chi bộ nào ngày %(date)s")
            % {"admitted": _date(m.admitted_on), "date": _date(self.date)},
        )

    def officer_not_member(self):
        """Holders of a cell's post (bí thư, phó bí thư, chi ủy viên) on the
        date who are not party members that day."""
        member = PartyMember.objects.members_on(self.date).filter(person=OuterRef("person"))
        rows = (
            Holding.objects.in_scope(self.user)
            .within(self.place)
            .filter(active_on(self.date), post__post_type__scope=PostScope.CELL)
            .exclude(Exists(member))
            .select_related(
                "person__party_member", "post__post_type", "post__cell", "post__place__parent"
            )
        )

        def finding(holding):
            person = holding.person
            record = getattr(person, "party_member", None)
            if record is None:
                status = _("không có hồ sơ đảng viên")
            elif record.admitted_on > self.date:
                status = _("vào Đảng ngày %(date)s") % {"date": _date(record.admitted_on)}
            else:
                status = _("ra khỏi Đảng ngày %(date)s") % {"date": _date(record.left_on)}
            values = _("%(post)s từ %(start)s; %(status)s") % {
                "post": holding.post.post_type.name,
                "start": _date(holding.start_date),
                "status": status,
            }
            cell = holding.post.cell.name if holding.post.cell else ""
            return _finding(person, holding.post.place, cell, values)

        return rows, finding, ("person__sort_key", "person", "start_date", "pk")


# (code, label, method of Check): the rules in the order the report lists them.
RULES = [
    ("missing_citizen_id", _("Đảng viên chưa có số CCCD"), Check.missing_citizen_id),
    ("invalid_citizen_id", _("Số CCCD không đủ 12 chữ số"), Check.invalid_citizen_id),
    ("possible_duplicate", _("Có thể nhập trùng một người"), Check.possible_duplicate),
    ("duplicate_card", _("Số thẻ đảng viên trùng nhau"), Check.duplicate_card),
    ("card_pattern", _("Số thẻ đảng viên sai mẫu"), Check.card_pattern),
    ("missing_card", _("Đảng viên chính thức chưa có số thẻ"), Check.missing_card),
    (
        "membership_after_leaving",
        _("Sinh hoạt chi bộ sau ngày ra khỏi Đảng hoặc từ trần"),
        Check.membership_after_leaving,
    ),
    (
        "membership_before_admission",
        _("Sinh hoạt chi bộ trước ngày vào Đảng"),
        Check.membership_before_admission,
    ),
    ("admitted_under_18", _("Vào Đảng khi chưa đủ 18 tuổi"), Check.admitted_under_18),
    ("without_cell", _("Đảng viên không sinh hoạt ở chi bộ nào"), Check.without_cell),
    ("officer_not_member", _("Cấp ủy chi bộ không phải đảng viên"), Check.officer_not_member),
]
RULE_CODES = [code for code, _label, _method in RULES]
MEMBER_ORDER = ("person__sort_key", "person", "pk")


def _rows(check, method):
    rows, finding, *order = method(check)
    return rows.order_by(*(order[0] if order else MEMBER_ORDER)), finding


def quality_report(place, date, *, user, limit=PAGE_ROWS):
    """[RuleResult] of every rule for what `user` sees under `place` on
    `date`: each rule's total and its first `limit` findings (all with
    `limit` None). One query per rule, whatever the size of the area."""
    check = Check(place, date, user)
    results = []
    for code, label, method in RULES:
        rows, finding = _rows(check, method)
        rows = rows.annotate(rule_total=Window(Count("pk")))
        if limit is not None:
            rows = rows[:limit]
        read = list(rows)
        total = read[0].rule_total if read else 0
        results.append(RuleResult(code, str(label), total, [finding(row) for row in read]))
    return results


def every_finding(place, date, *, user):
    """(rule label, Finding) of every rule, every row, streamed: one query
    per rule, read in chunks."""
    check = Check(place, date, user)
    for _code, label, method in RULES:
        rows, finding = _rows(check, method)
        for row in rows.iterator(chunk_size=2000):
            yield str(label), finding(row)


# --- the workbook -------------------------------------------------------------------

HEADERS = (
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Xã, phường",
    "Thôn, tổ dân phố",
    "Chi bộ",
    "Nội dung cần kiểm tra",
)
COLUMN_WIDTHS = (6, 26, 12, 22, 20, 26, 60)


def export_filename(place, date):
    return f"chat-luong-du-lieu-{slugify(fold(str(place)))}-{date:%Y%m%d}.xlsx"


def write_xlsx(place, date, output, *, user, party_header=True):
    """The report as .xlsx: a section per rule, its rows numbered from 1;
    with `party_header`, the party's header and signature blocks
    (core.documents). Returns the number of findings written."""
    workbook = new_workbook(output)
    sheet = workbook.add_worksheet(str(_("Chất lượng dữ liệu")))
    formats = DocumentFormats(workbook)
    heading = Heading(
        body=str(place).upper(),
        title=str(_("DANH SÁCH CẦN KIỂM TRA, CHỈNH SỬA DỮ LIỆU ĐẢNG VIÊN")),
        lines=[_("Tính đến ngày %(date)s") % {"date": _date(date)}],
    )
    header_row = write_heading(sheet, formats, heading, len(HEADERS)) if party_header else 0
    setup_page(sheet, header_row, COLUMN_WIDTHS)
    write_header_row(sheet, formats, header_row, HEADERS)
    row, section, number, done = header_row + 1, None, 0, 0
    for label, finding in every_finding(place, date, user=user):
        if label != section:
            merged_text(sheet, row, 0, len(HEADERS) - 1, label, formats.section)
            row, section, number = row + 1, label, 0
        number += 1
        done += 1
        sheet.write_number(row, 0, number, formats.number)
        values = (
            finding.name,
            _date(finding.birth_date) if finding.birth_date else "",
            finding.commune,
            finding.hamlet,
            finding.cell,
            finding.values,
        )
        fit_row(sheet, row, zip(values, COLUMN_WIDTHS[1:], strict=True))
        for column, value in enumerate(values, start=1):
            write_text(sheet, row, column, value, formats.text, formats.text_safe)
        row += 1
    if party_header:
        signature = Signature(on_behalf=str(_("NGƯỜI LẬP DANH SÁCH")), post="")
        write_signature(sheet, formats, row, signature, len(HEADERS))
    workbook.close()
    return done


def export_report(place, date, output, *, user, party_header=True):
    """Write the workbook and record its download on the audit trail (one
    entry, with the row count), as every list that leaves the portal."""
    count = write_xlsx(place, date, output, user=user, party_header=party_header)
    record_download(
        about=PartyMember, what=export_filename(place, date), rows=count, scope=place.path
    )
    return count
