"""The "Nhập từ Excel" button of an admin list, and its pages.

Add `ImportAdminMixin` before `ScopedAdmin` and name the importer::

    class PersonAdmin(ImportAdminMixin, ScopedAdmin):
        importer_class = PeopleImport

The flow is the one import-export users know: upload → every error with its
row and column (nothing written), or a preview with counts → confirm → all
rows written in one transaction. Between preview and confirm the upload is
kept in the database (`StagedImport`, never under MEDIA_ROOT) under a random
token that only its uploader can confirm, and that is written exactly once
however many tabs, sessions or clicks confirm it; confirming checks every row
again, since records may have changed meanwhile. Only users whose role grants the
importer's permission (`cells.add_<model>`) see the button; the others get 403
on the URLs. Each importer looks up what rows name (communes, cells, people)
among what the user may write under (`attachable_by(request.user)`), so a row
naming anything else is refused with its row and column.
"""

import io

import openpyxl
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.template.loader import select_template
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cells.models import StagedImport

from .reading import ImportFailed, UploadError

MAX_ERRORS_SHOWN = 1000
IMPORT_LOCK = 0x1A2B0001  # PostgreSQL advisory lock key of confirmed imports
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp Excel (.xlsx) hoặc CSV (UTF-8)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


def write_once(staged, importer):
    """Write the claimed upload `staged` and mark it finished, in one
    transaction: both happen or neither. When the write fails, whatever the
    reason, the claim is given back, so the upload can be confirmed again.
    Another import (or a user) writing the same records at the same moment
    can make the database refuse a row the check found free (PostgreSQL;
    SQLite runs one write transaction at a time): nothing is written then,
    and the user is told so in words."""
    try:
        with transaction.atomic():
            one_import_at_a_time()
            summary = importer.run(bytes(staged.content), commit=True)
            staged.finish(summary.rows)
    except BaseException as error:
        staged.release()
        if isinstance(error, IntegrityError):
            raise UploadError(
                _(
                    "Cùng lúc đó đã có người ghi các bản ghi này nên chưa có dòng nào được "
                    "ghi: hãy tải tệp lên lại để kiểm tra với dữ liệu mới."
                )
            ) from error
        raise
    return summary


def one_import_at_a_time():
    """Hold, until the transaction ends, a lock that every confirmed import
    takes first: two uploads of one file confirmed at once are written one
    after the other, and the second finds the first's rows recorded (each
    importer refuses those) instead of writing them again. SQLite needs
    none: each write transaction holds the database's lock from its start."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])


def taken_message(staged):
    """What a confirm that lost the race (or came late) is told."""
    if staged.finished_at is None:
        return _("Tệp này đang được nhập (từ %(time)s): hãy chờ một lát rồi xem lại danh sách.") % {
            "time": f"{timezone.localtime(staged.claimed_at):%H:%M:%S}"
        }
    finished = timezone.localtime(staged.finished_at)
    return _(
        "Tệp này đã được nhập lúc %(time)s ngày %(date)s (%(rows)s dòng); không nhập lại lần nữa."
    ) % {"time": f"{finished:%H:%M}", "date": f"{finished:%d/%m/%Y}", "rows": staged.rows}


def template_workbook(importer_class):
    """An empty workbook with the import's headers, for officials to fill in."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("Dữ liệu")
    sheet.append([column.header for column in importer_class.columns])
    for cell in sheet[1]:
        cell.font = openpyxl.styles.Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = max(14, len(cell.value) + 4)
    notes = workbook.create_sheet(_("Hướng dẫn"))
    notes.append([_("Cột"), _("Bắt buộc")])
    for column in importer_class.columns:
        notes.append([column.header, _("có") if column.required else ""])
    notes.append([])
    notes.append([_("Ngày ghi theo dd/mm/yyyy hoặc định dạng ngày của Excel.")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class ImportAdminMixin:
    importer_class = None
    import_template = "admin/cells/import.html"
    change_list_template = "admin/cells/import_change_list.html"

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("nhap-excel/", view(self.import_view), name=f"{prefix}_excel_import"),
            path(
                "nhap-excel/mau.xlsx",
                view(self.import_template_view),
                name=f"{prefix}_excel_import_template",
            ),
            *super().get_urls(),
        ]

    def has_import_permission(self, request):
        return self.importer_class(request.user).has_permission()

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "has_import_permission": self.has_import_permission(request),
            "import_url": self._url("excel_import"),
            "import_base_template": self._base_change_list_template(),
        }
        return super().changelist_view(request, extra_context)

    def _url(self, name):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}")

    def _base_change_list_template(self):
        """The list template this admin would use without the mixin, so the
        buttons of another mixin (export) stay."""
        mro = type(self).__mro__
        for klass in mro[mro.index(ImportAdminMixin) + 1 :]:
            own = klass.__dict__.get("change_list_template")
            if own:
                return select_template([own])
        label, model = self.opts.app_label, self.opts.model_name
        return select_template(
            [
                f"admin/{label}/{model}/change_list.html",
                f"admin/{label}/change_list.html",
                "admin/change_list.html",
            ]
        )

    def import_template_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        response = HttpResponse(template_workbook(self.importer_class), content_type=XLSX_TYPE)
        filename = f"mau-nhap-{self.opts.model_name}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def import_view(self, request):
        """Upload → errors or preview; confirm → write and back to the list."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        importer = self.importer_class(request.user)
        if request.method == "POST" and "token" in request.POST:
            return self._confirm(request, importer)
        form = UploadForm(request.POST or None, request.FILES or None)
        context = {"form": form}
        if request.method == "POST" and form.is_valid():
            context |= self._check(request, importer, form)
        return self._render(request, importer, context)

    def _check(self, request, importer, form):
        upload = form.cleaned_data["file"]
        # One byte past the cap is enough for read_table to refuse the file.
        content = upload.read(settings.PORTAL_MAX_UPLOAD_BYTES + 1)
        try:
            summary = importer.run(content, commit=False)
        except UploadError as error:
            form.add_error("file", str(error))
            return {}
        except ImportFailed as failure:
            return {
                "errors": failure.errors[:MAX_ERRORS_SHOWN],
                "error_count": len(failure.errors),
                "file_name": upload.name,
            }
        staged = StagedImport.stage(
            user=request.user, target=self.opts.label_lower, content=content
        )
        return {"summary": summary, "token": staged.token, "file_name": upload.name}

    def _confirm(self, request, importer):
        staged = StagedImport.waiting(
            user=request.user, target=self.opts.label_lower, token=request.POST["token"]
        )
        if staged is None:
            messages.error(request, _("Phiên nhập đã hết hạn: hãy tải tệp lên lại."))
            return HttpResponseRedirect(self._url("excel_import"))
        if not staged.claim():
            messages.warning(request, taken_message(staged))
            return HttpResponseRedirect(self._url("changelist"))
        try:
            summary = write_once(staged, importer)
        except (UploadError, ImportFailed) as error:
            errors = getattr(error, "errors", [])
            context = {"form": UploadForm(), "errors": errors, "error_count": len(errors)}
            if not errors:
                messages.error(request, str(error))
            return self._render(request, importer, context)
        counts = ", ".join(f"{number} {label}" for label, number in summary.counts.items())
        messages.success(
            request,
            _("Đã nhập %(rows)s dòng: %(counts)s.")
            % {
                "rows": summary.rows,
                "counts": counts,
            },
        )
        return HttpResponseRedirect(self._url("changelist"))

    def _render(self, request, importer, context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": importer.title,
            "columns": importer.columns,
            "template_url": self._url("excel_import_template"),
            "changelist_url": self._url("changelist"),
            **context,
        }
        return TemplateResponse(request, self.import_template, context)
