"""Every way personal data leaves the portal leaves exactly one entry on the
audit trail: who, what, and how many rows (None for a file that is no list)."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from awards.models import Award, ExportJob
from core.periods import Period
from meetings.models import Attachment
from portal.reports import services
from tests import factories
from tests.awards.conftest import decision, district_body, occasion  # noqa: F401  (fixtures)
from tests.awards.test_badges import member
from tests.meetings.conftest import MeetingFactory

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
BADGE_DAY = datetime.date(2024, 2, 3)


@pytest.fixture(autouse=True)
def folders(settings, tmp_path):
    settings.PORTAL_FILES_ROOT = str(tmp_path / "files")


def downloads():
    return list(LogEntry.objects.filter(action=LogEntry.Action.ACCESS))


def the_one_download():
    entries = downloads()
    assert len(entries) == 1, [entry.object_repr for entry in entries]
    return entries[0]


@pytest.fixture
def awarded(decision, hamlet_a, hamlet_b):  # noqa: F811
    for name, hamlet in [
        ("Lương Thị Ánh", hamlet_a),
        ("Hà Văn Thuận", hamlet_a),
        ("Vi Văn Ba", hamlet_b),
    ]:
        Award.objects.create(
            decision=decision, person=factories.PersonFactory(full_name=name, place=hamlet)
        )
    return decision


@pytest.fixture
def badge_members(hamlet_a):
    cell = factories.CellFactory(hamlet=hamlet_a)
    member(cell, "Vi Văn Đúng", datetime.date(1994, 2, 3))
    member(cell, "Cầm Bá Bốn", datetime.date(1980, 6, 1))


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_a_direct_award_list_download_is_recorded_once(login, district_staff, awarded, file_format):
    url = reverse("admin:awards_decision_export", args=[awarded.pk, file_format])
    assert login(district_staff).get(url).status_code == 200
    entry = the_one_download()
    assert (entry.actor, entry.additional_data["rows"]) == (district_staff, 3)
    assert entry.object_repr.endswith(f".{file_format}")


def test_a_list_built_in_the_background_is_recorded_once_when_downloaded(
    login, district_staff, awarded, settings, django_capture_on_commit_callbacks
):
    settings.AWARDS_BACKGROUND_EXPORT_ROWS = 2
    client = login(district_staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("admin:awards_decision_export", args=[awarded.pk, "xlsx"]))
    job = ExportJob.objects.get()
    assert downloads() == []  # built, not yet downloaded
    assert client.get(reverse("admin:awards_exportjob_download", args=[job.pk])).status_code == 200
    entry = the_one_download()
    assert (entry.actor, entry.additional_data["rows"], entry.object_pk) == (
        district_staff,
        3,
        str(job.pk),
    )


def test_the_award_list_command_is_recorded_once(awarded, district, tmp_path):
    call_command("export_award_list", decision=awarded.number, output=str(tmp_path / "l.csv"))
    entry = the_one_download()
    assert (entry.additional_data["rows"], entry.additional_data["scope"]) == (3, district.path)


def test_a_badge_list_download_is_recorded_once(login, district_staff, district, badge_members):
    url = reverse("admin:awards_decision_badges")
    query = {"place": district.pk, "date": "03/02/2024", "file_format": "csv"}
    assert login(district_staff).get(url, query).status_code == 200
    entry = the_one_download()
    assert (entry.actor, entry.additional_data["rows"]) == (district_staff, 2)


def test_the_badge_list_command_is_recorded_once(district, badge_members, tmp_path):
    output = tmp_path / "huy-hieu.xlsx"
    call_command("export_badge_list", "387", date=BADGE_DAY.isoformat(), output=str(output))
    entry = the_one_download()
    assert (entry.additional_data["rows"], entry.additional_data["export"]) == (2, str(output))


@pytest.mark.parametrize("url_name", ["report-download", "report-api-download"])
def test_a_report_download_is_recorded_once(login, officer_a, commune_a, url_name):
    report = services.build_report(place=commune_a, period=Period.parse("2023-Q3"))
    assert login(officer_a).get(reverse(url_name, args=[report.pk])).status_code == 200
    entry = the_one_download()
    assert (entry.actor, entry.object_pk, entry.additional_data["scope"]) == (
        officer_a,
        str(report.pk),
        commune_a.path,
    )
    assert entry.additional_data["rows"] is None


def test_a_meeting_attachment_download_is_recorded_once(login, officer_a, hamlet_a):
    meeting = MeetingFactory(cell=factories.CellFactory(hamlet=hamlet_a))
    attachment = Attachment(meeting=meeting, file=SimpleUploadedFile("bien-ban.pdf", PDF))
    attachment.full_clean()
    attachment.save()
    assert login(officer_a).get(attachment.file.url).status_code == 200
    entry = the_one_download()
    assert (entry.actor, entry.object_repr, entry.object_pk) == (
        officer_a,
        "bien-ban.pdf",
        str(attachment.pk),
    )
    assert entry.additional_data["scope"].startswith(hamlet_a.parent.path)


def test_a_refused_download_is_not_recorded(login, officer_b, commune_a):
    report = services.build_report(place=commune_a, period=Period.parse("2023-Q3"))
    assert login(officer_b).get(reverse("report-download", args=[report.pk])).status_code == 404
    assert downloads() == []
