"""Where every stored file lives (award exports, periodic reports, meeting
attachments) and how it reaches a user.

The files name party members, so none of them is ever served as a static
file: they are kept in PORTAL_FILES_ROOT, outside MEDIA_ROOT and STATIC_ROOT,
nothing in the portal answers under MEDIA_URL, and each stored name carries a
random folder, so a name cannot be guessed from a place and a period. A file
reaches a user only through the view of the row that owns it, after that
view's scope check, by `serve_file`, which puts the download on the audit
trail (once, under the owning row): from Django itself, or, when the portal
runs behind nginx or Apache, by an internal redirect the proxy follows
(PORTAL_FILE_ACCEL_REDIRECT, PORTAL_FILE_SENDFILE; README "Files behind a
proxy").
"""

import contextlib
import mimetypes
import os
import posixpath
import secrets
import shutil
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

from .audit import scope_of
from .exports import record_download

# 16 random bytes: 22 URL-safe characters, never guessed.
RANDOM_BYTES = 16


class PrivateFileStorage(FileSystemStorage):
    """The one storage of every FileField. Its folder is read from the
    settings on each use (tests switch it per test), and it has no public
    address: a file's URL is that of the view checking its owner's scope."""

    @property
    def base_location(self):
        return Path(settings.PORTAL_FILES_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def generate_filename(self, filename):
        """`folder/name.ext` becomes `folder/<random>/name.ext`: the name a
        user downloads stays readable, the stored path is not guessable."""
        folder, name = posixpath.split(super().generate_filename(filename))
        return posixpath.join(folder, secrets.token_urlsafe(RANDOM_BYTES), name)

    def url(self, name):
        raise ValueError("Stored files have no public URL; the owner's download view serves them.")

    def remove(self, name):
        """Delete `name` and the random folder that held it."""
        with contextlib.suppress(FileNotFoundError):
            self.delete(name)
        with contextlib.suppress(OSError):  # not empty, or already gone
            os.rmdir(os.path.dirname(self.path(name)))


def private_storage():
    return PrivateFileStorage()


def serve_file(field_file, *, filename, owner, rows=None, content_type=None):
    """The response that hands `field_file` to the user as `filename`, the
    download recorded on the audit trail (`core.exports.record_download`)
    under `owner`, the row the file belongs to, with `rows` rows of personal
    data (None when the file is no list).

    Called only after the caller's scope check. With PORTAL_FILE_ACCEL_REDIRECT
    (an nginx `internal` location, e.g. "/protected/") or PORTAL_FILE_SENDFILE
    (Apache mod_xsendfile) the proxy sends the bytes; otherwise Django does.
    A row whose file is missing on disk is 404, not a 500.
    """
    if not field_file or not field_file.storage.exists(field_file.name):
        raise Http404
    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    record_download(about=owner, what=filename, rows=rows, scope=scope_of(owner))
    prefix = settings.PORTAL_FILE_ACCEL_REDIRECT
    if prefix or settings.PORTAL_FILE_SENDFILE:
        # Both proxies percent-decode the header (a name may be Vietnamese).
        response = HttpResponse(content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        if prefix:
            response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(field_file.name)
        else:
            response["X-Sendfile"] = quote(field_file.path)
        return response
    return FileResponse(
        field_file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )


def move_out_of_media(model, *, backwards=False):
    """Data migrations: move the files of `model`'s rows (field `file`) from
    MEDIA_ROOT, where they were once stored and could be served, into
    PORTAL_FILES_ROOT under a random folder, and point the rows at the new
    name. Backwards moves them back under their current name. A row whose
    file is missing is left as it is (its download answers 404)."""
    storage = PrivateFileStorage()
    media = Path(settings.MEDIA_ROOT)
    for pk, old in list(model.objects.exclude(file="").values_list("pk", "file")):
        if backwards:
            new, source, target = old, Path(storage.path(old)), media / old
        else:
            new = storage.generate_filename(old)
            source, target = media / old, Path(storage.path(new))
        if not source.is_file():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(source, target)
        model.objects.filter(pk=pk).update(file=new)
