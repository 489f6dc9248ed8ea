"""Synthetic data at scale for load tests and benchmarks: a province of
communes, hamlets with one cell each, party members, posts and holdings,
monthly meetings with gaps, and (with the awards app) commendations.

Everything is written with bulk_create in chunks, level by level; derived
fields are filled as the models' own `fill_derived_fields` fill them. The
rows are synthetic, not anybody's change, so no audit entries are written
for them (an audit trail of a million generated rows would only double the
database).
"""

import datetime
import random
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction

from cells.constants import CellKind, PlaceKind, PostScope, PostTypeCode
from cells.models import (
    Cell,
    CellMembership,
    Holding,
    PartyCommittee,
    PartyMember,
    Person,
    Place,
    Post,
    PostType,
    Term,
)

CHUNK = 5000
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hà",
    "Lò",
    "Lương",
    "Phạm",
    "Cầm",
    "Ngân",
    "Quách",
    "Mai",
    "Trịnh",
    "Lữ",
    "Vi",
]
MIDDLE_MALE = ["Văn", "Đình", "Xuân", "Hữu", "Công", "Minh", "Quang", "Đức", "Bá", "Thanh"]
MIDDLE_FEMALE = ["Thị", "Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Kim", "Minh"]
GIVEN_MALE = [
    "Hùng",
    "Dũng",
    "Thuận",
    "Bình",
    "Cường",
    "Hải",
    "Sơn",
    "Tuấn",
    "Khánh",
    "Long",
    "Phong",
    "Quyết",
    "Thắng",
    "Toàn",
    "Vinh",
    "Lâm",
    "Nam",
    "Hưng",
    "Tiến",
    "Đạt",
]
GIVEN_FEMALE = [
    "Hạnh",
    "Hiền",
    "Lan",
    "Mai",
    "Hoa",
    "Hương",
    "Thảo",
    "Nga",
    "Liên",
    "Yến",
    "Trang",
    "Huyền",
    "Ngân",
    "Phương",
    "Oanh",
    "Thủy",
]
HAMLET_KINDS = [PlaceKind.VILLAGE, PlaceKind.MOUNTAIN_VILLAGE, PlaceKind.URBAN_QUARTER]
CELL_KIND = {
    PlaceKind.VILLAGE: CellKind.VILLAGE,
    PlaceKind.MOUNTAIN_VILLAGE: CellKind.MOUNTAIN_VILLAGE,
    PlaceKind.URBAN_QUARTER: CellKind.URBAN_QUARTER,
}
HAMLET_TITLES = [
    PostTypeCode.HAMLET_CHIEF,
    PostTypeCode.FRONT_HEAD,
    PostTypeCode.MILITIA_LEADER,
    PostTypeCode.SECURITY_HEAD,
]


@dataclass
class Plan:
    communes: int = 166
    hamlets_per_commune: int = 30
    members_per_cell: int = 45
    years: int = 3
    communes_per_district: int = 15
    province_code: str = "99"
    seed: int = 2023
    until: datetime.date = datetime.date(2025, 6, 30)


def full_name(rng, sex):
    if sex == "nam":
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}"
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_FEMALE)} {rng.choice(GIVEN_FEMALE)}"


def _bulk(model, rows):
    model.objects.bulk_create(rows, batch_size=CHUNK)
    return rows


def _places(rows, parent_path):
    """Insert places of one level and give each its materialised path."""
    for place in rows:
        place.fill_derived_fields()
        place.path = ""
    _bulk(Place, rows)
    for place in rows:
        place.path = f"{parent_path(place)}{place.pk}/"
    Place.objects.bulk_update(rows, ["path"], batch_size=CHUNK)
    return rows


def generate(plan, *, log=print):
    """Create the whole synthetic province; returns it."""
    rng = random.Random(plan.seed)
    start = datetime.date(plan.until.year - plan.years + 1, 1, 1)
    with transaction.atomic():
        province, communes = _tree(plan)
        log(f"{len(communes)} communes")
        hamlets = _hamlets(plan, communes, rng)
        log(f"{len(hamlets)} hamlets")
        cells = _cells(communes, hamlets)
        members = _members(plan, cells, rng, start)
        log(f"{len(members)} party members")
        _posts_and_holdings(cells, members, rng)
        log("posts and holdings")
        meetings = _meetings(cells, rng, start, plan.until)
        log(f"{meetings} meetings")
        awards = _awards(communes, cells, members, rng, start, plan.until)
        log(f"{awards} awards")
    return province


# Codes as wide as official ones (2, 3 and 5 digits) and led by the
# province's: a district is the province code and one digit, so there are at
# most ten, and a commune the province code and three digits.
MAX_DISTRICTS = 10
MAX_COMMUNES = 1000


def _tree(plan):
    province = Place(name="Thử Nghiệm", kind=PlaceKind.PROVINCE, code=plan.province_code)
    _places([province], lambda place: "/")
    per_district = max(plan.communes_per_district, -(-plan.communes // MAX_DISTRICTS))
    districts = [
        Place(
            name=f"Mẫu {index + 1}",
            kind=PlaceKind.RURAL_DISTRICT,
            code=f"{plan.province_code}{index}",
            parent=province,
        )
        for index in range(max(1, -(-plan.communes // per_district)))
    ]
    _places(districts, lambda place: province.path)
    communes = [
        Place(
            name=f"Mẫu {index + 1}",
            kind=PlaceKind.COMMUNE,
            code=f"{plan.province_code}{index:03d}",
            parent=districts[index // per_district],
        )
        for index in range(plan.communes)
    ]
    _places(communes, lambda place: place.parent.path)
    return province, communes


def _hamlets(plan, communes, rng):
    rows = []
    for commune in communes:
        kind = rng.choice(HAMLET_KINDS)
        label = dict(PlaceKind.choices)[kind]
        for number in range(plan.hamlets_per_commune):
            rows.append(Place(name=f"{label} {number + 1}", kind=kind, parent=commune, code=""))
    return _places(rows, lambda place: place.parent.path)


def _cells(communes, hamlets):
    committees = _bulk(
        PartyCommittee, [PartyCommittee(name=f"Đảng bộ {c}", place=c) for c in communes]
    )
    committee_of = {committee.place_id: committee for committee in committees}
    cells = []
    for hamlet in hamlets:
        cell = Cell(
            name=f"Chi bộ {hamlet.name}",
            kind=CELL_KIND[hamlet.kind],
            committee=committee_of[hamlet.parent_id],
            hamlet=hamlet,
            founded_on=datetime.date(1990, 1, 1),
        )
        cell.fill_derived_fields()
        cells.append(cell)
    return _bulk(Cell, cells)


def _members(plan, cells, rng, start):
    """Members of every cell: most admitted long ago, a few during the years."""
    people, members = [], []
    for cell in cells:
        for _index in range(plan.members_per_cell):
            sex = "nam" if rng.random() < 0.62 else "nu"
            person = Person(
                full_name=full_name(rng, sex),
                sex=sex,
                birth_date=datetime.date(rng.randint(1940, 2000), rng.randint(1, 12), 15),
                place=cell.hamlet,
            )
            person.fill_derived_fields()
            people.append(person)
            if rng.random() < 0.06:
                admitted = start + datetime.timedelta(
                    days=rng.randint(0, (plan.until - start).days)
                )
            else:
                admitted = datetime.date(rng.randint(1965, start.year - 1), rng.randint(1, 12), 3)
            members.append((person, cell, admitted))
    _bulk(Person, people)
    party_members = [
        PartyMember(
            person=person,
            admitted_on=admitted,
            full_member_on=admitted + datetime.timedelta(days=365),
            left_on=admitted + datetime.timedelta(days=9000) if rng.random() < 0.01 else None,
        )
        for person, _cell, admitted in members
    ]
    _bulk(PartyMember, party_members)
    memberships = [
        CellMembership(member=member, cell=cell, start_date=admitted)
        for member, (_person, cell, admitted) in zip(party_members, members, strict=True)
    ]
    _bulk(CellMembership, memberships)
    return [(member, cell) for member, (_p, cell, _a) in zip(party_members, members, strict=True)]


def _posts_and_holdings(cells, members, rng):
    types = {post_type.code: post_type for post_type in PostType.objects.all()}
    term, _created = Term.objects.get_or_create(
        name="2020–2025",
        defaults={"start_date": datetime.date(2020, 7, 1), "end_date": datetime.date(2025, 6, 30)},
    )
    first_member = {}
    for member, cell in members:
        first_member.setdefault(cell.pk, member)
    posts, holders = [], []
    for cell in cells:
        secretary = Post(post_type=types[PostTypeCode.CELL_SECRETARY], place=cell.hamlet, cell=cell)
        posts.append(secretary)
        holders.append((secretary, first_member[cell.pk].person if rng.random() < 0.97 else None))
        for code in HAMLET_TITLES:
            if code not in types or types[code].scope != PostScope.HAMLET:
                continue
            post = Post(post_type=types[code], place=cell.hamlet)
            posts.append(post)
            if code == PostTypeCode.HAMLET_CHIEF and rng.random() < 0.75:
                holders.append((post, first_member[cell.pk].person))  # kiêm nhiệm
            elif rng.random() < 0.9:
                holders.append((post, "new"))
    _bulk(Post, posts)
    new_people = []
    holdings = []
    for post, person in holders:
        if person is None:
            continue
        if person == "new":
            sex = "nam" if rng.random() < 0.7 else "nu"
            person = Person(full_name=full_name(rng, sex), sex=sex, place=post.place)
            person.fill_derived_fields()
            new_people.append(person)
        holdings.append(
            Holding(
                person=person,
                post=post,
                term=term,
                start_date=term.start_date,
                decision_number=f"{rng.randint(1, 300)}-QĐ/ĐU",
                exclusive=True,
            )
        )
    _bulk(Person, new_people)
    _bulk(Holding, holdings)


def _months(start, until):
    year, month = start.year, start.month
    while datetime.date(year, month, 1) <= until:
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _meetings(cells, rng, start, until):
    meeting_model = _model("meetings.Meeting")
    if meeting_model is None:
        return 0
    from meetings.constants import MeetingKind

    rows, total = [], 0
    for cell in cells:
        diligence = rng.random()  # some cells miss more months than others
        for year, month in _months(start, until):
            if rng.random() < 0.03 + 0.12 * (diligence < 0.2):
                continue  # a month without its regular meeting
            day = datetime.date(year, month, rng.randint(3, 25))
            thematic = month % 3 == 0 and rng.random() < 0.85
            kind = MeetingKind.COMBINED if thematic else MeetingKind.REGULAR
            minutes = (
                rng.choice([75, 95, 100, 120, 130, 150])
                if thematic
                else rng.choice([60, 85, 90, 95, 105, 120])
            )
            present = rng.randint(25, 45)
            rows.append(
                meeting_model(
                    cell=cell,
                    kind=kind,
                    date=day,
                    duration_minutes=minutes,
                    papers_sent_on=day - datetime.timedelta(days=rng.choice([0, 1, 2, 3])),
                    papers_days_ahead=None,
                    reported_present=present,
                    reported_excused=rng.randint(0, 4),
                    reported_unexcused=rng.randint(0, 2),
                )
            )
            if len(rows) >= CHUNK:
                total += _flush_meetings(meeting_model, rows)
    return total + _flush_meetings(meeting_model, rows)


def _flush_meetings(model, rows):
    for row in rows:
        row.fill_derived_fields()
    model.objects.bulk_create(rows, batch_size=CHUNK)
    count = len(rows)
    rows.clear()
    return count


def _model(label):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _awards(communes, cells, members, rng, start, until):
    """Each year, a commune certificate to a few cell secretaries and cells."""
    award_model = _model("awards.Award")
    if award_model is None:
        return 0
    from awards.models import CommendationForm, Decision, IssuingBody

    forms = {form.code: form for form in CommendationForm.objects.all()}
    if not forms:
        return 0
    certificate = forms.get("giay_khen") or next(iter(forms.values()))
    bodies = _bulk(IssuingBody, [IssuingBody(name=f"Đảng ủy {c}", place=c) for c in communes])
    body_of = {body.place_id: body for body in bodies}
    cells_of = {}
    for cell in cells:
        cells_of.setdefault(cell.committee.place_id, []).append(cell)
    secretary_of = {}
    for member, cell in members:
        secretary_of.setdefault(cell.pk, member.person)
    decisions, plans = [], []
    for commune in communes:
        for year in range(start.year, until.year + 1):
            decision = Decision(
                number=f"{rng.randint(1, 999)}-QĐ/ĐU",
                date=min(datetime.date(year, 12, 20), until),
                body=body_of[commune.pk],
                form=certificate,
            )
            decisions.append(decision)
            chosen = rng.sample(cells_of[commune.pk], min(3, len(cells_of[commune.pk])))
            plans.append((decision, commune, chosen))
    _bulk(Decision, decisions)
    awards = []
    for decision, commune, chosen in plans:
        for cell in chosen:
            awards.append(_award(award_model, decision, commune, cell, collective=True))
            person = secretary_of[cell.pk]
            awards.append(_award(award_model, decision, commune, cell, person=person))
    _bulk(award_model, awards)
    return len(awards)


def _award(model, decision, commune, cell, *, collective=False, person=None):
    hamlet = cell.hamlet
    return model(
        decision=decision,
        person=person,
        cell=cell if collective else None,
        achievement="Hoàn thành xuất sắc nhiệm vụ",
        recipient_name=cell.name if collective else person.full_name,
        post_title="" if collective else "Bí thư chi bộ",
        unit_name=f"{hamlet.name}, {commune.name}",
        is_collective=collective,
        recipient_place=hamlet,
        commune_name=commune.name,
        commune_sort_key=commune.sort_key,
        hamlet_name=hamlet.name,
        hamlet_sort_key=hamlet.sort_key,
        name_sort_key=cell.sort_key if collective else person.sort_key,
    )
