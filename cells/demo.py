"""Demo data set in the seed articles' time (2017–2023), on the real communes
of the official list.

It reproduces the articles' figures at 31/12/2023:
- Huyện Quan Sơn (387): 94 bản / khu phố cells, 4,136 party members, every
  cell secretary also the hamlet chief (bí thư kiêm trưởng bản);
- Huyện Thọ Xuân (395): 274 thôn / khu phố, 807 people holding the five
  hamlet titles (some posts left vacant), 1,093 heads of association branches;
- Thị xã Nghi Sơn (407): 239 thôn / tiểu khu / tổ dân phố cells, each with a
  secretary, 386 admissions in the first ten months of 2023.

Names come from a seeded random generator, so every run builds the same
data. A district that already has hamlets is left alone, so running the
loader twice neither fails nor duplicates anything.
"""

import datetime
import random
from dataclasses import dataclass

from django.db import connection, transaction

from .admin_units import _fill_paths
from .constants import (
    CellKind,
    EndReason,
    Level,
    MembershipEndReason,
    PlaceKind,
    PostTypeCode,
    Sex,
)
from .models import (
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

DEMO_DATE = datetime.date(2023, 12, 31)
SEED = 20231231
QUAN_SON, THO_XUAN, NGHI_SON = "387", "395", "407"
SON_LU = "15016"  # Thị trấn Sơn Lư, seat of Huyện Quan Sơn

TERMS = {
    "2017–2020": (datetime.date(2017, 7, 1), datetime.date(2020, 6, 30)),
    "2020–2022": (datetime.date(2020, 7, 1), datetime.date(2022, 6, 30)),
    "2022–2025": (datetime.date(2022, 7, 1), datetime.date(2025, 6, 30)),
    "2020–2025": (datetime.date(2020, 7, 1), datetime.date(2025, 6, 30)),
}
CELL_TERMS = ["2017–2020", "2020–2022", "2022–2025"]

CELL_KIND_OF_HAMLET = {
    PlaceKind.MOUNTAIN_VILLAGE: CellKind.MOUNTAIN_VILLAGE,
    PlaceKind.VILLAGE: CellKind.VILLAGE,
    PlaceKind.URBAN_QUARTER: CellKind.URBAN_QUARTER,
    PlaceKind.SUBDIVISION: CellKind.URBAN_QUARTER,
    PlaceKind.RESIDENTIAL_GROUP: CellKind.RESIDENTIAL_GROUP,
}
CELL_POSTS = [PostTypeCode.CELL_SECRETARY, PostTypeCode.DEPUTY_SECRETARY]
TITLE_POSTS = [
    PostTypeCode.HAMLET_CHIEF,
    PostTypeCode.FRONT_HEAD,
    PostTypeCode.MILITIA_LEADER,
    PostTypeCode.SECURITY_HEAD,
]
BRANCH_POSTS = [
    PostTypeCode.FARMERS_HEAD,
    PostTypeCode.WOMEN_HEAD,
    PostTypeCode.YOUTH_SECRETARY,
    PostTypeCode.VETERANS_HEAD,
]

# Names. Quan Sơn is a Thái and Mường highland district; Thọ Xuân and Nghi
# Sơn are Kinh lowland ones.
THAI_FAMILIES = ["Lò", "Vi", "Lương", "Cầm", "Hà", "Phạm", "Bùi", "Ngân", "Lữ", "Quách", "Mạc"]
KINH_FAMILIES = [
    "Nguyễn", "Nguyễn", "Nguyễn", "Lê", "Lê", "Trần", "Phạm", "Hoàng", "Đỗ", "Bùi",
    "Vũ", "Đặng", "Hà", "Ngô", "Trịnh", "Mai", "Lưu", "Hồ", "Tống", "Cao",
]  # fmt: skip
MALE_MIDDLES = ["Văn", "Văn", "Đức", "Hữu", "Xuân", "Minh", "Ngọc", "Quang", "Đình", "Công", "Bá"]
FEMALE_MIDDLES = ["Thị", "Thị", "Thị", "Thị Thu", "Thị Hồng", "Thị Thanh", "Thị Ngọc", "Thị Kim"]
MALE_GIVENS = [
    "Hùng", "Dũng", "Thắng", "Tuấn", "Hải", "Long", "Cường", "Thuận", "Sơn", "Trung",
    "Chiến", "Khánh", "Bình", "Phong", "Lâm", "Tiến", "Toàn", "Định", "Thành", "Quý",
    "Nam", "Vinh", "Hưng", "Đạt", "Lợi", "Tùng", "Kiên", "Hoàn", "Nghĩa", "Duyên",
]  # fmt: skip
FEMALE_GIVENS = [
    "Hiền", "Hạnh", "Lan", "Hương", "Mai", "Thủy", "Nga", "Hoa", "Liên", "Phương",
    "Thảo", "Yến", "Xuân", "Dung", "Huyền", "Oanh", "Loan", "Nhung", "Hằng", "Tâm",
]  # fmt: skip
THAI_MALE_GIVENS = ["Khăm", "Pánh", "Xiêng", "Ón", "Hặc", "Pọm", "Chăn", "Hom", "Tài", "Ủn"]
THAI_FEMALE_GIVENS = ["Ẻn", "Lả", "Xuân", "Pỏm", "Ỏn", "Bua", "Ươn", "Pâng", "Hom", "Chiêm"]

BAN_NAMES = [
    "Na Hồ", "Din", "Bo", "Xía", "Hẹ", "Muống", "Mùa Xuân", "Chung Tiến", "Cha Khót",
    "Ché Lầu", "Sủa", "Lốc Há", "Cạn", "Phụ Nhiêu", "Nhài", "Bách", "Pọng", "Khạn",
    "Xộp Huối", "Tang", "Ngàm", "Pách", "Son", "Poọng", "Mò", "Chiềng", "Nà Phé",
    "Pù Mé", "Kham", "Hao", "Tình", "Hiềng", "Hốc", "Ún", "Lang", "Đuống", "Ba Búa",
    "Pù Ngùa", "Cúm", "Xuân Sơn", "Nà Ơi", "Sại", "Lầu Hin", "Nàng", "Phe", "Mứn",
]  # fmt: skip
THON_NAMES = [
    "Phú Xá", "Đông Hải", "Trung Thành", "Hồng Kỳ", "Tiến Thành", "Yên Trường",
    "Xuân Thành", "Phúc Lâm", "Đông Lĩnh", "Tây Hồ", "Bắc Sơn", "Nam Giang",
    "Thanh Trung", "Kim Sơn", "Hạnh Phúc", "Quyết Thắng", "Thắng Lợi", "Đoàn Kết",
    "Hòa Bình", "Minh Khai", "Quang Trung", "Lê Lợi", "Tân Phong", "Liên Sơn",
    "Bái Thượng", "Phong Lạc", "Lam Vỹ", "Hồng Phong", "Đại Đồng", "Thịnh Mỹ",
    "Phú Thọ", "Yên Lược", "Hải Thượng", "Trường Sơn", "Thuần Hậu", "Xuân Phú",
]  # fmt: skip


class DemoError(Exception):
    """The demo cannot be built (official units not loaded)."""


@dataclass(frozen=True)
class DistrictPlan:
    code: str
    hamlets: int
    members: int  # members in force on DEMO_DATE
    admissions_2023: int  # admitted in 2023, up to DEMO_DATE
    admission_months_2023: int  # spread over the first months of 2023
    highland: bool = False


PLANS = [
    DistrictPlan(QUAN_SON, 94, 4136, 118, 12, highland=True),
    DistrictPlan(THO_XUAN, 274, 8220, 295, 12),
    DistrictPlan(NGHI_SON, 239, 7410, 386, 10),
]


def split(total, parts, rng, minimum=1):
    """`total` split into `parts` uneven, deterministic whole numbers."""
    weights = [rng.uniform(0.6, 1.4) for _ in range(parts)]
    spare = total - minimum * parts
    shares = [spare * w / sum(weights) for w in weights]
    counts = [minimum + int(share) for share in shares]
    by_remainder = sorted(range(parts), key=lambda i: shares[i] - int(shares[i]), reverse=True)
    for index in by_remainder[: total - sum(counts)]:
        counts[index] += 1
    return counts


def random_date(rng, start, end):
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


class Builder:
    """Collects unsaved rows for a district, then writes them in bulk."""

    def __init__(self, rng, terms, post_types):
        self.rng, self.terms, self.post_types = rng, terms, post_types
        self.hamlets, self.committees, self.cells, self.posts = [], [], [], []
        # Units merged away in 2019 point to their successor, so they are
        # written after it.
        self.old_hamlets, self.old_cells, self.merged_cells = [], [], {}
        self.old_secretary_posts = {}
        self.people, self.members, self.memberships, self.holdings = [], [], [], []
        self.decision_numbers = 0

    # people -----------------------------------------------------------------

    def person(self, hamlet, *, highland, sex=None, born=None):
        rng = self.rng
        sex = sex or rng.choice([Sex.MALE, Sex.MALE, Sex.FEMALE])
        local = highland and rng.random() < 0.8
        family = rng.choice(THAI_FAMILIES if local else KINH_FAMILIES)
        if sex == Sex.MALE:
            middle = rng.choice(MALE_MIDDLES)
            givens = MALE_GIVENS + (THAI_MALE_GIVENS if local else [])
        else:
            middle = rng.choice(FEMALE_MIDDLES)
            givens = FEMALE_GIVENS + (THAI_FEMALE_GIVENS if local else [])
        born = born or random_date(rng, datetime.date(1950, 1, 1), datetime.date(2000, 12, 31))
        person = Person(
            full_name=f"{family} {middle} {rng.choice(givens)}",
            sex=sex,
            birth_date=born,
            phone=f"09{rng.randint(10000000, 99999999)}" if rng.random() < 0.6 else "",
            place=hamlet,
        )
        person.fill_derived_fields()
        self.people.append(person)
        return person

    def member(self, cell, admitted_on, card_number, *, highland):
        age = self.rng.randint(19, 35)
        born = admitted_on - datetime.timedelta(days=365 * age + self.rng.randint(0, 364))
        person = self.person(cell.hamlet, highland=highland, born=born)
        full_member_on = admitted_on + datetime.timedelta(days=365)
        member = PartyMember(
            person=person,
            card_number=card_number,
            admitted_on=admitted_on,
            full_member_on=full_member_on if full_member_on <= DEMO_DATE else None,
        )
        self.members.append(member)
        self.join(member, cell, max(admitted_on, cell.founded_on))
        return member

    def join(self, member, cell, start, end=None, reason=""):
        membership = CellMembership(
            member=member, cell=cell, start_date=start, end_date=end, end_reason=reason
        )
        self.memberships.append(membership)
        return membership

    # posts and holdings -----------------------------------------------------

    def post(self, code, hamlet, cell=None):
        post = Post(post_type=self.post_types[code], place=hamlet, cell=cell)
        self.posts.append(post)
        return post

    def hold(self, person, post, term, *, start=None, end=None, by="ĐU"):
        term_start, term_end = self.terms[term].start_date, self.terms[term].end_date
        start = start or term_start
        ended = end or (term_end if term_end < DEMO_DATE else None)
        self.decision_numbers += 1
        issuer = "QĐ/ĐU" if by == "ĐU" else "QĐ-UBND"
        number = (
            f"{self.decision_numbers}-{issuer}"
            if by == "ĐU"
            else f"{self.decision_numbers}/{issuer}"
        )
        holding = Holding(
            person=person,
            post=post,
            term=self.terms[term],
            start_date=start,
            end_date=ended,
            end_reason=EndReason.TERM_ENDED if ended else "",
            decision_number=number,
            decision_date=start - datetime.timedelta(days=self.rng.randint(1, 10)),
            exclusive=post.post_type.is_single_seat,
        )
        self.holdings.append(holding)
        return holding

    # writing ----------------------------------------------------------------

    def save(self):
        Place.objects.bulk_create(self.hamlets, batch_size=500)
        Place.objects.bulk_create(self.old_hamlets, batch_size=500)
        _fill_paths(Level.HAMLET)
        for model, rows in [
            (PartyCommittee, self.committees),
            (Cell, self.cells),
            (Cell, self.old_cells),
            (Post, self.posts),
            (Person, self.people),
            (PartyMember, self.members),
            (CellMembership, self.memberships),
            (Holding, self.holdings),
        ]:
            model.objects.bulk_create(rows, batch_size=500)


def hamlet_names(commune, count, plan, rng):
    """(kind, name) of `count` hamlets of a commune, in local naming habits."""
    if commune.kind in (PlaceKind.TOWNSHIP, PlaceKind.WARD):
        if plan.code == NGHI_SON and commune.kind == PlaceKind.WARD and rng.random() < 0.5:
            return numbered(PlaceKind.SUBDIVISION, count)
        if plan.code == NGHI_SON:
            return numbered(PlaceKind.RESIDENTIAL_GROUP, count)
        return numbered(PlaceKind.URBAN_QUARTER, count)
    if plan.highland:
        return [(PlaceKind.MOUNTAIN_VILLAGE, name) for name in rng.sample(BAN_NAMES, count)]
    if rng.random() < 0.4:  # many lowland communes simply number their thôn
        return numbered(PlaceKind.VILLAGE, count)
    return [(PlaceKind.VILLAGE, name) for name in rng.sample(THON_NAMES, count)]


def numbered(kind, count):
    # Stored short like official units: "1" of kind khu phố reads "Khu phố 1".
    return [(kind, str(number)) for number in range(1, count + 1)]


def committee_name(place):
    return f"Đảng bộ {place.get_kind_display().lower()} {place.name}"


def build_district(builder, district, communes, plan):
    """Hamlets, cells, members, posts and holdings of one district."""
    rng = builder.rng
    builder.committees.append(PartyCommittee(name=committee_name(district), place=district))
    per_commune = split(plan.hamlets, len(communes), rng, minimum=3)
    cells = []
    for commune, count in zip(communes, per_commune, strict=True):
        committee = PartyCommittee(
            name=committee_name(commune), place=commune, founded_on=datetime.date(1960, 1, 1)
        )
        builder.committees.append(committee)
        for kind, name in hamlet_names(commune, count, plan, rng):
            hamlet = Place(name=name, kind=kind, parent=commune)
            hamlet.fill_derived_fields()
            builder.hamlets.append(hamlet)
            cell_kind = CELL_KIND_OF_HAMLET[kind]
            cell = Cell(
                name=f"Chi bộ {str(hamlet).lower()[: -len(name)]}{name}",
                kind=cell_kind,
                committee=committee,
                hamlet=hamlet,
                founded_on=random_date(rng, datetime.date(1955, 1, 1), datetime.date(1995, 12, 31)),
            )
            cell.fill_derived_fields()
            builder.cells.append(cell)
            cells.append(cell)
    if plan.code == THO_XUAN:
        merge_hamlets_of_2019(builder, cells)
    members_by_cell = build_members(builder, cells, plan)
    build_posts(builder, cells, members_by_cell, plan)


MERGED_ON = datetime.date(2020, 1, 1)
MERGED_HAMLETS = 12
OLD_HALVES = [("Đông", "Tây"), ("Thượng", "Hạ"), ("Bắc", "Nam")]


def merge_hamlets_of_2019(builder, cells):
    """Thọ Xuân merged villages in 2019: some of today's thôn were made on
    1/1/2020 from two older ones, whose rows stay with their dates and a link
    to the successor, so history reads under the old names."""
    rng = builder.rng
    named = [cell for cell in cells if not cell.hamlet.name.isdigit()]
    for cell in rng.sample(named, min(MERGED_HAMLETS, len(named))):
        hamlet = cell.hamlet
        hamlet.valid_from, cell.founded_on = MERGED_ON, MERGED_ON
        builder.merged_cells[id(cell)] = []
        for half in rng.choice(OLD_HALVES):
            old = Place(
                name=f"{hamlet.name} {half}",
                kind=hamlet.kind,
                parent=hamlet.parent,
                valid_to=MERGED_ON - datetime.timedelta(days=1),
                successor=hamlet,
            )
            old.fill_derived_fields()
            builder.old_hamlets.append(old)
            old_cell = Cell(
                name=f"Chi bộ thôn {old.name}",
                kind=cell.kind,
                committee=cell.committee,
                hamlet=old,
                founded_on=random_date(rng, datetime.date(1955, 1, 1), datetime.date(1995, 12, 31)),
                dissolved_on=old.valid_to,
                successor=cell,
            )
            old_cell.fill_derived_fields()
            builder.old_cells.append(old_cell)
            builder.merged_cells[id(cell)].append(old_cell)
            secretary_post = builder.post(PostTypeCode.CELL_SECRETARY, old, old_cell)
            builder.old_secretary_posts[id(old_cell)] = secretary_post


def history_before_merge(builder, members_by_cell, transferred):
    """Members of a merged cell sat in one of the two old cells until the
    merger; the old cells' secretaries served until they were dissolved."""
    rng = builder.rng
    for cell_id, old_cells in builder.merged_cells.items():
        secretaries = {}
        for member in members_by_cell[cell_id]:
            if member.admitted_on >= MERGED_ON or id(member) in transferred:
                continue
            old_cell = rng.choice(old_cells)
            start = max(member.admitted_on, old_cell.founded_on)
            builder.join(member, old_cell, start, old_cell.dissolved_on, MembershipEndReason.MERGED)
            if start < TERMS["2017–2020"][0]:
                secretaries.setdefault(id(old_cell), member)
        for old_cell in old_cells:
            secretary = secretaries.get(id(old_cell))
            if secretary is not None:
                post = builder.old_secretary_posts[id(old_cell)]
                holding = builder.hold(
                    secretary.person, post, "2017–2020", end=old_cell.dissolved_on
                )
                holding.end_reason = EndReason.MERGED


def admission_dates(plan, rng):
    """One admission date per member in force, oldest first: most admitted
    long ago, `admissions_2023` in the first months of 2023."""
    recent_end = datetime.date(2023, plan.admission_months_2023, 28)
    in_2023 = [
        random_date(rng, datetime.date(2023, 1, 1), recent_end) for _ in range(plan.admissions_2023)
    ]
    older = [
        # triangular: fewer admissions in the 1960s, more in recent years
        datetime.date(1965, 1, 1) + datetime.timedelta(days=int(rng.triangular(0, 21184, 21000)))
        for _ in range(plan.members - plan.admissions_2023)
    ]
    return sorted(older + in_2023)


def build_members(builder, cells, plan):
    """Members in force on DEMO_DATE, plus history that must not count:
    members who died, members transferred between cells, memberships of the
    cells merged in 2019."""
    rng = builder.rng
    counts = split(plan.members, len(cells), rng, minimum=12)
    dates = admission_dates(plan, rng)
    rng.shuffle(dates)
    members_by_cell = {}
    serial = 0
    for cell, count in zip(cells, counts, strict=True):
        members_by_cell[id(cell)] = []
        for _ in range(count):
            serial += 1
            member = builder.member(
                cell, dates.pop(), f"{plan.code}{serial:06d}", highland=plan.highland
            )
            members_by_cell[id(cell)].append(member)
    # Transfers: a member came from another cell of the district in 2019–2022.
    transferred = set()
    for _ in range(len(cells) // 3):
        source, target = rng.sample(cells, 2)
        member = rng.choice(members_by_cell[id(target)])
        if id(member) in transferred:
            continue
        membership = next(m for m in builder.memberships if m.member is member)
        moved_on = random_date(rng, datetime.date(2019, 1, 1), datetime.date(2022, 12, 31))
        joined_source = max(membership.start_date, source.founded_on)
        if joined_source >= moved_on:
            continue
        builder.join(
            member,
            source,
            joined_source,
            moved_on - datetime.timedelta(days=1),
            MembershipEndReason.TRANSFERRED,
        )
        membership.start_date = moved_on
        transferred.add(id(member))
    history_before_merge(builder, members_by_cell, transferred)
    # Members who died before the demo date: kept on file, no longer counted.
    unmerged = [cell for cell in cells if id(cell) not in builder.merged_cells]
    for cell in rng.sample(unmerged, len(cells) // 2):
        serial += 1
        member = builder.member(
            cell,
            datetime.date(1968, 2, 3) + datetime.timedelta(days=rng.randint(0, 4000)),
            f"{plan.code}{serial:06d}",
            highland=plan.highland,
        )
        died_on = random_date(rng, datetime.date(2018, 1, 1), datetime.date(2023, 6, 30))
        member.left_on, member.left_reason = died_on, MembershipEndReason.DIED
        builder.memberships[-1].end_date = died_on
        builder.memberships[-1].end_reason = MembershipEndReason.DIED
    return members_by_cell


def veterans(members, rng, count):
    """Members admitted before 2016 (able to lead) in random order, else the
    longest-serving ones."""
    seasoned = [m for m in members if m.admitted_on < datetime.date(2016, 1, 1)]
    if len(seasoned) < count:
        return sorted(members, key=lambda m: m.admitted_on)[:count]
    return rng.sample(seasoned, count)


# Cells with this many members elect a cell committee (chi ủy) in the demo.
CELL_COMMITTEE_MIN_MEMBERS = 45


def build_posts(builder, cells, members_by_cell, plan):
    rng = builder.rng
    for index, cell in enumerate(cells):
        hamlet = cell.hamlet
        posts = {code: builder.post(code, hamlet, cell) for code in CELL_POSTS}
        posts.update({code: builder.post(code, hamlet) for code in TITLE_POSTS + BRANCH_POSTS})
        members = members_by_cell[id(cell)]
        leaders = veterans(members, rng, 5)
        secretary, deputy, former, *_ = leaders + [None] * 3
        if plan.code == QUAN_SON:
            staff_quan_son(builder, posts, secretary, former, hamlet)
        elif plan.code == THO_XUAN:
            staff_tho_xuan(builder, posts, secretary, hamlet, index)
        else:
            staff_nghi_son(builder, posts, secretary, hamlet)
        if deputy is not None and rng.random() < 0.85:
            builder.hold(deputy.person, posts[PostTypeCode.DEPUTY_SECRETARY], "2022–2025")
        if len(members) >= CELL_COMMITTEE_MIN_MEMBERS and len(leaders) == 5:
            # A large cell elects a committee: secretary, deputy and three more.
            committee = builder.post(PostTypeCode.CELL_COMMITTEE, hamlet, cell)
            for leader in [secretary, deputy, *leaders[3:]]:
                builder.hold(leader.person, committee, "2022–2025")
        for code in BRANCH_POSTS:
            # Thọ Xuân: 1,093 heads of branches for 274 hamlets (1,096 seats).
            if plan.code == THO_XUAN and code == PostTypeCode.VETERANS_HEAD and index < 3:
                continue
            if plan.code != THO_XUAN and rng.random() < 0.08:
                continue
            staff_branch(builder, posts[code], code, hamlet, plan)


def staff_quan_son(builder, posts, secretary, former, hamlet):
    """Quan Sơn's model: the secretary is elected hamlet chief as well, term
    after term since 2017 (bí thư kiêm trưởng bản)."""
    rng = builder.rng
    for term in CELL_TERMS:
        holder = secretary if term == "2022–2025" or rng.random() < 0.6 else former
        holder = holder or secretary
        builder.hold(holder.person, posts[PostTypeCode.CELL_SECRETARY], term)
        builder.hold(holder.person, posts[PostTypeCode.HAMLET_CHIEF], term, by="UBND")
    for code in (PostTypeCode.FRONT_HEAD, PostTypeCode.MILITIA_LEADER, PostTypeCode.SECURITY_HEAD):
        if rng.random() < 0.9:
            person = builder.person(hamlet, highland=True, sex=front_sex(code, rng))
            builder.hold(person, posts[code], "2022–2025", by="UBND")


def front_sex(code, rng):
    if code == PostTypeCode.FRONT_HEAD:
        return rng.choice([Sex.MALE, Sex.FEMALE])
    return Sex.MALE


# Thọ Xuân: 807 people hold the five titles in 274 hamlets. In 259 hamlets
# three people share them (the secretary also heads the front work committee,
# the militia leader also heads the security team), in 15 two do (the
# secretary is the chief too). A few posts stand vacant.
THO_XUAN_TWO_PERSON_HAMLETS = 15
THO_XUAN_VACANT_SECURITY = 21
THO_XUAN_VACANT_FRONT = 9


def staff_tho_xuan(builder, posts, secretary, hamlet, index):
    builder.hold(secretary.person, posts[PostTypeCode.CELL_SECRETARY], "2020–2022")
    builder.hold(secretary.person, posts[PostTypeCode.CELL_SECRETARY], "2022–2025")
    if index < THO_XUAN_TWO_PERSON_HAMLETS:
        chief = secretary.person
    else:
        chief = builder.person(hamlet, highland=False)
    builder.hold(chief, posts[PostTypeCode.HAMLET_CHIEF], "2022–2025", by="UBND")
    if not (20 <= index < 20 + THO_XUAN_VACANT_FRONT):
        builder.hold(secretary.person, posts[PostTypeCode.FRONT_HEAD], "2022–2025", by="UBND")
    militia = builder.person(hamlet, highland=False, sex=Sex.MALE)
    builder.hold(militia, posts[PostTypeCode.MILITIA_LEADER], "2022–2025", by="UBND")
    if not (40 <= index < 40 + THO_XUAN_VACANT_SECURITY):
        builder.hold(militia, posts[PostTypeCode.SECURITY_HEAD], "2022–2025", by="UBND")


def staff_nghi_son(builder, posts, secretary, hamlet):
    rng = builder.rng
    builder.hold(secretary.person, posts[PostTypeCode.CELL_SECRETARY], "2022–2025")
    chief = secretary.person if rng.random() < 0.35 else builder.person(hamlet, highland=False)
    builder.hold(chief, posts[PostTypeCode.HAMLET_CHIEF], "2022–2025", by="UBND")
    for code in (PostTypeCode.FRONT_HEAD, PostTypeCode.MILITIA_LEADER, PostTypeCode.SECURITY_HEAD):
        if rng.random() < 0.85:
            person = builder.person(hamlet, highland=False, sex=front_sex(code, rng))
            builder.hold(person, posts[code], "2022–2025", by="UBND")


def staff_branch(builder, post, code, hamlet, plan):
    rng = builder.rng
    sex = Sex.FEMALE if code == PostTypeCode.WOMEN_HEAD else None
    born = None
    if code == PostTypeCode.YOUTH_SECRETARY:
        born = random_date(rng, datetime.date(1990, 1, 1), datetime.date(2000, 12, 31))
    if code == PostTypeCode.VETERANS_HEAD:
        sex = Sex.MALE
        born = random_date(rng, datetime.date(1950, 1, 1), datetime.date(1970, 12, 31))
    person = builder.person(hamlet, highland=plan.highland, sex=sex, born=born)
    builder.hold(person, post, "2022–2025", by="UBND")


def official_district(code):
    district = Place.objects.by_code(code, level=Level.DISTRICT, on=DEMO_DATE)
    if district is None or district.level != Level.DISTRICT:
        raise DemoError(
            f"Chưa có đơn vị hành chính mã {code}: chạy “manage.py load_admin_units” trước."
        )
    return district


def demo_terms():
    terms = {}
    for name, (start, end) in TERMS.items():
        terms[name], _created = Term.objects.get_or_create(
            name=name, defaults={"start_date": start, "end_date": end}
        )
    return terms


@transaction.atomic
def load(*, log=print):
    """Build the demo data of the three districts that do not have hamlets
    yet. Returns the number of districts built."""
    districts = [(plan, official_district(plan.code)) for plan in PLANS]
    terms = demo_terms()
    post_types = {post_type.code: post_type for post_type in PostType.objects.all()}
    built = 0
    for plan, district in districts:
        if Place.objects.within(district).hamlets().exists():
            log(f"{district}: đã có dữ liệu thôn, bỏ qua.")
            continue
        communes = list(Place.objects.within(district).communes().valid_on(DEMO_DATE))
        communes.sort(key=lambda commune: commune.code)
        builder = Builder(random.Random(f"{SEED}-{plan.code}"), terms, post_types)
        build_district(builder, district, communes, plan)
        builder.save()
        built += 1
        log(
            f"{district}: {len(builder.hamlets)} thôn, {len(builder.cells)} chi bộ, "
            f"{len(builder.members)} đảng viên, {len(builder.holdings)} lượt giữ chức danh."
        )
    if built:
        refresh_statistics()
    return built


def refresh_statistics():
    """PostgreSQL plans queries from table statistics, which autovacuum has not
    gathered yet for tables that grew from empty inside this transaction;
    without them the demo loaders of other apps that follow can pick plans
    that take minutes. ANALYZE may run inside a transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def son_lu():
    """The commune of the demo officer account."""
    return Place.objects.by_code(SON_LU, level=Level.COMMUNE, on=DEMO_DATE)
