"""Stored files (a background award export, a periodic report, a meeting
attachment) reach only users whose scope covers them, through the view that
checks it: no media URL serves them under DEBUG (`make run`) or without it,
they are kept outside every served folder, and their stored names carry a
random part, so they cannot be guessed from the place and the dates."""

import importlib
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import clear_url_caches, reverse

from awards.models import Award, ExportJob
from core.periods import Period
from meetings.models import Attachment
from portal.models import Report
from portal.reports import services
from tests import factories
from tests.awards.conftest import decision, district_body, occasion  # noqa: F401  (fixtures)
from tests.meetings.conftest import MeetingFactory

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
OUTSIDERS = ["officer_b", "other_district_staff", "anonymous"]
# The random folder the storage adds: 22 URL-safe characters.
RANDOM_PART = re.compile(r"/[A-Za-z0-9_-]{22}/[^/]+$")


@pytest.fixture(autouse=True)
def folders(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PORTAL_FILES_ROOT = str(tmp_path / "files")
    settings.AWARDS_BACKGROUND_EXPORT_ROWS = 0  # every list goes to a background job


def reload_urls():
    import portal.urls

    clear_url_caches()
    importlib.reload(portal.urls)


@pytest.fixture(params=[True, False], ids=["DEBUG", "no-DEBUG"])
def debug(request, settings):
    """The URLs as `make run` (DEBUG) and production (no DEBUG) build them."""
    settings.DEBUG = request.param
    reload_urls()
    yield request.param
    settings.DEBUG = False
    reload_urls()


def start_area_export(client, place):
    return client.get(
        reverse("admin:awards_exportjob_area"),
        {"place": place.pk, "period": "2021..2023", "file_format": "xlsx"},
    )


@pytest.fixture
def export(
    login,
    district_staff,
    decision,  # noqa: F811
    hamlet_a,
    commune_a,
    client,
    django_capture_on_commit_callbacks,
):
    person = factories.PersonFactory(full_name="Lương Thị Ánh", place=hamlet_a)
    Award.objects.create(decision=decision, person=person)
    with django_capture_on_commit_callbacks(execute=True):
        start_area_export(login(district_staff), commune_a)
    client.logout()
    return ExportJob.objects.get()


@pytest.fixture
def report(commune_a):
    return services.build_report(place=commune_a, period=Period.parse("2023-Q3"))


@pytest.fixture
def attachment(hamlet_a):
    meeting = MeetingFactory(cell=factories.CellFactory(hamlet=hamlet_a))
    attachment = Attachment(meeting=meeting, file=SimpleUploadedFile("bien-ban.pdf", PDF))
    attachment.full_clean()
    attachment.save()
    return attachment


@pytest.fixture
def stored(export, report, attachment):
    """Every stored file and the scoped URL that downloads it."""
    return [
        (export.file, reverse("admin:awards_exportjob_download", args=[export.pk])),
        (report.file, reverse("report-download", args=[report.pk])),
        (report.file, reverse("report-api-download", args=[report.pk])),
        (attachment.file, attachment.file.url),
    ]


def visitor(request, client, login, user):
    if user == "anonymous":
        client.logout()
        return client
    return login(request.getfixturevalue(user))


@pytest.mark.parametrize("user", OUTSIDERS)
def test_no_media_url_serves_a_stored_file(debug, stored, request, client, login, user):
    browser = visitor(request, client, login, user)
    for file, _scoped_url in stored:
        assert browser.get(f"/media/{file.name}").status_code == 404, (file.name, debug)


def test_no_media_url_serves_it_to_the_right_user_either(debug, stored, login, officer_a):
    browser = login(officer_a)
    for file, _scoped_url in stored:
        assert browser.get(f"/media/{file.name}").status_code == 404, (file.name, debug)


def test_stored_files_are_kept_outside_every_served_folder(settings, stored):
    for file, _scoped_url in stored:
        path = Path(file.path)
        assert path.is_file()
        assert path.is_relative_to(Path(settings.PORTAL_FILES_ROOT))
        assert not path.is_relative_to(Path(settings.MEDIA_ROOT))
        assert not path.is_relative_to(Path(settings.STATIC_ROOT))


def test_the_right_user_downloads_each_file_under_a_readable_name(stored, login, officer_a):
    browser = login(officer_a)
    for file, scoped_url in stored:
        response = browser.get(scoped_url)
        assert response.status_code == 200, scoped_url
        assert b"".join(response.streaming_content) == Path(file.path).read_bytes()
        disposition = response["Content-Disposition"]
        random_folder = file.name.split("/")[-2]
        assert disposition.startswith("attachment; filename=")
        assert random_folder not in disposition


def test_the_downloaded_names_are_those_of_the_list_the_report_and_the_upload(
    export, report, attachment, login, officer_a
):
    browser = login(officer_a)
    names = {
        reverse("admin:awards_exportjob_download", args=[export.pk]): "khen-thuong-",
        reverse("report-download", args=[report.pk]): 'filename="bao-cao-',
        attachment.file.url: 'filename="bien-ban.pdf"',
    }
    for url, name in names.items():
        assert name in browser.get(url)["Content-Disposition"], url


@pytest.mark.parametrize("user", OUTSIDERS)
def test_outsiders_get_no_file_from_the_scoped_views(stored, request, client, login, user):
    browser = visitor(request, client, login, user)
    for _file, scoped_url in stored:
        response = browser.get(scoped_url)
        if user == "anonymous":
            assert response.status_code in (302, 401, 403), scoped_url
        else:
            assert response.status_code == 404, scoped_url
        assert not response.has_header("Content-Disposition")


def test_stored_names_carry_a_random_part(stored):
    for file, _scoped_url in stored:
        assert RANDOM_PART.search(file.name), file.name


def test_two_exports_of_the_same_list_get_different_unguessable_names(
    export, login, district_staff, commune_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        start_area_export(login(district_staff), commune_a)
    first, second = ExportJob.objects.order_by("pk")
    assert first.file.name != second.file.name
    for job in (first, second):
        readable = job.file.name.rsplit("/", 1)[-1]
        guessed = f"exports/{job.created_at:%Y/%m}/{readable}"
        assert readable.startswith("khen-thuong-") and job.file.name != guessed
        assert RANDOM_PART.search(job.file.name)


def test_two_builds_of_a_report_get_different_names(
    report, commune_a, django_capture_on_commit_callbacks
):
    first = report.file.name
    with django_capture_on_commit_callbacks(execute=True):  # the old file goes on commit
        rebuilt = services.build_report(place=commune_a, period=Period.parse("2023-Q3"))
    assert rebuilt.file.name != first and RANDOM_PART.search(rebuilt.file.name)
    assert not Path(report.file.storage.path(first)).exists()
    assert not Path(report.file.storage.path(first)).parent.exists()  # its folder went too


def test_a_row_whose_file_is_gone_answers_404(report, login, officer_a):
    Path(report.file.path).unlink()
    assert login(officer_a).get(reverse("report-download", args=[report.pk])).status_code == 404


def test_behind_nginx_the_view_answers_with_an_internal_redirect(
    settings, export, login, officer_a, officer_b
):
    settings.PORTAL_FILE_ACCEL_REDIRECT = "/protected/"
    url = reverse("admin:awards_exportjob_download", args=[export.pk])
    response = login(officer_a).get(url)
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == f"/protected/{export.file.name}"
    assert response["Content-Disposition"].startswith('attachment; filename="khen-thuong-')
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    outsider = login(officer_b).get(url)
    assert outsider.status_code == 404 and not outsider.has_header("X-Accel-Redirect")


def test_behind_apache_the_view_answers_with_x_sendfile(settings, report, login, officer_a):
    settings.PORTAL_FILE_SENDFILE = True
    response = login(officer_a).get(reverse("report-download", args=[report.pk]))
    assert response.status_code == 200 and response.content == b""
    assert response["X-Sendfile"] == report.file.path
    assert 'filename="bao-cao-' in response["Content-Disposition"]


def test_files_stored_under_media_before_move_out_and_still_download(
    settings, report, login, officer_a
):
    from core.files import move_out_of_media

    old_name = "reports/bao-cao-15001-2023-Q3-7e524013.xlsx"
    old_path = Path(settings.MEDIA_ROOT, old_name)
    old_path.parent.mkdir(parents=True)
    old_path.write_bytes(Path(report.file.path).read_bytes())
    Report.objects.filter(pk=report.pk).update(file=old_name)

    move_out_of_media(Report)

    report.refresh_from_db()
    assert not old_path.exists()
    assert RANDOM_PART.search(report.file.name) and report.file.name.endswith("7e524013.xlsx")
    assert Path(report.file.path).is_relative_to(Path(settings.PORTAL_FILES_ROOT))
    response = login(officer_a).get(reverse("report-download", args=[report.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content)[:2] == b"PK"


def test_the_settings_refuse_a_files_folder_inside_the_media_folder(tmp_path):
    import os
    import subprocess
    import sys

    from django.conf import settings

    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(
        DJANGO_SETTINGS_MODULE="portal.settings.local",
        MEDIA_ROOT=str(tmp_path / "media"),
        PORTAL_FILES_ROOT=str(tmp_path / "media" / "private"),
    )
    result = subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), "check"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "PORTAL_FILES_ROOT must lie outside MEDIA_ROOT" in result.stderr


def test_a_vietnamese_file_name_reaches_nginx_percent_encoded(settings, hamlet_a, login, officer_a):
    settings.PORTAL_FILE_ACCEL_REDIRECT = "/protected/"
    meeting = MeetingFactory(cell=factories.CellFactory(hamlet=hamlet_a))
    attachment = Attachment(meeting=meeting, file=SimpleUploadedFile("biên-bản.pdf", PDF))
    attachment.full_clean()
    attachment.save()
    response = login(officer_a).get(attachment.file.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"].endswith("/bi%C3%AAn-b%E1%BA%A3n.pdf")
    assert "filename*=utf-8''bi%C3%AAn-b%E1%BA%A3n.pdf" in response["Content-Disposition"]
