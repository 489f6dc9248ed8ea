"""The access rules as the API applies them to any queryset. Its own module: the
filter backend is loaded with DRF's settings, before DRF's viewsets exist, so
it cannot import core.rest.viewsets."""


def scoped(queryset, request):
    """`queryset` cut to the caller's scope when its model is scoped."""
    if hasattr(queryset, "in_scope"):
        return queryset.in_scope(getattr(request, "user", None))
    return queryset


def attachable(queryset, request):
    """`queryset` cut to what the caller may point a record at (the write
    rule's `attachable_by`) when its model has the rule."""
    if hasattr(queryset, "attachable_by"):
        return queryset.attachable_by(getattr(request, "user", None))
    return queryset
