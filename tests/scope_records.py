"""One record of every scoped model in a place, named so that a page
showing any of them is caught: every name carries the place's `mark`.

`records_in(commune, mark)` builds a hamlet, committee, cell, person, party
member, membership, post, holding, meeting with attendance and a guest, a
cadre assignment, a conference with an invitee, an issuing body, an occasion,
a decision with an award and a report, a designation of the commune and a
grant of it to the cell, a rating round with its own criteria set,
criterion and veto, a transfer out of the portal, all under `commune`;
and the round's results for the cell (a review with one rating), which
are created but not returned: only ratings.services writes them (tests/permissions says why)."""

import datetime

from awards.models import Award, CommendationForm, Decision, IssuingBody, Occasion
from cells.constants import CellKind
from core.commands import ServerAccount
from fees.models import FeeBasis, FeePayment, FeeRelief
from meetings.models import (
    Attendance,
    CadreAssignment,
    Conference,
    ConferenceInvitee,
    Meeting,
    MeetingGuest,
)
from members.models import Discipline, MemberCase, MembershipGap
from portal.models import Report, ReportKind
from ratings import services
from ratings.constants import Subject
from ratings.defaults import default_criteria
from ratings.models import (
    Condition,
    CriteriaSet,
    Criterion,
    Designation,
    DesignationGrant,
    RatingRound,
)
from tests import factories
from transfers.models import Transfer

D = datetime.date


def records_in(commune, mark):
    """Every scoped record under `commune`; returns them by model."""
    hamlet = factories.HamletFactory(name=f"Bản {mark}", parent=commune)
    committee = factories.CommitteeFactory(place=commune, name=f"Đảng bộ {mark}")
    cell = factories.CellFactory(
        hamlet=hamlet, committee=committee, kind=CellKind.VILLAGE, name=f"Chi bộ {mark}"
    )
    person = factories.PersonFactory(full_name=f"Lò Văn {mark}", place=hamlet)
    member = factories.PartyMemberFactory(person=person)
    membership = factories.CellMembershipFactory(member=member, cell=cell)
    post = factories.HamletPostFactory(place=hamlet)
    holding = factories.HoldingFactory(person=person, post=post)
    meeting = Meeting.objects.create(cell=cell, kind="thuong_ky", date=D(2023, 3, 10))
    attendance = Attendance.objects.create(meeting=meeting, member=member)
    guest = MeetingGuest.objects.create(meeting=meeting, person=person)
    cadre = CadreAssignment.objects.create(person=person, cell=cell, start_date=D(2022, 1, 1))
    conference = Conference.objects.create(
        title=f"Hội nghị {mark}", date=D(2023, 4, 1), host=commune
    )
    invitee = ConferenceInvitee.objects.create(conference=conference, person=person)
    body = IssuingBody.objects.create(name=f"Đảng ủy {mark}", place=commune)
    occasion = Occasion.objects.create(
        title=f"Kỷ niệm ngày thành lập {mark}", date=D(2023, 7, 1), place=commune
    )
    decision = Decision.objects.create(
        number=f"9-QĐ/{mark}",
        date=D(2023, 7, 20),
        body=body,
        occasion=occasion,
        form=CommendationForm.objects.get(code="giay_khen"),
    )
    award = Award.objects.create(decision=decision, person=person)
    report = Report.objects.create(
        place=commune, kind=ReportKind.QUARTER, period="2023-Q3", period_end=D(2023, 9, 30)
    )
    designation = Designation.objects.create(name=f"Chi bộ kiểu mẫu {mark}", place=commune)
    grant = DesignationGrant.objects.create(designation=designation, cell=cell, year=2023)
    rating_round = RatingRound.objects.create(
        place=commune,
        name=f"Đánh giá, xếp loại năm 2025 {mark}",
        start_date=D(2025, 1, 1),
        end_date=D(2025, 12, 31),
        member_criteria=default_criteria(Subject.MEMBER),
        cell_criteria=default_criteria(Subject.CELL),
    )
    criteria_set = CriteriaSet.objects.create(
        name=f"Tiêu chí đảng viên {mark}", subject=Subject.MEMBER, place=commune
    )
    criterion = Criterion.objects.create(
        criteria_set=criteria_set, group="Chính trị", name=f"Tư tưởng {mark}", max_points=100
    )
    condition = Condition.objects.create(
        round=rating_round, code="vi_pham", name=f"Vi phạm quy ước {mark}", kind="phu_quyet"
    )
    transfer = Transfer.objects.create(
        member=member,
        kind="chinh_thuc",
        from_cell=cell,
        to_outside=f"Đảng bộ {mark} mới",
        moved_on=D(2024, 2, 1),
        requested_on=D(2024, 2, 5),
    )
    _rated(rating_round, cell, member)
    discipline = Discipline.objects.create(
        member=member,
        form="khien_trach",
        decision_number=f"7-QĐ/{mark}",
        decision_date=D(2023, 5, 10),
        issued_by=f"Đảng ủy {mark}",
        effective_on=D(2023, 5, 10),
    )
    gap = MembershipGap.objects.create(
        member=member, kind="mat_lien_lac", start_date=D(2005, 1, 1), note=f"Mất liên lạc {mark}"
    )
    case = MemberCase.objects.create(
        member=member, kind="khieu_nai", opened_on=D(2024, 3, 1), note=f"Khiếu nại {mark}"
    )
    fee_basis = FeeBasis.objects.create(
        member=member, kind="luong", amount=5_000_000, from_month=D(2026, 1, 1)
    )
    fee_relief = FeeRelief.objects.create(
        member=member,
        kind="mien",
        reason="om_nang",
        start_month=D(2026, 2, 1),
        decision_number=f"3-QĐ/{mark}",
        decision_date=D(2026, 1, 20),
    )
    fee_payment = FeePayment.objects.create(
        member=member, month=D(2026, 1, 1), amount=50_000, paid_on=D(2026, 1, 5)
    )
    return {
        record._meta.model: record
        for record in (
            hamlet, committee, cell, person, member, membership, post, holding, meeting,
            attendance, guest, cadre, conference, invitee, body, occasion, decision, award, report,
            designation, grant, rating_round, criteria_set, criterion, condition, transfer,
            discipline, gap, case, fee_basis, fee_relief, fee_payment,
        )
    }  # fmt: skip


def _rated(rating_round, cell, member):
    """The cell's results in the round: a draft with the member's rating,
    written by the one write path (the level computed there)."""
    review = services.review_for(rating_round, cell=cell)
    points = {c.pk: c.max_points * 8 / 10 for c in rating_round.member_criteria.criteria.all()}
    entry = services.Entry(member=member, points=points, met={"dung_han"}, where=str(member))
    services.save_ratings(ServerAccount(), review, [entry])
