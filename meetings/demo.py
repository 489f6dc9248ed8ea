"""Demo meetings for 2022–2023 on the cells that cells/demo.py builds (run
after it), with the gaps officers chase:

* every cell meets monthly, but a few weak cells skip months and some
  quarters' thematic meeting, and some meetings run short or get their
  papers out late;
* a regular and a thematic meeting are often combined (kết hợp);
* Huyện Quan Sơn (387): district cadres follow cells ("3+1") and come to most
  of their meetings; December 2023 has per-member attendance;
* Thị xã Nghi Sơn (407): a conference of all its cell secretaries (239);
  Huyện Thọ Xuân (395): an online conference with a bridge point in every
  commune.

Deterministic (seeded), bulk writes, and idempotent: a district that already
has meetings is skipped, conferences are found by title before being made.
"""

import datetime
import random
from collections import defaultdict

from django.db import transaction
from django.db.models import Count

from cells.constants import Level, PostTypeCode
from cells.models import Cell, CellMembership, Holding, Person, Place, PostType
from core.periods import Period

from .compliance import existed_in_full
from .constants import AttendanceStatus, MeetingKind
from .models import (
    Attendance,
    CadreAssignment,
    Conference,
    ConferenceInvitation,
    Meeting,
    MeetingGuest,
    MeetingTopic,
)

QUAN_SON, THO_XUAN, NGHI_SON = "387", "395", "407"
DISTRICTS = [QUAN_SON, THO_XUAN, NGHI_SON]
FIRST_MONTH, LAST_MONTH = datetime.date(2022, 1, 1), datetime.date(2023, 12, 31)
DEMO_DATE = datetime.date(2023, 12, 31)
SEED = 20231231
WEAK_CELL_SHARE = 0.1
BATCH = 2000

THEMES = [
    ("kinh_te", "Chuyên đề: phát triển kinh tế hộ gia đình, chuyển đổi cây trồng, vật nuôi"),
    ("nong_thon_moi", "Chuyên đề: xây dựng nông thôn mới, khu dân cư kiểu mẫu"),
    ("giam_ngheo", "Chuyên đề: giảm nghèo bền vững, hỗ trợ hộ nghèo, hộ cận nghèo"),
    (
        "xay_dung_dang",
        "Chuyên đề: nâng cao chất lượng sinh hoạt chi bộ, công tác phát triển đảng viên",
    ),
    ("an_ninh_trat_tu", "Chuyên đề: giữ gìn an ninh trật tự, phòng chống tội phạm, ma túy"),
]
START_TIMES = [datetime.time(19, 30)] * 6 + [datetime.time(14, 0), datetime.time(8, 0)]


@transaction.atomic
def load(*, log=print):
    """Build the demo meetings of the demo districts that have cells and no
    meetings yet, then the demo conferences. Returns the districts built."""
    topics = {topic.code: topic for topic in MeetingTopic.objects.all()}
    built = 0
    for code in DISTRICTS:
        district = Place.objects.by_code(code, level=Level.DISTRICT, on=DEMO_DATE)
        if district is None:
            continue
        cells = list(Cell.objects.within(district).select_related("hamlet").order_by("pk"))
        if not cells or Meeting.objects.within(district).exists():
            continue
        rng = random.Random(f"{SEED}-meetings-{code}")
        meetings = build_meetings(cells, rng)
        save_meetings(meetings, topics)
        if code == QUAN_SON:
            follow_cells(district, cells, meetings, rng)
            record_last_attendance(cells, meetings, rng)
        built += 1
        log(f"{district}: {len(meetings)} buổi sinh hoạt chi bộ 2022–2023.")
    conferences(log)
    return built


def _months():
    return list(Period.parse(f"{FIRST_MONTH.year}..{LAST_MONTH.year}").months())


def _member_counts(cells):
    """Members of each cell in mid-2023, for the reported attendance counts."""
    rows = (
        CellMembership.objects.on(datetime.date(2023, 6, 30))
        .filter(cell__in=cells)
        .values_list("cell_id")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


def _secretaries(cells):
    rows = Holding.objects.on(DEMO_DATE).filter(
        post__cell__in=cells, post__post_type__code=PostTypeCode.CELL_SECRETARY
    )
    return dict(rows.values_list("post__cell_id", "person_id"))


def build_meetings(cells, rng):
    """Unsaved meetings of `cells` over 2022–2023, each with `_theme` set."""
    members = _member_counts(cells)
    chairs = _secretaries(cells)
    meetings = []
    for cell in cells:
        weak = rng.random() < WEAK_CELL_SHARE
        thematic_month = {}
        for year, month in _months():
            first = datetime.date(year, month, 1)
            last = Period.month_of(first).end
            if not existed_in_full(cell.founded_on, cell.dissolved_on, first, last):
                continue
            quarter = (year, (month - 1) // 3)
            thematic_month.setdefault(quarter, 3 * quarter[1] + 1 + rng.randrange(3))
            make = _cell_month(cell, first, weak, rng, members.get(cell.pk, 0), chairs)
            meetings.extend(make(thematic=thematic_month[quarter] == month))
    return meetings


def _cell_month(cell, first, weak, rng, member_count, chairs):
    def make(thematic):
        if rng.random() < (0.25 if weak else 0.03):
            return []  # the month's meeting was missed
        skip_thematic = thematic and rng.random() < (0.4 if weak else 0.05)
        wants_thematic = thematic and not skip_thematic
        combined = wants_thematic and rng.random() < 0.6
        kind = MeetingKind.COMBINED if combined else MeetingKind.REGULAR
        rows = [_meeting(cell, first, kind, rng, member_count, chairs)]
        if wants_thematic and not combined:
            rows.append(_meeting(cell, first, MeetingKind.THEMATIC, rng, member_count, chairs))
        return rows

    return make


def _meeting(cell, first, kind, rng, member_count, chairs):
    date = first.replace(day=rng.randint(3, 26))
    start = rng.choice(START_TIMES)
    minutes = _minutes(kind, rng)
    end = (datetime.datetime.combine(date, start) + datetime.timedelta(minutes=minutes)).time()
    ahead = 0 if rng.random() < 0.06 else rng.choice([1, 2, 2, 3, 3, 5])
    present, excused, unexcused = _attendance(member_count, rng)
    theme = rng.choice(THEMES) if kind != MeetingKind.REGULAR else None
    regular_text = (
        f"Đánh giá kết quả tháng {date.month}/{date.year}, triển khai nhiệm vụ tháng sau."
    )
    topics = regular_text if theme is None else f"{regular_text} {theme[1]}"
    if kind == MeetingKind.THEMATIC:
        topics = theme[1]
    meeting = Meeting(
        cell=cell,
        kind=kind,
        date=date,
        start_time=start,
        end_time=end,
        location=f"Nhà văn hóa {cell.hamlet.name}" if cell.hamlet else "Hội trường cơ quan",
        chair_id=chairs.get(cell.pk),
        topics=topics,
        papers_sent_on=date - datetime.timedelta(days=ahead),
        reported_present=present,
        reported_excused=excused,
        reported_unexcused=unexcused,
    )
    meeting.fill_derived_fields()
    meeting._theme = theme[0] if theme else None
    return meeting


def _minutes(kind, rng):
    short = rng.random() < 0.08
    if kind == MeetingKind.COMBINED:
        return rng.randint(95, 115) if short else rng.randint(120, 170)
    if kind == MeetingKind.REGULAR:
        return rng.randint(60, 85) if short else rng.randint(90, 150)
    return rng.randint(90, 150)


def _attendance(member_count, rng):
    if not member_count:
        return None, None, None
    share = rng.uniform(0.35, 0.49) if rng.random() < 0.03 else rng.uniform(0.78, 0.98)
    present = max(1, round(member_count * share))
    absent = member_count - present
    excused = round(absent * 0.7)
    return present, excused, absent - excused


def save_meetings(meetings, topics):
    Meeting.objects.bulk_create(meetings, batch_size=BATCH)
    through = Meeting.tags.through
    through.objects.bulk_create(
        [
            through(meeting_id=m.pk, meetingtopic_id=topics[m._theme].pk)
            for m in meetings
            if m._theme
        ],
        batch_size=BATCH,
    )


def _district_cadres(district, count):
    """People registered at the district itself (the awards demo adds its
    cadres there); enough of them are made up when there are too few."""
    cadres = list(Person.objects.filter(place=district).order_by("pk")[:count])
    missing = [
        Person(full_name=f"Cán bộ Huyện ủy số {number}", place=district)
        for number in range(len(cadres) + 1, count + 1)
    ]
    for person in missing:
        person.fill_derived_fields()
    return cadres + Person.objects.bulk_create(missing)


def follow_cells(district, cells, meetings, rng):
    """Quan Sơn's "3+1": each district cadre follows a few cells from 2022
    and comes to about three meetings in four."""
    cadres = _district_cadres(district, 16)
    cadre_of = {cell.pk: cadres[index % len(cadres)] for index, cell in enumerate(cells)}
    CadreAssignment.objects.bulk_create(
        [
            CadreAssignment(
                person=cadre,
                cell_id=cell,
                position="Cán bộ huyện dự sinh hoạt chi bộ",
                start_date=datetime.date(2022, 1, 1),
            )
            for cell, cadre in cadre_of.items()
        ],
        batch_size=BATCH,
    )
    MeetingGuest.objects.bulk_create(
        [
            MeetingGuest(meeting=m, person=cadre_of[m.cell_id], position="Cán bộ huyện")
            for m in meetings
            if m.kind != MeetingKind.THEMATIC and rng.random() < 0.75
        ],
        batch_size=BATCH,
    )


def record_last_attendance(cells, meetings, rng):
    """Per-member attendance of December 2023's regular meetings, with the
    counts derived from the rows (as the attendance screen saves them)."""
    december = {
        m.cell_id: m
        for m in meetings
        if m.date >= datetime.date(2023, 12, 1) and m.kind != MeetingKind.THEMATIC
    }
    on_date = CellMembership.objects.on(datetime.date(2023, 12, 1)).filter(cell__in=cells)
    rows, counts = [], defaultdict(lambda: [0, 0])
    for cell_id, member_id in on_date.values_list("cell_id", "member_id"):
        meeting = december.get(cell_id)
        if meeting is None:
            continue
        roll = rng.random()
        status = (
            AttendanceStatus.PRESENT
            if roll < 0.9
            else AttendanceStatus.EXCUSED
            if roll < 0.97
            else AttendanceStatus.UNEXCUSED
        )
        reason = "Đi làm ăn xa" if status == AttendanceStatus.EXCUSED else ""
        rows.append(Attendance(meeting=meeting, member_id=member_id, status=status, reason=reason))
        counts[meeting.pk][0] += status == AttendanceStatus.PRESENT
        counts[meeting.pk][1] += 1
    Attendance.objects.bulk_create(rows, batch_size=BATCH)
    for meeting in december.values():
        if meeting.pk in counts:
            meeting.attendance_present, meeting.attendance_total = counts[meeting.pk]
    Meeting.objects.bulk_update(
        [m for m in december.values() if m.pk in counts],
        ["attendance_present", "attendance_total"],
        batch_size=BATCH,
    )


CONFERENCES = [
    # code, title, date, online, post types invited
    (
        NGHI_SON,
        "Hội nghị bí thư chi bộ thôn, tiểu khu, tổ dân phố năm 2023",
        datetime.date(2023, 11, 10),
        False,
        [PostTypeCode.CELL_SECRETARY],
    ),
    (
        THO_XUAN,
        "Hội nghị trực tuyến triển khai nhiệm vụ xây dựng nông thôn mới năm 2023",
        datetime.date(2023, 3, 15),
        True,
        [PostTypeCode.CELL_SECRETARY, PostTypeCode.HAMLET_CHIEF],
    ),
]


def conferences(log):
    """The seed articles' conferences, each made once and resolved to the
    holders of the invited posts on its date."""
    for code, title, date, online, post_codes in CONFERENCES:
        host = Place.objects.official_unit(code, on=date)
        if host is None or not Cell.objects.within(host).exists():
            continue
        conference, created = Conference.objects.get_or_create(
            title=title,
            host=host,
            date=date,
            defaults={"online": online, "location": "" if online else f"Hội trường {host}"},
        )
        if not created:
            continue
        if online:
            conference.bridge_points.set(Place.objects.within(host).communes().valid_on(date))
        group = ConferenceInvitation.objects.create(conference=conference, place=host)
        group.post_types.set(PostType.objects.filter(code__in=post_codes))
        invited = group.resolve()
        # Most came; a few sent word they could not.
        conference.invitees.update(attended=True)
        absent = conference.invitees.order_by("pk").values_list("pk", flat=True)[::37]
        conference.invitees.filter(pk__in=list(absent)).update(attended=False)
        log(f"{conference}: {invited} người được mời.")
