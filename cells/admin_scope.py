"""The admin side of the one scoping rule (`ScopedQuerySet.in_scope`).

Every ModelAdmin of a domain model derives from `ScopedAdmin`, so lists,
change, history and delete pages, foreign-key choices, autocomplete and list
filters all show only what the user's place covers. Rights to add, change,
delete, import and export come from the role's permission group
(portal/roles.py), not from here.
"""

from django.contrib import admin
from django.contrib.admin.filters import RelatedFieldListFilter

from .vietnamese import fold


def scoped(queryset, user):
    """`queryset` cut down to `user`'s scope when its model is scoped."""
    if hasattr(queryset, "in_scope"):
        return queryset.in_scope(user)
    return queryset


class ScopedRelatedFieldListFilter(RelatedFieldListFilter):
    """A related-field filter offering only the choices in the user's scope."""

    def field_choices(self, field, request, model_admin):
        related = scoped(field.related_model._default_manager.all(), request.user)
        related = related.complex_filter(field.get_limit_choices_to())
        return [(obj.pk, str(obj)) for obj in related]


class FoldedSearchMixin:
    """Search that ignores diacritics, case and NFC/NFD: terms are folded the
    same way as the `search_name` columns they are matched against."""

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))


class ScopedAdmin(FoldedSearchMixin, admin.ModelAdmin):
    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = scoped(field.queryset, request.user)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = scoped(field.queryset, request.user)
        return field

    def get_list_filter(self, request):
        return [self._scoped_filter(entry) for entry in super().get_list_filter(request)]

    def _scoped_filter(self, entry):
        if isinstance(entry, str) and "__" not in entry:
            field = self.model._meta.get_field(entry)
            if field.is_relation and field.many_to_one:
                return (entry, ScopedRelatedFieldListFilter)
        return entry


class ScopedInline(admin.TabularInline):
    """Inlines follow the same rule for their own foreign keys."""

    extra = 0

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = scoped(field.queryset, request.user)
        return field
