"""Import of past meetings from .xlsx / .csv, for backfilling earlier years.

Columns (Vietnamese headers, any case or normal form; * required)::

    Chi bộ*  | Xã, phường, thị trấn | Ngày họp* | Loại* | Thời lượng (phút)
    Có mặt   | Vắng có lý do | Vắng không lý do | Nội dung | Ngày gửi tài liệu

The file is read by `core.imports.reading` (type by content, size and row
caps, zip and XML checks) through `core.imports.base.Importer`. Every row
is checked before anything is written; one bad row and nothing is:
`ImportFailed` lists every error with its row and column. Cells are looked
up only among those the importing user may write meetings of
(`attachable_by`), so a cell of another commune reads as unknown.
"""

from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cells.models import Cell
from core.imports.base import Importer
from core.imports.reading import Column, ImportFailed, UploadError
from core.vietnamese import fold

from .constants import MeetingKind
from .models import Meeting, MeetingTopic

__all__ = ["COLUMNS", "ImportFailed", "MeetingImport", "UploadError", "import_meetings"]

COLUMNS = [
    Column("cell", "Chi bộ", required=True, aliases=("Tên chi bộ",)),
    Column("commune", "Xã, phường, thị trấn", aliases=("Xã", "Đảng bộ", "Mã xã")),
    Column("date", "Ngày họp", required=True, aliases=("Ngày", "Ngày sinh hoạt")),
    Column("kind", "Loại", required=True, aliases=("Loại sinh hoạt", "Hình thức")),
    Column("duration", "Thời lượng (phút)", aliases=("Thời lượng", "Số phút")),
    Column("present", "Có mặt", aliases=("Số có mặt",)),
    Column("excused", "Vắng có lý do"),
    Column("unexcused", "Vắng không lý do"),
    Column("topics", "Nội dung", aliases=("Nội dung sinh hoạt", "Chủ đề")),
    Column("papers", "Ngày gửi tài liệu"),
]

KINDS = (
    {fold(label): value for value, label in MeetingKind.choices}
    | {fold(value): value for value in MeetingKind.values}
    | {
        "ket hop": MeetingKind.COMBINED,
        "thuong ky + chuyen de": MeetingKind.COMBINED,
        "dai hoi": MeetingKind.CONGRESS,
    }
)
MAX_MINUTES = 24 * 60
MAX_COUNT = 10_000


class MeetingImport(Importer):
    """Past meetings, for backfilling: the admin's "Nhập từ Excel" flow
    (`core.imports.admin.ImportAdminMixin`) runs it."""

    columns = COLUMNS
    permission = "meetings.add_meeting"
    title = gettext_lazy("Nhập buổi sinh hoạt chi bộ (nhập bù các năm trước)")

    def plan(self, table):
        cells = Cell.objects.attachable_by(self.user).select_related("committee__place")
        resolver = _CellResolver(cells)
        today = timezone.localdate()
        parsed = [_parse(row, resolver, today) for row in table.rows]
        _reject_duplicates(parsed)
        return [meeting for _row, meeting in parsed]

    def count(self, plan):
        return {_("buổi sinh hoạt"): len(plan)}

    def write(self, plan):
        for meeting in plan:
            meeting.fill_derived_fields()
        Meeting.objects.bulk_create(plan, batch_size=500)
        _tag(plan, _topic_words(MeetingTopic.objects.all()))
        self.announce(Meeting, plan)


def import_meetings(upload, user):
    """Create the meetings of `upload` for `user`, all or nothing; returns
    the ImportSummary. Raises UploadError (the file) or ImportFailed (rows)."""
    return MeetingImport(user).run(upload)


class _CellResolver:
    """Cells in scope by folded name (with or without "Chi bộ"), one query."""

    def __init__(self, cells):
        self.by_name = defaultdict(list)
        for cell in cells:
            folded = fold(cell.name)
            self.by_name[folded].append(cell)
            if folded.startswith("chi bo "):
                self.by_name[folded[len("chi bo ") :]].append(cell)

    def find(self, row):
        name = row.text("cell", required=True)
        if not name:
            return None
        candidates = self.by_name.get(fold(name), [])
        commune = fold(row.text("commune"))
        if commune:
            candidates = [cell for cell in candidates if _commune_matches(cell, commune)]
        if not candidates:
            row.error(
                "cell",
                _("Không có chi bộ “%(name)s” trong phạm vi đơn vị của bạn.") % {"name": name},
            )
            return None
        if len(candidates) > 1:
            row.error(
                "cell", _("Có nhiều chi bộ tên “%(name)s”: ghi thêm cột xã.") % {"name": name}
            )
            return None
        return candidates[0]


def _commune_matches(cell, folded_commune):
    place = cell.committee.place
    return folded_commune in {fold(place.name), fold(str(place)), place.code}


def _parse(row, resolver, today):
    cell = resolver.find(row)
    date = row.date("date", required=True)
    kind = row.choice("kind", KINDS, required=True)
    papers = row.date("papers")
    if date and date > today:
        row.error("date", _("Ngày họp ở tương lai."))
    if cell and date and not cell.existed_on(date):
        row.error("date", _("Chi bộ chưa thành lập hoặc đã giải thể vào ngày này."))
    if papers and date and papers > date:
        row.error("papers", _("Ngày gửi tài liệu không được sau ngày họp."))
    meeting = Meeting(
        cell=cell,
        date=date,
        kind=kind or "",
        duration_minutes=_count(row, "duration", 1, MAX_MINUTES),
        reported_present=_count(row, "present", 0, MAX_COUNT),
        reported_excused=_count(row, "excused", 0, MAX_COUNT),
        reported_unexcused=_count(row, "unexcused", 0, MAX_COUNT),
        topics=row.text("topics", max_length=5000),
        papers_sent_on=papers,
    )
    return row, meeting


def _count(row, key, low, high):
    """A whole number between `low` and `high`, or None when blank."""
    value = row.raw(key)
    if row.is_blank(key):
        return None
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        number = None
    if number is None or not number.is_integer() or not low <= number <= high:
        row.error(
            key,
            _("“%(value)s” không phải số nguyên từ %(low)s đến %(high)s.")
            % {"value": value, "low": low, "high": high},
        )
        return None
    return int(number)


def _reject_duplicates(parsed):
    """A meeting of the same cell, date and kind twice in the file or
    already recorded is an error, not a second meeting."""
    complete = [(row, m) for row, m in parsed if m.cell_id and m.date and m.kind]
    if not complete:
        return
    dates = [m.date for _row, m in complete]
    recorded = set(
        Meeting.objects.filter(
            cell__in={m.cell_id for _row, m in complete}, date__gte=min(dates), date__lte=max(dates)
        ).values_list("cell_id", "date", "kind")
    )
    seen = {}
    for row, meeting in complete:
        key = (meeting.cell_id, meeting.date, meeting.kind)
        if key in recorded:
            row.error("date", _("Buổi sinh hoạt này đã có trong hệ thống."))
        elif key in seen:
            row.error("date", _("Trùng với dòng %(row)s.") % {"row": seen[key]})
        seen.setdefault(key, row.number)


def _topic_words(topics):
    """(folded words, topic): a tag applies when its name or its code
    ("kinh te" for kinh_te) appears in the topic text."""
    return [({fold(topic.name), topic.code.replace("_", " ")}, topic) for topic in topics]


def _tag(meetings, topics):
    """Tags named in each meeting's topic text, in one insert."""
    through = Meeting.tags.through
    links = [
        through(meeting_id=meeting.pk, meetingtopic_id=topic.pk)
        for meeting in meetings
        for words, topic in topics
        if any(word in fold(meeting.topics) for word in words)
    ]
    through.objects.bulk_create(links, batch_size=1000)
