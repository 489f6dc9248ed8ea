"""django-import-export resources of the admin list exports ("Xuất Excel /
CSV", core/admin_exports.py): which columns a list's file has, under which
Vietnamese headers. Imports do not go through them: the portal's own import
engine (core/imports/) checks and writes uploads (README "Imports").

`ListResource` is the base of every list export's resource:

* headers are the model fields' verbose names (and the labels declared for
  related columns), choices are written as their labels;
* every cell goes through `list_cell`: dates dd/mm/yyyy, text cleaned and
  never a formula (core.spreadsheets; import-export's own
  IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT only strips a leading "=");
* the relations the columns read are joined in the export's one query
  (`select_related`, worked out from the columns), so a list of 10,000 rows
  costs the queries of a list of 10.
"""

import datetime
import decimal

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from import_export import fields, resources

from .spreadsheets import csv_cell


def list_cell(value):
    """One exported cell: numbers as numbers, the rest as safe text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%d/%m/%Y %H:%M}"
    if isinstance(value, datetime.time):
        return f"{value:%H:%M}"
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, models.Model):
        value = str(value)
    return csv_cell(value)


def column(attribute, label):
    """A column read through `attribute` (a path such as "place__parent")."""
    return fields.Field(attribute=attribute, column_name=label, readonly=True)


def related_path(model, attribute):
    """The part of `attribute` that follows foreign keys from `model`, e.g.
    "post__place" for "post__place__name": what the export must join."""
    path = []
    for name in attribute.split("__"):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            break
        if not (field.many_to_one or field.one_to_one):
            break
        path.append(name)
        model = field.related_model
    return "__".join(path)


class ListResource(resources.ModelResource):
    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        field = super().field_from_django_field(field_name, django_field, readonly)
        field.column_name = capfirst(str(django_field.verbose_name))
        if django_field.choices:
            field.attribute = f"get_{field_name}_display"
        return field

    def filter_export(self, queryset, **kwargs):
        model = self._meta.model
        joined = {related_path(model, field.attribute or "") for field in self.get_export_fields()}
        return queryset.select_related(*sorted(path for path in joined if path))

    def export_field(self, field, instance, **kwargs):
        return list_cell(field.get_value(instance))
