"""The admin side of the two access rules (cells/querysets.py).

Every ModelAdmin of a domain model derives from `ScopedAdmin`, so lists,
change, history and delete pages and list filters show only what the user's
place covers (`in_scope`). Which of those rows a user may change or delete
is `editable_by`, asked per record here and by the inlines for their parent;
foreign-key choices and autocomplete offer what `attachable_by` allows, and a
save whose record would not be the user's to change is refused (403) and
undone. Rights to add, change, delete, import and export a model at all come
from the role's permission group (portal/roles.py).

Autocomplete is scoped twice over: Django's autocomplete view asks the admin of
the *related* model for its queryset, which is scoped, and
`ChoiceLabelAutocompleteView` cuts it to what the user may attach to, as the
field's choices are, and makes the choices read as below.

Choices read the way the related admin's `choice_label` says, in dropdowns,
autocomplete boxes and their selected values alike: a district has several
"Bản Bo" in different communes, so a hamlet reads "Bản Bo, Xã Tam Lư".

Inline rows share their foreign-key choices (`SharedChoicesFormSet`), so a
person with ten holdings opens in as many queries as one with a single holding.
"""

from django.contrib import admin
from django.contrib.admin.filters import RelatedFieldListFilter, SimpleListFilter
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import NestedObjects, get_fields_from_path
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect, RelatedFieldWidgetWrapper
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import router
from django.db.models import IntegerField, Q
from django.db.models.constants import LOOKUP_SEP
from django.forms import ModelChoiceField, Select
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from cells.constants import LARGEST_ID, Level
from cells.models import Place
from cells.querysets import may_edit

from .vietnamese import fold

OUT_OF_SCOPE_CHOICE = _("Lựa chọn này không có hoặc nằm ngoài phạm vi đơn vị của bạn.")


def scoped(queryset, user):
    """`queryset` cut down to `user`'s scope when its model is scoped."""
    if hasattr(queryset, "in_scope"):
        return queryset.in_scope(user)
    return queryset


def attachable(queryset, user):
    """`queryset` cut down to what `user` may point a record at, when its
    model has the write rule."""
    if hasattr(queryset, "attachable_by"):
        return queryset.attachable_by(user)
    return queryset


def may_edit_on(request, obj):
    """`may_edit`, asked once per record and request: a change page asks
    for its record and for every inline, several times each. None (an add
    page, a list) leaves the answer to the model permission."""
    if obj is None or obj.pk is None:
        return True
    answers = request.__dict__.setdefault("_may_edit", {})
    key = (obj._meta.label, obj.pk)
    if key not in answers:
        answers[key] = may_edit(request.user, obj)
    return answers[key]


def refuse_unless_editable(user, objects):
    """Raise PermissionDenied (undoing the admin's transaction) unless every
    saved record of `objects` (one model) is `user`'s to change: the choices
    already keep a form from pointing elsewhere; this holds for what is
    derived at save time too (a path, an award's recipient place)."""
    pks = {obj.pk for obj in objects}
    if not pks:
        return
    rows = type(objects[0])._default_manager.all()
    if not hasattr(rows, "editable_by"):
        return
    if rows.editable_by(user).filter(pk__in=pks).count() < len(pks):
        raise PermissionDenied


def scope_choice_field(field, user, related_admin=None):
    """Cut a form field's choices to what `user` may point a record at; a
    tampered id outside them is refused with a message that says why, not
    Django's generic one. The choices read as the related model's admin
    labels them."""
    if field is None or not hasattr(field, "queryset"):
        return field
    field.queryset = attachable(field.queryset, user)
    field.error_messages["invalid_choice"] = OUT_OF_SCOPE_CHOICE
    field.error_messages["invalid_pk_value"] = OUT_OF_SCOPE_CHOICE
    if isinstance(related_admin, ScopedAdmin):
        field.queryset = field.queryset.select_related(*related_admin.label_related)
        field.label_from_instance = related_admin.choice_label
    return field


def id_from(value):
    """The database id a list filter's value names in the query string. A
    value that is not one (abc, 1.5, 23 digits) raises IncorrectLookupParameters,
    which the change list answers with its "?e=1" page (templates/admin/
    change_list.html says why there), never a 500. Facet counts pass the
    choices' own ids, as ints."""
    text = str(value)
    if text.isascii() and text.isdigit() and 1 <= int(text) <= LARGEST_ID:
        return int(text)
    raise IncorrectLookupParameters(value)


def check_id_lookup(model, lookup, value):
    """A filter typed into the query string on an id or a foreign key
    (`person`, `person__id__exact`, `cell__in`) must name ids a column holds.
    Django bounds `__id__exact` itself but not a bare foreign key, whose 23
    digits reached the SQLite driver as an OverflowError (a 500)."""
    names = lookup.split(LOOKUP_SEP)
    operator = names.pop() if len(names) > 1 and names[-1] in ("exact", "in") else "exact"
    field = None
    for name in names:
        if field is not None and not field.is_relation:
            return  # a lookup on a plain field (date__gte): Django checks it
        try:
            field = (field.related_model if field else model)._meta.get_field(name)
        except FieldDoesNotExist:
            return  # a custom filter's own parameter (commune)
    if field is None:
        return
    target = field.related_model._meta.pk if field.is_relation else field
    if isinstance(target, IntegerField):
        for item in value.split(",") if operator == "in" else [value]:
            id_from(item)


class CheckedLookupsMixin:
    """Admins whose change lists refuse a junk id in the query string with
    their "?e=1" page (`check_id_lookup`)."""

    def lookup_allowed(self, lookup, value, request=None):
        check_id_lookup(self.model, lookup, value)
        return super().lookup_allowed(lookup, value, request)


def _related_admin(model_admin, db_field):
    return model_admin.admin_site._registry.get(db_field.remote_field.model)


class ChoiceLabelAutocompleteView(AutocompleteJsonView):
    """Django's autocomplete, with results labelled by `choice_label`, among
    what the user may point the form's record at (the field's choices)."""

    def get_queryset(self):
        labels_read = getattr(self.model_admin, "label_related", ())
        rows = attachable(super().get_queryset(), self.request.user)
        return rows.select_related(*labels_read)

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if isinstance(self.model_admin, ScopedAdmin):
            result["text"] = str(self.model_admin.choice_label(obj))
        return result


def autocomplete_view(admin_site):
    """The admin site's autocomplete view (see portal/admin.py)."""

    def view(request):
        return ChoiceLabelAutocompleteView.as_view(admin_site=admin_site)(request)

    return view


class ScopedRelatedFieldListFilter(RelatedFieldListFilter):
    """A related-field filter offering only the choices in the user's scope."""

    def field_choices(self, field, request, model_admin):
        related = scoped(field.related_model._default_manager.all(), request.user)
        related = related.complex_filter(field.get_limit_choices_to())
        return [(obj.pk, str(obj)) for obj in related]


class PlaceTreeFilter(SimpleListFilter):
    """Filter rows to those under a place the user may see (a commune, a
    hamlet), through the model's own `within(place)`: the same rule as scope.

    A province (or the superuser) sees hundreds or thousands of units; past
    `max_choices` the filter steps aside rather than fill the sidebar, and
    search does the job.
    """

    level = None
    max_choices = 300

    def places(self, request):
        return (
            Place.objects.in_scope(request.user).filter(level=self.level).select_related("parent")
        )

    def choices_for(self, request):
        return self.places(request)

    def lookups(self, request, model_admin):
        places = list(self.choices_for(request)[: self.max_choices + 1])
        if len(places) > self.max_choices:
            return []
        return [(place.pk, self.label(place)) for place in places]

    def label(self, place):
        return str(place)

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        place = self.places(request).filter(pk=id_from(self.value())).first()
        # An id outside the user's scope (typed into the URL) matches nothing.
        return queryset.within(place) if place else queryset.none()


class InForceFilter(SimpleListFilter):
    """Units in force today by default; those that have closed (the history
    a reorganisation left where it stood, under the old names) on request,
    so a merged hamlet and its successor are not mistaken for two units."""

    title = _("hiệu lực")
    parameter_name = "hieu_luc"
    end_field = "valid_to"
    CLOSED, EVERY = "da_het", "tat_ca"

    def lookups(self, request, model_admin):
        return [(self.CLOSED, _("Đã hết hiệu lực")), (self.EVERY, _("Tất cả"))]

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("Đang hiệu lực"),
        }
        for value, title in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": title,
            }

    def queryset(self, request, queryset):
        end = self.end_field
        in_force = Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": timezone.localdate()})
        if self.value() == self.EVERY:
            return queryset
        if self.value() == self.CLOSED:
            return queryset.exclude(in_force)
        return queryset.filter(in_force)


class CellInForceFilter(InForceFilter):
    end_field = "dissolved_on"


class CommuneFilter(PlaceTreeFilter):
    title = _("xã, phường, thị trấn")
    parameter_name = "commune"
    level = Level.COMMUNE


class HamletFilter(PlaceTreeFilter):
    """Hamlets in scope; once a commune is chosen, only that commune's."""

    title = _("thôn, bản, tổ dân phố")
    parameter_name = "hamlet"
    level = Level.HAMLET

    def choices_for(self, request):
        places = self.places(request)
        commune = request.GET.get(CommuneFilter.parameter_name)
        if commune is not None:
            places = places.filter(parent_id=id_from(commune))
        return places

    def label(self, place):
        return f"{place} ({place.parent.name})"


class FoldedSearchMixin:
    """Search that ignores diacritics, case and NFC/NFD: terms are folded the
    same way as the `search_name` columns they are matched against.

    Columns stored as typed (card and decision numbers, usernames) are matched
    against the term as typed too, so "123-QĐ/HU" still finds its decision.
    """

    def get_search_results(self, request, queryset, search_term):
        folded, folded_dupes = super().get_search_results(request, queryset, fold(search_term))
        if not search_term or fold(search_term) == search_term:
            return folded, folded_dupes
        typed, typed_dupes = super().get_search_results(request, queryset, search_term)
        return folded | typed, folded_dupes or typed_dupes


class ScopedAdmin(CheckedLookupsMixin, FoldedSearchMixin, admin.ModelAdmin):
    """Base of every domain ModelAdmin: rows, choices and filters in scope."""

    list_per_page = 50
    empty_value_display = "—"
    # Relations `choice_label` reads, loaded with the choices.
    label_related = ()

    def choice_label(self, obj):
        """How a record reads when another form offers it as a choice."""
        return str(obj)

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and may_edit_on(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and may_edit_on(request, obj)

    def get_deleted_objects(self, objs, request):
        """Django asks `has_delete_permission` of every record a delete
        takes with it; the write rule answers for each model at once."""
        collector = NestedObjects(using=router.db_for_write(self.model))
        collector.collect(objs)
        answers = request.__dict__.setdefault("_may_edit", {})
        for model, instances in collector.data.items():
            if hasattr(model._default_manager, "editable_by"):
                pks = {obj.pk for obj in instances}
                rows = model._default_manager.editable_by(request.user).filter(pk__in=pks)
                editable = set(rows.values_list("pk", flat=True))
                answers.update({(model._meta.label, pk): pk in editable for pk in pks})
        return super().get_deleted_objects(objs, request)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        refuse_unless_editable(request.user, [obj])

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        changed = [obj for obj, _fields in formset.changed_objects]
        refuse_unless_editable(request.user, [*formset.new_objects, *changed])

    def get_action(self, action):
        """An action of this admin that changes or deletes (it asks the
        "change" or "delete" permission) acts only on the selected rows the
        user may change. The site-wide delete_selected does not come through
        here; it asks `has_delete_permission` of every row, and refuses a
        selection holding one the user may not delete."""
        found = super().get_action(action)
        if found is None:
            return None
        func, name, description = found
        writes = {"change", "delete"} & set(getattr(func, "allowed_permissions", ()))
        if not writes or not hasattr(self.model._default_manager, "editable_by"):
            return found

        def on_editable_rows(modeladmin, request, queryset):
            editable = queryset.model._default_manager.editable_by(request.user)
            return func(modeladmin, request, queryset.filter(pk__in=editable.values("pk")))

        on_editable_rows.allowed_permissions = func.allowed_permissions
        return on_editable_rows, name, description

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return scope_choice_field(field, request.user, _related_admin(self, db_field))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return scope_choice_field(field, request.user, _related_admin(self, db_field))

    def get_list_filter(self, request):
        return [self._scoped_filter(entry) for entry in super().get_list_filter(request)]

    def _scoped_filter(self, entry):
        # A relation named directly or at the end of a path ("decision__body"),
        # many-to-many included: Django's own filter would offer every row.
        if isinstance(entry, str) and get_fields_from_path(self.model, entry)[-1].is_relation:
            return (entry, ScopedRelatedFieldListFilter)
        return entry


class SharedLabelsAutocompleteSelect(AutocompleteSelect):
    """An autocomplete box that can be handed the label of its selected value,
    so a formset labels all its rows with one query instead of one per row."""

    labels = None

    def optgroups(self, name, value, attr=None):
        if self.labels is None:
            return super().optgroups(name, value, attr)
        default = (None, [], 0)
        if not self.is_required:
            default[1].append(self.create_option(name, "", "", False, 0))
        for selected in (str(v) for v in value if str(v) in self.labels):
            option = self.create_option(
                name, selected, self.labels[selected], True, len(default[1])
            )
            default[1].append(option)
        return [default]


def _inner_widget(field):
    widget = field.widget
    return widget.widget if isinstance(widget, RelatedFieldWidgetWrapper) else widget


class SharedChoicesFormSet(BaseInlineFormSet):
    """Rows of an inline share their foreign-key choices: a select's options
    are read once, and the selected values of autocomplete boxes are labelled
    in one query. Without this every row costs a query per foreign key."""

    @cached_property
    def forms(self):
        forms = super().forms
        if forms:
            for name, field in forms[0].fields.items():
                if isinstance(field, ModelChoiceField):
                    self._share(forms, name, field)
        return forms

    @staticmethod
    def _share(forms, name, field):
        widget = _inner_widget(field)
        if isinstance(widget, SharedLabelsAutocompleteSelect):
            values = {str(form[name].value()) for form in forms if form[name].value()}
            labels = {
                str(obj.pk): field.label_from_instance(obj)
                for obj in field.queryset.filter(pk__in=values)
            }
            for form in forms:
                _inner_widget(form.fields[name]).labels = labels
        elif isinstance(widget, Select) and not isinstance(widget, AutocompleteSelect):
            choices = list(field.choices)
            for form in forms:
                _inner_widget(form.fields[name]).choices = choices


class ScopedInline(admin.TabularInline):
    """Inlines follow the same rules for their own rows and foreign keys;
    their rows are written with their parent, so they may be added, changed
    and deleted where the parent may be changed."""

    extra = 0
    formset = SharedChoicesFormSet

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user)

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and may_edit_on(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and may_edit_on(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and may_edit_on(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            db = kwargs.get("using")
            kwargs["widget"] = SharedLabelsAutocompleteSelect(db_field, self.admin_site, using=db)
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return scope_choice_field(field, request.user, _related_admin(self, db_field))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(field, "widget", None)
        if isinstance(widget, RelatedFieldWidgetWrapper):
            # Rows of an inline are narrow: no add/edit/delete/view icons.
            widget.can_add_related = False
            widget.can_change_related = False
            widget.can_delete_related = False
            widget.can_view_related = False
        return field
