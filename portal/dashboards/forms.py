from django import forms
from django.utils.translation import gettext_lazy as _

from core.periods import Period, PeriodError, validate_date_in_range


class PickerForm(forms.Form):
    """The date or period a dashboard shows (GET)."""

    date = forms.DateField(
        label=_("Tính đến ngày"), required=False, validators=[validate_date_in_range]
    )
    period = forms.CharField(
        label=_("Hoặc kỳ"),
        required=False,
        max_length=12,
        help_text=_("Ví dụ 2023-07, 2023-Q3, 2023-H1, 2023"),
    )

    def clean_period(self):
        text = self.cleaned_data["period"].strip()
        if not text:
            return None
        try:
            return Period.parse(text)
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from None


def last_day_of(place, today):
    """Today, or the last day `place` existed if it has since been merged or
    abolished (districts on 30 June 2025)."""
    if place.valid_to is not None and place.valid_to < today:
        return place.valid_to
    return today


def read_picker(request, place, today):
    """(form, date, period) from the query string; bad input falls back to
    the default day and shows the form's errors."""
    form = PickerForm(request.GET or None)
    date, period = last_day_of(place, today), None
    if form.is_bound and form.is_valid():
        period = form.cleaned_data["period"]
        date = period.end if period else form.cleaned_data["date"] or date
        if period and period.end > today:
            date = today  # a period still running is shown so far
    return form, date, period
