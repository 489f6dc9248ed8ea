"""Forms of the meeting screens that are not plain ModelForms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import AttendanceStatus, Standing


class AttendanceForm(forms.Form):
    """One status (and reason) per member, prefilled from saved rows or
    "present"; fields are named after the member's id."""

    def __init__(self, *args, members, recorded, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for member in self.members:
            # Members listed outside Meeting.expected_members count as full.
            member.standing = Standing(getattr(member, "standing", Standing.FULL))
            row = recorded.get(member.pk)
            self.fields[f"status_{member.pk}"] = forms.ChoiceField(
                label=str(member),
                choices=AttendanceStatus.choices,
                initial=row.status if row else AttendanceStatus.PRESENT,
                widget=forms.RadioSelect,
            )
            self.fields[f"reason_{member.pk}"] = forms.CharField(
                label=_("lý do vắng"),
                max_length=200,
                required=False,
                initial=row.reason if row else "",
            )

    def rows(self):
        """(member, status field, reason field) for the template."""
        for member in self.members:
            yield member, self[f"status_{member.pk}"], self[f"reason_{member.pk}"]

    def entries(self):
        """{member id: (status, reason)} of a valid form."""
        return {
            member.pk: (
                self.cleaned_data[f"status_{member.pk}"],
                self.cleaned_data[f"reason_{member.pk}"],
            )
            for member in self.members
        }

    def counts_by_standing(self):
        """[(standing label, present, members)] as the minutes count them:
        full and probationary members, and those attending for a while."""
        counts = {standing: [0, 0] for standing in Standing}
        for member, status, _reason in self.rows():
            row = counts[member.standing]
            row[1] += 1
            if status.value() == AttendanceStatus.PRESENT:
                row[0] += 1
        return [(standing.label, *counts[standing]) for standing in Standing]
