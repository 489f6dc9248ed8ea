"""Forms of the awards admin pages; every choice is cut to the user's scope,
and the choices of a form that writes to what the user may point a record
at (`attachable_by`)."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cells.constants import Level
from cells.models import Place, PostType
from core.admin_scope import OUT_OF_SCOPE_CHOICE
from core.periods import Period, PeriodError, validate_date_in_range

from . import entry
from .badges import BadgeDateError, check_presentation_date
from .models import IssuingBody

HOLDERS, CELLS = "holders", "cells"


def _place_field(places, levels, label):
    field = forms.ModelChoiceField(
        places.filter(level__in=levels).select_related("parent"), label=label
    )
    field.error_messages["invalid_choice"] = OUT_OF_SCOPE_CHOICE
    return field


class AddRecipientsForm(forms.Form):
    """ "Holders of post types X, Y under place Z on date D" or "cells of commune Z"."""

    mode = forms.ChoiceField(
        label=_("Thêm"),
        choices=[
            (HOLDERS, _("Người giữ các chức danh đã chọn")),
            (CELLS, _("Các chi bộ (tập thể) của đơn vị")),
        ],
        widget=forms.RadioSelect,
        initial=HOLDERS,
    )
    post_types = forms.ModelMultipleChoiceField(
        PostType.objects.all(),
        label=_("Chức danh"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    date = forms.DateField(
        label=_("Giữ chức vào ngày"),
        required=False,
        help_text=_("Để trống: ngày của quyết định."),
    )
    achievement = forms.CharField(
        label=_("Thành tích (ghi cho mọi người được thêm)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, user, decision, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.decision = user, decision
        self.fields["place"] = _place_field(
            Place.objects.attachable_by(user),
            [Level.PROVINCE, Level.DISTRICT, Level.COMMUNE, Level.HAMLET],
            _("Thuộc đơn vị"),
        )
        self.order_fields(["mode", "post_types", "place", "date", "achievement"])

    def clean(self):
        data = super().clean()
        if data.get("mode") == HOLDERS and not data.get("post_types"):
            raise ValidationError({"post_types": _("Chọn ít nhất một chức danh.")})
        return data

    def save(self):
        data = self.cleaned_data
        if data["mode"] == CELLS:
            return entry.add_cells(
                decision=self.decision,
                place=data["place"],
                user=self.user,
                achievement=data["achievement"],
            )
        return entry.add_post_holders(
            decision=self.decision,
            place=data["place"],
            post_type_codes=[post_type.code for post_type in data["post_types"]],
            date=data["date"],
            user=self.user,
            achievement=data["achievement"],
        )


class AreaExportForm(forms.Form):
    period = forms.CharField(
        label=_("Kỳ"), help_text=_("Ví dụ: 2023, 2023-Q3, 2021..2023."), initial="2021..2023"
    )
    file_format = forms.ChoiceField(
        label=_("Định dạng"), choices=[("xlsx", "Excel (.xlsx)"), ("csv", "CSV (.csv)")]
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"] = _place_field(
            Place.objects.in_scope(user),
            [Level.PROVINCE, Level.DISTRICT, Level.COMMUNE],
            _("Đơn vị"),
        )
        self.order_fields(["place", "period", "file_format"])

    def clean_period(self):
        try:
            return Period.parse(self.cleaned_data["period"])
        except PeriodError as error:
            raise ValidationError(str(error)) from None


class BadgeListForm(forms.Form):
    date = forms.DateField(
        label=_("Ngày trao"),
        help_text=_("03/02, 19/05, 02/09 hoặc 07/11."),
        validators=[validate_date_in_range],
        initial=lambda: datetime.date(datetime.date.today().year, 2, 3),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"] = _place_field(
            Place.objects.in_scope(user),
            [Level.PROVINCE, Level.DISTRICT, Level.COMMUNE],
            _("Đơn vị"),
        )
        self.order_fields(["place", "date"])

    def clean_date(self):
        date = self.cleaned_data["date"]
        try:
            check_presentation_date(date)
        except BadgeDateError as error:
            raise ValidationError(str(error)) from None
        return date


class BadgeDecisionForm(forms.Form):
    number = forms.CharField(label=_("Số quyết định"), max_length=40)
    decision_date = forms.DateField(label=_("Ngày quyết định"))
    signer = forms.CharField(label=_("Người ký"), max_length=120, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"] = forms.ModelChoiceField(
            IssuingBody.objects.attachable_by(user), label=_("Cơ quan ban hành")
        )
        self.fields["body"].error_messages["invalid_choice"] = OUT_OF_SCOPE_CHOICE
