"""Import people with the posts they hold (one row per holding).

A person on several rows (same CCCD, or same name, birth date and hamlet)
holds several posts at once (kiêm nhiệm). Posts are created when the hamlet
(or its cell, for cell posts) has none yet. A single-seat post must not get
two overlapping holdings, whether the other one is in the file or recorded.
"""

import functools
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cells.constants import PostScope, PostTypeCode, Sex
from cells.models import Holding, Person, Post, PostType, Term
from core.imports.base import Importer
from core.imports.reading import Column
from core.vietnamese import fold

from .lookups import CellLookup, PersonIdentity, PlaceLookup, commune_code

COLUMNS = [
    Column("full_name", "Họ và tên", required=True, aliases=("Họ tên",)),
    Column("sex", "Giới tính"),
    Column("birth_date", "Ngày sinh"),
    Column("citizen_id", "Số CCCD", aliases=("CCCD", "Số căn cước công dân")),
    Column("phone", "Điện thoại", aliases=("Số điện thoại",)),
    Column("commune_code", "Mã xã", required=True),
    Column("hamlet", "Thôn", required=True, aliases=("Tên thôn", "Thôn, bản", "Thôn, TDP")),
    Column("post_type", "Chức danh", aliases=("Chức vụ",)),
    Column("start_date", "Từ ngày"),
    Column("end_date", "Đến ngày"),
    Column("term", "Nhiệm kỳ"),
    Column("decision_number", "Số quyết định"),
    Column("decision_date", "Ngày quyết định"),
]

SEXES = {"nam": Sex.MALE, "nu": Sex.FEMALE}
CITIZEN_ID = gettext_lazy("Số CCCD")
PERSON_COLUMNS = {"citizen_id": "citizen_id", "birth_date": "birth_date"}

# What officials write in the "Chức danh" column, besides the official names.
POST_TYPE_ALIASES = {
    PostTypeCode.CELL_SECRETARY: ["Bí thư", "Bí thư chi bộ"],
    PostTypeCode.HAMLET_CHIEF: [
        "Trưởng thôn",
        "Trưởng bản",
        "Trưởng làng",
        "Trưởng ấp",
        "Trưởng xóm",
        "Trưởng khu phố",
        "Trưởng khu",
        "Trưởng tiểu khu",
        "Tổ trưởng tổ dân phố",
        "Tổ trưởng TDP",
    ],
    PostTypeCode.FRONT_HEAD: ["Trưởng ban công tác Mặt trận", "Trưởng ban CTMT"],
    PostTypeCode.MILITIA_LEADER: ["Thôn đội trưởng", "Bản đội trưởng"],
    PostTypeCode.SECURITY_HEAD: [
        "Tổ trưởng tổ bảo vệ an ninh trật tự",
        "Tổ trưởng ANTT",
        "Tổ trưởng tổ ANTT",
    ],
    PostTypeCode.DEPUTY_SECRETARY: ["Phó bí thư", "Phó bí thư chi bộ"],
    PostTypeCode.CELL_COMMITTEE: ["Chi ủy viên", "Chi uỷ viên"],
    PostTypeCode.FARMERS_HEAD: ["Chi hội trưởng nông dân", "Chi hội trưởng chi hội nông dân"],
    PostTypeCode.WOMEN_HEAD: ["Chi hội trưởng phụ nữ", "Chi hội trưởng chi hội phụ nữ"],
    PostTypeCode.YOUTH_SECRETARY: ["Bí thư chi đoàn", "Bí thư chi đoàn thanh niên"],
    PostTypeCode.VETERANS_HEAD: [
        "Chi hội trưởng cựu chiến binh",
        "Chi hội trưởng chi hội cựu chiến binh",
        "Chi hội trưởng CCB",
    ],
}


def post_type_key(text):
    """ "Tổ trưởng tổ bảo vệ an ninh, trật tự" and "to truong to bao ve an ninh
    trat tu" are one title: folded, punctuation as spaces."""
    return " ".join(re.sub(r"[^a-z0-9_]+", " ", fold(text)).split())


def post_type_choices():
    """Post types keyed by every way of writing them (one query)."""
    choices = {}
    for post_type in PostType.objects.all():
        names = [post_type.name, post_type.code, *POST_TYPE_ALIASES.get(post_type.code, [])]
        for name in names:
            choices[post_type_key(name)] = post_type
    return choices


def term_key(text):
    """ "2020–2025", "2020 - 2025" and "2020-2025" are one term."""
    return "".join(char for char in fold(text) if char.isalnum())


def term_choices():
    return {term_key(term.name): term for term in Term.objects.all()}


class Claim(NamedTuple):
    """One holding a row asks for, kept to find overlaps. A tuple of plain
    values: the garbage collector stops tracking it, which an import of
    10,000 rows feels (one claim per row)."""

    row: int  # 0 for a holding already recorded
    person: object
    start: object
    end: object
    holder: str = ""


@dataclass
class PeoplePlan:
    people: list = field(default_factory=list)
    posts: list = field(default_factory=list)
    holdings: list = field(default_factory=list)


class PeopleImport(Importer):
    """People and their holdings: "Họ và tên | … | Chức danh | Từ ngày | …"."""

    columns = COLUMNS
    permission = "cells.add_person"
    title = gettext_lazy("Nhập cá nhân và chức danh")

    def plan(self, table):
        rows = table.rows
        codes = [commune_code(row, "commune_code") for row in rows]
        places = PlaceLookup(self.user, codes)
        hamlets = list(places.hamlets.values())
        cells = CellLookup(places.communes.values())
        post_types = post_type_choices()
        terms = term_choices()
        citizen_ids = [row.digits("citizen_id", 12, CITIZEN_ID) for row in rows]
        people = PersonIdentity(self.user, citizen_ids, hamlets)
        # Locked until the import's transaction ends, as `Holding.lock_post`
        # locks the one post an admin form or the API writes a holder of: a
        # holder added meanwhile is either seen below or waits for us. In
        # id order (no join), so two imports never wait for each other in a
        # circle. SQLite ignores the lock: its transaction holds the write
        # lock from the start.
        recorded = Post.objects.filter(place__in=hamlets).order_by("pk").select_for_update()
        posts = {(post.post_type_id, post.place_id, post.cell_id): post for post in recorded}
        claims = self._recorded_claims(posts.values())
        plan = PeoplePlan()
        self._post_type_key = functools.cache(post_type_key)
        for row, code, citizen_id in zip(rows, codes, citizen_ids, strict=True):
            commune = places.commune(row, "commune_code", code)
            hamlet = places.hamlet(row, "hamlet", commune, row.text("hamlet", required=True))
            person = self._person(row, people, hamlet, citizen_id)
            holding, post_type = self._holding(row, person, post_types, terms)
            if holding is None or hamlet is None:
                continue
            post = self._post(row, hamlet, post_type, holding.start_date, cells, posts, plan)
            if post is not None and self._free(row, post, holding, claims):
                holding.post = post
                plan.holdings.append(holding)
        plan.people = people.new
        return plan

    def count(self, plan):
        return {
            _("cá nhân mới"): len(plan.people),
            _("vị trí chức danh mới"): len(plan.posts),
            _("lượt giữ chức danh"): len(plan.holdings),
        }

    def write(self, plan):
        Person.objects.bulk_create(plan.people)
        Post.objects.bulk_create(plan.posts)
        for holding in plan.holdings:
            holding.fill_derived_fields()  # post and post type are cached: no query
        Holding.objects.bulk_create(plan.holdings)
        self.announce(Person, plan.people)
        self.announce(Post, plan.posts)
        self.announce(Holding, plan.holdings)

    def _person(self, row, people, hamlet, citizen_id):
        name = row.name("full_name")
        birth_date = row.date("birth_date")
        sex = row.choice("sex", SEXES) or ""
        phone = row.text("phone", max_length=20)
        if not name or hamlet is None:
            return None
        person = people.resolve(
            row,
            PERSON_COLUMNS,
            name=name,
            birth_date=birth_date,
            citizen_id=citizen_id,
            place=hamlet,
            sex=sex,
            phone=phone,
        )
        return person

    def _holding(self, row, person, post_types, terms):
        """(unsaved Holding without its post, post type) from the row's holding
        columns, or (None, None) when the row names no post or has an error."""
        if row.is_blank("post_type"):
            for key in ("start_date", "end_date", "term", "decision_number", "decision_date"):
                if not row.is_blank(key):
                    row.error("post_type", _("Có ngày hoặc quyết định nhưng thiếu chức danh."))
                    break
            return None, None
        post_type = row.choice("post_type", post_types, normalize=self._post_type_key)
        start = row.date("start_date", required=True)
        end = row.date("end_date")
        term = self._term(row, terms)
        holding = Holding(
            start_date=start,
            end_date=end,
            term=term,
            decision_number=row.text("decision_number", max_length=40),
            decision_date=row.date("decision_date"),
        )
        if start and end and end < start:
            row.error("end_date", _("Ngày thôi giữ chức không được trước ngày bắt đầu."))
            return None, None
        if None in (post_type, start, person):
            return None, None
        holding.person = person
        return holding, post_type

    def _term(self, row, terms):
        text = row.text("term")
        if not text:
            return None
        term = terms.get(term_key(text))
        if term is None:
            row.error("term", _("Không có nhiệm kỳ “%(value)s”.") % {"value": text})
        return term

    def _post(self, row, hamlet, post_type, start, cells, posts, plan):
        cell = None
        if post_type.scope == PostScope.CELL:
            cell = cells.of_hamlet(hamlet, start)
            if cell is None:
                row.error(
                    "post_type",
                    _("%(hamlet)s chưa có chi bộ để nhận chức danh “%(post)s”.")
                    % {"hamlet": hamlet, "post": post_type},
                )
                return None
        key = (post_type.pk, hamlet.pk, cell.pk if cell else None)
        post = posts.get(key)
        if post is None:
            post = Post(post_type=post_type, place=hamlet, cell=cell)
            posts[key] = post
            plan.posts.append(post)
        elif not Post.post_type.is_cached(post):
            # A recorded post, met for the first time: cache what
            # fill_derived_fields, __str__ and the audit scope read, so none
            # of them costs a query per row.
            post.post_type, post.place, post.cell = post_type, hamlet, cell
        return post

    def _recorded_claims(self, posts):
        claims = {}
        recorded = Holding.objects.filter(post__in=list(posts)).values_list(
            "post_id", "person_id", "start_date", "end_date", "person__full_name"
        )
        for post_id, person_id, start, end, holder in recorded:
            claims.setdefault(post_id, []).append(Claim(0, person_id, start, end, holder))
        return claims

    def _free(self, row, post, holding, claims):
        """Whether `holding` fits on `post`: no overlap with another holder of
        a single-seat post, nor with the same person, in the file or recorded."""
        person = holding.person
        person_key = person.pk if person.pk else id(person)
        mine = claims.setdefault(post.pk or id(post), [])
        for claim in mine:
            if not _overlaps(claim, holding):
                continue
            same_person = claim.person == person_key
            if same_person or post.post_type.is_single_seat:
                row.error("start_date", _overlap_message(post, claim, same_person))
                return False
        mine.append(Claim(row.number, person_key, holding.start_date, holding.end_date))
        return True


def _overlaps(claim, holding):
    starts_before_end = claim.end is None or holding.start_date <= claim.end
    ends_after_start = holding.end_date is None or claim.start <= holding.end_date
    return starts_before_end and ends_after_start


def _overlap_message(post, claim, same_person):
    if claim.row:
        where = _("dòng %(row)s") % {"row": claim.row}
    else:
        where = _("%(holder)s, đã có trong hệ thống, từ %(start)s") % {
            "holder": claim.holder,
            "start": claim.start.strftime("%d/%m/%Y"),
        }
    if same_person:
        return _("Trùng với %(where)s: người này đã giữ %(post)s trong khoảng thời gian này.") % {
            "where": where,
            "post": post,
        }
    return _("%(post)s đã có người giữ trong khoảng thời gian này (%(where)s).") % {
        "post": post,
        "where": where,
    }
