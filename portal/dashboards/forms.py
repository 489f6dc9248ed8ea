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


def read_picker(request, today, *, last_day=None):
    """(form, date, period) from the query string. Without one, the page
    shows `today`, or `last_day` for a unit closed before it (a district
    after 30 June 2025, a merged commune, hamlet or cell): its last day in
    force, not a day it shows nothing. Bad input falls back to that day and
    shows the form's errors."""
    form = PickerForm(request.GET or None)
    date = last_day if last_day is not None and last_day < today else today
    period = None
    if form.is_bound and form.is_valid():
        period = form.cleaned_data["period"]
        date = period.end if period else form.cleaned_data["date"] or date
        if period and period.end > today:
            date = today  # a period still running is shown so far
    return form, date, period
