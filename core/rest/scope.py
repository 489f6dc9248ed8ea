"""The read rule as the API applies it to any queryset. Its own module: the
filter backend is loaded with DRF's settings, before DRF's viewsets exist, so
it cannot import core.rest.viewsets."""


def scoped(queryset, request):
    """`queryset` cut to the caller's scope when its model is scoped."""
    if hasattr(queryset, "in_scope"):
        return queryset.in_scope(getattr(request, "user", None))
    return queryset
