"""Demo commendations reproducing the seed articles, on the people and cells
that cells/demo.py builds (run after it).

* Huyện Thọ Xuân (395): decision 1520-QĐ/HU of 20/07/2023 by the district
  Party Executive Committee, 93 Giấy khen to cell secretaries, heads of the
  Front work committees and hamlet chiefs for 2021–2023; over 2021–2023, all
  levels together commend 346 collectives and 253 individuals, those 93 among
  them (district, province and commune decisions below make up the rest).
* Huyện Quan Sơn (387): decision 1125-QĐ/HU of 05/05/2022 by the district
  Standing Committee: 12 collective cells, 12 secretaries who are also
  hamlet chiefs, and 16 higher-level committee members and district cadres.

Idempotent: a district whose demo decision exists is skipped. Bulk writes.
"""

import datetime
from collections import defaultdict

from django.db import transaction

from cells.constants import Level, PostTypeCode
from cells.models import Cell, Holding, Person, Place
from cells.querysets import active_on
from core.audit import log_bulk_create

from .constants import DISTRICT_BODIES_END, FormCode
from .entry import bulk_create_awards
from .models import Award, CommendationForm, Decision, IssuingBody, Occasion
from .snapshots import holdings_on, snapshot_for_collective, snapshot_for_person

THO_XUAN, QUAN_SON, THANH_HOA = "395", "387", "38"
BODIES_FROM = datetime.date(1990, 1, 1)
ACHIEVEMENT_2021_2023 = "Có thành tích xuất sắc trong thực hiện nhiệm vụ giai đoạn 2021–2023"
CELL_ACHIEVEMENT = "Chi bộ hoàn thành xuất sắc nhiệm vụ"
THO_XUAN_COLLECTIVES, THO_XUAN_INDIVIDUALS = 346, 253
# Quan Sơn's cadres who follow cells ("3+1"), typed with their own posts.
QUAN_SON_CADRES = [
    ("Lương Văn Hưng", "Phó Bí thư Thường trực Huyện ủy"),
    ("Hà Thị Thảo", "Huyện ủy viên, Trưởng Ban Tổ chức Huyện ủy"),
    ("Phạm Bá Chung", "Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo Huyện ủy"),
    ("Lò Văn Tiến", "Huyện ủy viên, Chủ tịch Ủy ban MTTQ huyện"),
    ("Vi Thị Hương", "Huyện ủy viên, Chủ tịch Hội Liên hiệp Phụ nữ huyện"),
    ("Cầm Văn Đông", "Huyện ủy viên, Phó Chủ tịch UBND huyện"),
    ("Ngân Văn Hòa", "Huyện ủy viên, Chánh Văn phòng Huyện ủy"),
    ("Lữ Văn Thắng", "Huyện ủy viên, Bí thư Huyện đoàn"),
    ("Bùi Thị Lan", "Phó Trưởng Ban Dân vận Huyện ủy"),
    ("Quách Văn Nam", "Phó Chủ nhiệm Ủy ban Kiểm tra Huyện ủy"),
    ("Lương Thị Mai", "Chuyên viên Ban Tổ chức Huyện ủy"),
    ("Hà Văn Sơn", "Chuyên viên Ban Tuyên giáo Huyện ủy"),
    ("Mạc Văn Phong", "Chuyên viên Văn phòng Huyện ủy"),
    ("Phạm Thị Nga", "Chuyên viên Ủy ban Kiểm tra Huyện ủy"),
    ("Lò Thị Xuân", "Chuyên viên Ban Dân vận Huyện ủy"),
    ("Vi Văn Khăm", "Phó Chủ tịch Hội Nông dân huyện"),
]


def _form(code):
    return CommendationForm.objects.get(code=code)


def _body(name, place, valid_to=None):
    body, _created = IssuingBody.objects.get_or_create(
        name=name, place=place, defaults={"valid_from": BODIES_FROM, "valid_to": valid_to}
    )
    return body


def _decision(number, date, body, form_code, occasion=None, signer=""):
    decision, _created = Decision.objects.get_or_create(
        number=number,
        date=date,
        body=body,
        defaults={"form": _form(form_code), "occasion": occasion, "signer": signer},
    )
    return decision


def _person_awards(decision, people, holdings, achievement, posts=None):
    awards = []
    for person in people:
        award = Award(
            decision=decision,
            person=person,
            achievement=achievement,
            post_title=(posts or {}).get(person.pk, ""),
        )
        award.apply_snapshot(snapshot_for_person(person, decision.date, holdings[person.pk]))
        awards.append(award)
    return awards


def _cell_awards(decision, cells, achievement=CELL_ACHIEVEMENT):
    awards = []
    for cell in cells:
        award = Award(decision=decision, cell=cell, achievement=achievement)
        award.apply_snapshot(snapshot_for_collective(cell, None))
        awards.append(award)
    return awards


def _place_awards(decision, hamlets, achievement):
    awards = []
    for hamlet in hamlets:
        award = Award(decision=decision, collective_place=hamlet, achievement=achievement)
        award.apply_snapshot(snapshot_for_collective(None, hamlet))
        awards.append(award)
    return awards


def _people_by_post(district, date, codes):
    """{post type code: [people]} holding posts of `codes` under `district`
    on `date`, in hamlet order (a person holding two posts is in both lists)."""
    rows = (
        Holding.objects.within(district)
        .filter(active_on(date), post__post_type__code__in=codes)
        .select_related("person__place__parent", "post__post_type")
        .order_by("post__place__sort_key", "post__post_type__order")
    )
    by_code = defaultdict(list)
    for holding in rows:
        by_code[holding.post.post_type.code].append(holding.person)
    return by_code


def _pick(by_code, codes, each):
    """Up to `each` people per code, nobody twice; short lists are made up
    from the others so the total is `each * len(codes)` when people suffice."""
    chosen, seen = [], set()

    def take(people, count):
        for person in people:
            if count == 0:
                return
            if person.pk not in seen:
                seen.add(person.pk)
                chosen.append(person)
                count -= 1

    for code in codes:
        take(by_code.get(code, []), each)
    for code in codes:
        take(by_code.get(code, []), each * len(codes) - len(chosen))
    return chosen


def _cells(district, date):
    return list(
        Cell.objects.within(district)
        .existing_on(date)
        .filter(hamlet__isnull=False)
        .select_related("hamlet__parent", "committee__place__parent")
        .order_by("hamlet__parent__code", "sort_key")
    )


def load_tho_xuan(district):
    """Thọ Xuân: 1520-QĐ/HU and the other 2021–2023 commendations."""
    committee = _body("Ban Chấp hành Đảng bộ huyện Thọ Xuân", district, DISTRICT_BODIES_END)
    standing = _body("Ban Thường vụ Huyện ủy Thọ Xuân", district, DISTRICT_BODIES_END)
    province = Place.objects.by_code(THANH_HOA, level=Level.PROVINCE)
    provincial = _body("Ban Thường vụ Tỉnh ủy Thanh Hóa", province)
    occasion, _created = Occasion.objects.get_or_create(
        title="Kỷ niệm 93 năm Ngày thành lập Đảng bộ huyện Thọ Xuân (22/7/1930 – 22/7/2023)",
        defaults={"date": datetime.date(2023, 7, 22), "place": district},
    )
    date = datetime.date(2023, 7, 20)
    main = _decision("1520-QĐ/HU", date, committee, FormCode.CERTIFICATE, occasion)
    codes = [PostTypeCode.CELL_SECRETARY, PostTypeCode.FRONT_HEAD, PostTypeCode.HAMLET_CHIEF]
    by_post = _people_by_post(district, date, codes)
    chosen = _pick(by_post, codes, 31)
    awards = _person_awards(
        main, chosen, holdings_on([p.pk for p in chosen], date), ACHIEVEMENT_2021_2023
    )

    cells = _cells(district, date)
    yearly = [
        ("2150-QĐ/HU", datetime.date(2021, 12, 28), cells[0:100]),
        ("3020-QĐ/HU", datetime.date(2022, 12, 27), cells[100:200]),
        ("1790-QĐ/HU", datetime.date(2023, 12, 26), cells[200:264]),
    ]
    for number, day, group in yearly:
        decision = _decision(number, day, standing, FormCode.CERTIFICATE)
        awards += _cell_awards(decision, group)
    flag = _decision("1985-QĐ/TU", datetime.date(2023, 12, 15), provincial, FormCode.DIPLOMA)
    awards += _cell_awards(flag, cells[264:274], "Chi bộ trong sạch, vững mạnh tiêu biểu 2021–2023")
    collectives = sum(award.is_collective for award in awards)
    awards += _commune_awards(district, THO_XUAN_COLLECTIVES - collectives, chosen, awards)
    bulk_create_awards(awards)


def _commune_awards(district, hamlet_count, already, awards):
    """Commune committees commend hamlets (collectives) in 2023 and members
    (individuals) in 2022, so that the 2021–2023 totals match the article."""
    individuals = THO_XUAN_INDIVIDUALS - sum(not award.is_collective for award in awards)
    hamlets = list(
        Place.objects.within(district).hamlets().select_related("parent").order_by("path")
    )[:hamlet_count]
    taken = {person.pk for person in already}
    people = list(
        Person.objects.within(district)
        .filter(place__level=Level.HAMLET, party_member__isnull=False)
        .exclude(pk__in=taken)
        .select_related("place__parent")
        .order_by("place__path", "sort_key")
    )[: individuals * 3 : 3]
    result = []
    for commune, group in _by_commune(hamlets, lambda hamlet: hamlet.parent).items():
        body = _body(f"Đảng ủy {commune}", commune)
        decision = _decision(
            f"{commune.code}-QĐ/ĐU", datetime.date(2023, 12, 20), body, FormCode.CERTIFICATE
        )
        result += _place_awards(
            decision, group, "Thôn đạt danh hiệu văn hóa, hoàn thành xuất sắc nhiệm vụ"
        )
    date = datetime.date(2022, 12, 22)
    holdings = holdings_on([person.pk for person in people], date)
    for commune, group in _by_commune(people, lambda person: person.place.parent).items():
        body = _body(f"Đảng ủy {commune}", commune)
        decision = _decision(f"{commune.code}-QĐ/ĐU", date, body, FormCode.CERTIFICATE)
        result += _person_awards(
            decision, group, holdings, "Đảng viên hoàn thành xuất sắc nhiệm vụ"
        )
    return result


def _by_commune(rows, commune_of):
    groups = defaultdict(list)
    for row in rows:
        groups[commune_of(row)].append(row)
    return groups


def load_quan_son(district):
    """Quan Sơn: 1125-QĐ/HU, 12 cells, 12 secretary-chiefs, 16 cadres."""
    standing = _body("Ban Thường vụ Huyện ủy Quan Sơn", district, DISTRICT_BODIES_END)
    occasion, _created = Occasion.objects.get_or_create(
        title="Sơ kết 5 năm thực hiện mô hình bí thư chi bộ kiêm trưởng bản và cấp ủy viên "
        "cấp trên dự sinh hoạt chi bộ",
        defaults={"date": datetime.date(2022, 5, 5), "place": district},
    )
    date = datetime.date(2022, 5, 5)
    decision = _decision("1125-QĐ/HU", date, standing, FormCode.CERTIFICATE, occasion)
    cells = _cells(district, date)
    first_cells = list({cell.committee.place_id: cell for cell in reversed(cells)}.values())[:12]
    by_post = _people_by_post(
        district, date, [PostTypeCode.CELL_SECRETARY, PostTypeCode.HAMLET_CHIEF]
    )
    chiefs = {person.pk for person in by_post.get(PostTypeCode.HAMLET_CHIEF, [])}
    secretary_chiefs = [
        person for person in by_post.get(PostTypeCode.CELL_SECRETARY, []) if person.pk in chiefs
    ]
    # One per commune: the first in hamlet order.
    secretaries = list(
        {person.place.parent_id: person for person in reversed(secretary_chiefs)}.values()
    )[:12]
    cadres = _cadres(district)
    holdings = holdings_on([person.pk for person in secretaries], date)
    awards = _cell_awards(
        decision, first_cells, "Chi bộ thực hiện tốt mô hình bí thư kiêm trưởng bản"
    )
    awards += _person_awards(
        decision, secretaries, holdings, "Bí thư chi bộ kiêm trưởng bản tiêu biểu"
    )
    posts = {person.pk: post for person, post in cadres}
    awards += _person_awards(
        decision,
        [person for person, _post in cadres],
        defaultdict(list),
        "Thực hiện tốt việc dự sinh hoạt chi bộ",
        posts,
    )
    bulk_create_awards(awards)


def _cadres(district):
    people = []
    for name, post in QUAN_SON_CADRES:
        person = Person(full_name=name, place=district)
        person.fill_derived_fields()
        people.append((person, post))
    created = Person.objects.bulk_create([person for person, _post in people])
    log_bulk_create(created)
    return people


@transaction.atomic
def load(*, log=print):
    """Load the demo commendations of the districts whose cells demo exists
    and whose demo decision does not yet. Returns the districts loaded."""
    loaded = 0
    for code, number, loader in [
        (THO_XUAN, "1520-QĐ/HU", load_tho_xuan),
        (QUAN_SON, "1125-QĐ/HU", load_quan_son),
    ]:
        district = Place.objects.by_code(code, level=Level.DISTRICT, on=datetime.date(2023, 12, 31))
        if district is None or not Place.objects.within(district).hamlets().exists():
            log(f"Mã {code}: chưa có dữ liệu thôn, bỏ qua khen thưởng mẫu.")
            continue
        if Decision.objects.filter(number=number, body__place=district).exists():
            log(f"{district}: đã có khen thưởng mẫu, bỏ qua.")
            continue
        loader(district)
        loaded += 1
        log(f"{district}: {Award.objects.within(district).count()} khen thưởng mẫu.")
    return loaded
