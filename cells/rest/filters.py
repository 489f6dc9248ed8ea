"""Filters every list shares (django-filter).

* `place` (official code, e.g. 387) or `place_id` (database id, for hamlets,
  which have no code): the place and everything under it, through the
  model's own `within(place)` — the rule scoping uses. A place the caller
  cannot see is refused like an unknown one.
* `date` (YYYY-MM-DD): records in force that day; `period` (2023-07,
  2023-Q3, 2023-H1, 2023, 2021..2023): records in force at some time in it.
* `search`: words matched against the folded name, so "nguyen thi hanh"
  finds "Nguyễn Thị Hạnh" (NFC or NFD) and "duc thuan" finds "Đức Thuận".
"""

from datetime import date

import django_filters
from django import forms
from django.core.validators import MaxValueValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError

from cells.constants import LARGEST_ID
from cells.models import Place
from cells.periods import Period, PeriodError, validate_date_in_range
from cells.vietnamese import fold


def in_force(start_field, end_field, first_day, last_day):
    """Q for records whose [start, end] (inclusive, either side open) meets
    [first_day, last_day]."""
    return (Q(**{f"{start_field}__isnull": True}) | Q(**{f"{start_field}__lte": last_day})) & (
        Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gte": first_day})
    )


def place_for(request, *, code=None, pk=None):
    """The place in the caller's scope named by official code or id, or a 400.
    Codes are reused after mergers: the unit in force today wins, else the
    newest (as `PlaceQuerySet.by_code`), picked here from one short query."""
    places = Place.objects.in_scope(request.user)
    if code is not None:
        field = "place"
        candidates = list(places.filter(code=str(code).strip())[:20])
        today = timezone.localdate()
        in_force = [place for place in candidates if place.is_valid_on(today)]
        newest_first = sorted(
            in_force or candidates, key=lambda place: place.valid_from or date.min, reverse=True
        )
        place = newest_first[0] if newest_first else None
    else:
        field = "place_id"
        place = places.filter(pk=pk).first()
    if place is None:
        raise ValidationError({field: [_("Không có đơn vị này trong phạm vi của bạn.")]})
    return place


class IdFilter(django_filters.NumberFilter):
    """A record's database id: a whole number from 1 to what a column holds,
    so a fuzzed or mistyped id is a 400 naming the filter, never a crash in
    the database driver."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        super().__init__(*args, **kwargs)

    def get_max_validator(self):
        return MaxValueValidator(LARGEST_ID)


class PlaceFilterSet(django_filters.FilterSet):
    place = django_filters.CharFilter(
        method="filter_place",
        label=_("Mã đơn vị hành chính; gồm mọi đơn vị trực thuộc"),
    )
    place_id = IdFilter(
        method="filter_place_id",
        label=_("Mã số (id) đơn vị; gồm mọi đơn vị trực thuộc"),
    )

    def filter_place(self, queryset, name, value):
        return queryset.within(place_for(self.request, code=value))

    def filter_place_id(self, queryset, name, value):
        return queryset.within(place_for(self.request, pk=value))


class SearchFilterSet(django_filters.FilterSet):
    """`search_field` names the folded column (a `search_name`)."""

    search_field = "search_name"
    search = django_filters.CharFilter(
        method="filter_search", label=_("Tìm theo tên, không phân biệt dấu và hoa thường")
    )

    def filter_search(self, queryset, name, value):
        for word in fold(value).split():
            queryset = queryset.filter(**{f"{self.search_field}__contains": word})
        return queryset


class DatedFilterSet(django_filters.FilterSet):
    """`dated_by` names the first and last day a record is in force."""

    dated_by = ("start_date", "end_date")
    date = django_filters.DateFilter(
        method="filter_date",
        label=_("Còn hiệu lực vào ngày"),
        validators=[validate_date_in_range],
    )
    period = django_filters.CharFilter(
        method="filter_period",
        label=_("Có hiệu lực trong kỳ: 2023-07, 2023-Q3, 2023-H1, 2023 hoặc 2021..2023"),
    )

    def filter_date(self, queryset, name, value):
        return queryset.filter(in_force(*self.dated_by, value, value))

    def filter_period(self, queryset, name, value):
        try:
            period = Period.parse(value)
        except PeriodError as error:
            raise ValidationError({"period": [str(error)]}) from None
        return queryset.filter(in_force(*self.dated_by, period.start, period.end))
