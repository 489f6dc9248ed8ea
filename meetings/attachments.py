"""What a meeting attachment may be: scanned minutes (PDF), photos (JPEG,
PNG) or a Word document (DOCX), decided by the file's first bytes, never by
its name, and no larger than the configured cap; and where it is kept:
in the portal's private storage, served only through a download view that
checks scope."""

import zipfile

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.files import PrivateFileStorage

PDF, JPEG, PNG, DOCX = "pdf", "jpeg", "png", "docx"
_MAGIC = [
    (b"%PDF-", PDF),
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
]
_ZIP_MAGIC = b"PK\x03\x04"
# A Word document has a few dozen parts; its XML rarely unzips past 50 MB.
_MAX_DOCX_ENTRIES = 1000
_MAX_DOCX_UNZIPPED = 50 * 1024 * 1024

ACCEPTED = _("Chỉ nhận tệp PDF, ảnh JPEG/PNG hoặc văn bản Word .docx.")


def attachment_kind(upload, max_bytes):
    """The kind of `upload` ("pdf", "jpeg", "png", "docx"); ValidationError
    with a Vietnamese message for a file too large or of another type."""
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("Tệp lớn hơn giới hạn %(mb)s MB.") % {"mb": round(max_bytes / 1024 / 1024, 1)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(_ZIP_MAGIC) and _is_docx(upload):
        return DOCX
    raise ValidationError(ACCEPTED, code="wrong_type")


def _is_docx(upload):
    """A zip holding a Word document without macros, its sizes read from the
    central directory only (nothing is inflated)."""
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            unzipped = sum(entry.file_size for entry in entries)
    except (zipfile.BadZipFile, OSError):
        return False
    finally:
        upload.seek(0)
    return (
        "[Content_Types].xml" in names
        and "word/document.xml" in names
        and not any(name.lower().endswith("vbaproject.bin") for name in names)
        and len(entries) <= _MAX_DOCX_ENTRIES
        and unzipped <= _MAX_DOCX_UNZIPPED
    )


class AttachmentStorage(PrivateFileStorage):
    """The portal's one private storage (core/files.py); an attachment's URL
    is the admin's download view, which checks the user's scope."""

    def url(self, name):
        return reverse("admin:meetings_attachment_download", args=[name])


def private_storage():
    return AttachmentStorage()
