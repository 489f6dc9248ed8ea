"""One record of every scoped model in a place, named so that a page
showing any of them is caught: every name carries the place's `mark`.

`records_in(commune, mark)` builds a hamlet, committee, cell, person, party
member, membership, post, holding, meeting with attendance and a guest, a
cadre assignment, a conference with an invitee, an issuing body, an occasion,
a decision with an award and a report, a designation of the commune and
a grant of it to the cell, all under `commune`."""

import datetime

from awards.models import Award, CommendationForm, Decision, IssuingBody, Occasion
from cells.constants import CellKind
from meetings.models import (
    Attendance,
    CadreAssignment,
    Conference,
    ConferenceInvitee,
    Meeting,
    MeetingGuest,
)
from portal.models import Report, ReportKind
from ratings.models import Designation, DesignationGrant
from tests import factories

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
    return {
        record._meta.model: record
        for record in (
            hamlet, committee, cell, person, member, membership, post, holding, meeting,
            attendance, guest, cadre, conference, invitee, body, occasion, decision, award, report,
            designation, grant,
        )
    }  # fmt: skip
