"""The "Xuất Excel / CSV" button of an admin change list: the filtered list,
as the user sees it, through django-import-export.

Add `ListExportMixin` before `ScopedAdmin` (after `ImportAdminMixin`, whose
button stays beside it) and name the resource::

    class PersonAdmin(ImportAdminMixin, ListExportMixin, ScopedAdmin):
        resource_classes = [PersonResource]

import-export builds the change list again from the request (search,
filters, date hierarchy) over the admin's `get_queryset`, which is scoped by
the read rule, so the file holds exactly the rows the list shows, all pages.
The resource (cells.resources.ListResource) writes Vietnamese headers, dates
dd/mm/yyyy and formula-proof text in a fixed number of queries. Only users
who may view the model and belong to a place (staff and officers; or a
superuser) see the button, and every file is recorded on the audit trail
with its row count (`core.exports.record_download`).
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ExportForm

from .audit import SHARED_SCOPE
from .exports import record_download


class ListExportForm(ExportForm):
    """import-export's form (the format; the resource, hidden), in Vietnamese:
    import-export ships no Vietnamese translation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["format"]
        field.label = gettext_lazy("Định dạng")
        # Offices open the list in Excel: .xlsx is chosen, .csv one click away,
        # and no empty "---" choice to trip over.
        field.choices = [choice for choice in field.choices if choice[0] != ""]
        field.initial = "0"


class ListExportMixin(ExportMixin):
    import_export_change_list_template = "admin/cells/export_change_list.html"
    export_template_name = "admin/cells/export.html"
    export_formats = [XLSX, CSV]
    # Columns are the resource's, fixed: a list reads the same for everyone.
    export_form_class = ListExportForm
    to_encoding = "utf-8-sig"  # Excel reads a CSV's diacritics only after a BOM

    def has_export_permission(self, request):
        user = request.user
        in_a_place = user.is_superuser or getattr(user, "place_id", None) is not None
        return in_a_place and super().has_export_permission(request)

    def init_request_context_data(self, request, form):
        return {**super().init_request_context_data(request, form), "title": _("Xuất Excel / CSV")}

    def get_export_filename(self, request, queryset, file_format):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return f"{self.opts.model_name}-{stamp}.{file_format.get_extension()}"

    def get_data_for_export(self, request, queryset, **kwargs):
        dataset = super().get_data_for_export(request, queryset, **kwargs)
        user = request.user
        record_download(
            about=self.model,
            what=f"{self.opts.verbose_name_plural} {request.GET.urlencode()}".strip(),
            rows=len(dataset),
            scope=user.place.path if user.place_id else SHARED_SCOPE,
        )
        return dataset
