"""Attachments of a meeting: accepted by content (PDF, JPEG, PNG, DOCX),
never by name, and under the size cap."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import Attachment

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)
JPEG = b"\xff\xd8\xff\xe0" + bytes(64)


def docx(extra=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def xlsx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def attach(meeting, name, content):
    attachment = Attachment(meeting=meeting, file=SimpleUploadedFile(name, content))
    attachment.full_clean()
    attachment.save()
    return attachment


@pytest.mark.parametrize(
    "name, content, kind",
    [("bien-ban.pdf", PDF, "pdf"), ("anh.png", PNG, "png"), ("anh.jpg", JPEG, "jpeg")]
    + [("nghi-quyet.docx", docx(), "docx"), ("khong-duoi", PDF, "pdf")],
)
def test_it_accepts_minutes_photos_and_documents_by_content(meeting, name, content, kind):
    assert attach(meeting, name, content).content_type == kind


@pytest.mark.parametrize(
    "name, content",
    [
        ("bien-ban.pdf", b"MZ\x90\x00" + bytes(100)),  # a Windows program renamed
        ("bang.docx", xlsx()),  # a workbook renamed
        ("macro.docx", docx({"word/vbaProject.bin": "x"})),
        ("trang.pdf", b""),
        ("ghi-chu.pdf", "Biên bản họp".encode()),
    ],
)
def test_it_refuses_other_types_whatever_their_name(meeting, name, content):
    with pytest.raises(ValidationError) as error:
        attach(meeting, name, content)
    assert "Chỉ nhận tệp PDF" in str(error.value)
    assert not Attachment.objects.exists()


def test_it_refuses_a_file_over_the_cap(settings, meeting):
    settings.PORTAL_MEETING_RULES = {"max_attachment_bytes": 1024}
    with pytest.raises(ValidationError) as error:
        attach(meeting, "lon.pdf", PDF + bytes(2048))
    assert "lớn hơn giới hạn" in str(error.value)


def test_the_admin_shows_the_error_and_saves_nothing(login, district_staff, meeting):
    data = {
        "cell": meeting.cell_id,
        "kind": meeting.kind,
        "date": "05/07/2023",
        "guests-TOTAL_FORMS": 0,
        "guests-INITIAL_FORMS": 0,
        "attachments-TOTAL_FORMS": 1,
        "attachments-INITIAL_FORMS": 0,
        "attachments-0-file": SimpleUploadedFile("bien-ban.pdf", b"MZ" + bytes(100)),
    }
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    response = login(district_staff).post(url, data)
    assert response.status_code == 200
    assert "Chỉ nhận tệp PDF" in response.content.decode()
    assert not Attachment.objects.exists()


def test_attachments_are_kept_outside_media_and_served_only_in_scope(
    settings, login, officer_a, officer_b, other_district_staff, client, meeting
):
    from pathlib import Path

    attachment = attach(meeting, "bien-ban.pdf", PDF)
    assert not Path(attachment.file.path).is_relative_to(Path(settings.MEDIA_ROOT))
    url = attachment.file.url
    assert url.startswith("/admin/meetings/meeting/attachment/")

    response = login(officer_a).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert 'attachment; filename="bien-ban' in response["Content-Disposition"]
    assert login(officer_b).get(url).status_code == 404
    assert login(other_district_staff).get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
