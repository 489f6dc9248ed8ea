"""Reorganisations: a form, a preview with counts, a confirm; undo from the page."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.admin_scope import ScopedAdmin

from ..constants import Level, PlaceKind, ReorganisationKind
from ..constants import ReorganisationKind as Kind
from ..constants import ReorganisationSubject as Subject
from ..models import Cell, Person, Place, Reorganisation
from ..official_units import LAST_LEGACY_DAY
from ..reorganisations import (
    NewCell,
    NewPlace,
    ReorganisationError,
    apply_reorganisation,
    plan_reorganisation,
    undo_reorganisation,
)
from .common import admin_link, place_label


class ReorganisationForm(forms.Form):
    """Any reorganisation staff decide: a merger, split, rename, change of
    kind or move of hamlets or communes; a merger, dissolution or rename of
    cells. Successors are units picked here or new ones named one per line.
    A split asks, on a second step, which successor each hamlet (of a
    commune) or each person (of a hamlet) goes to: `assignment_units`."""

    KINDS = [(kind, label) for kind, label in ReorganisationKind.choices if kind != Kind.REARRANGE]
    SUBJECTS = [
        (Subject.HAMLET, Subject.HAMLET.label),
        (Subject.COMMUNE, Subject.COMMUNE.label),
        (Subject.CELL, Subject.CELL.label),
    ]

    kind = forms.ChoiceField(label=_("hình thức"), choices=KINDS)
    subject = forms.TypedChoiceField(label=_("đối tượng"), choices=SUBJECTS, coerce=int)
    predecessors = forms.ModelMultipleChoiceField(
        label=_("thôn, xã được sắp xếp"),
        queryset=Place.objects.none(),
        required=False,
        widget=FilteredSelectMultiple(_("thôn, xã"), is_stacked=False),
    )
    predecessor_cells = forms.ModelMultipleChoiceField(
        label=_("chi bộ được sắp xếp"),
        queryset=Cell.objects.none(),
        required=False,
        widget=FilteredSelectMultiple(_("chi bộ"), is_stacked=False),
    )
    successor = forms.ModelChoiceField(
        label=_("sáp nhập vào"),
        queryset=Place.objects.none(),
        required=False,
        help_text=_("Để trống khi thành lập đơn vị mới (nhập tên bên dưới)."),
    )
    successors = forms.ModelMultipleChoiceField(
        label=_("chia tách về các đơn vị đã có"),
        queryset=Place.objects.none(),
        required=False,
        widget=FilteredSelectMultiple(_("đơn vị kế thừa"), is_stacked=False),
        help_text=_("Chia tách: chọn các đơn vị kế thừa đã có, và/hoặc nhập tên đơn vị mới."),
    )
    successor_cell = forms.ModelChoiceField(
        label=_("sáp nhập vào chi bộ"), queryset=Cell.objects.none(), required=False
    )
    new_names = forms.CharField(
        label=_("tên đơn vị mới"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Mỗi dòng một đơn vị mới (chia tách có thể nhiều dòng)."),
    )
    new_kind = forms.ChoiceField(
        label=_("loại đơn vị mới"), choices=[("", "—"), *PlaceKind.choices], required=False
    )
    new_parent = forms.ModelChoiceField(
        label=_("trực thuộc (đơn vị mới)"), queryset=Place.objects.none(), required=False
    )
    new_code = forms.CharField(label=_("mã đơn vị mới (xã)"), max_length=10, required=False)
    effective_on = forms.DateField(label=_("ngày có hiệu lực"))
    decision_number = forms.CharField(label=_("số văn bản"), max_length=60, required=False)
    decision_date = forms.DateField(label=_("ngày văn bản"), required=False)
    decided_by = forms.CharField(label=_("cơ quan quyết định"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.plan, self.assignment_units, self.successor_names = None, None, []
        places = Place.objects.select_related("parent")
        units = _rearrangeable(places.editable_by(user))
        self.fields["predecessors"].queryset = units
        in_force = places.filter(valid_to__isnull=True)
        targets = in_force.editable_by(user).filter(level__in=[Level.COMMUNE, Level.HAMLET])
        self.fields["successor"].queryset = targets
        self.fields["successors"].queryset = targets
        parents = in_force.attachable_by(user).filter(level__in=[Level.COMMUNE, Level.PROVINCE])
        self.fields["new_parent"].queryset = parents
        for name in ("predecessors", "successor", "successors", "new_parent"):
            self.fields[name].label_from_instance = place_label
        cells = Cell.objects.editable_by(user).filter(dissolved_on__isnull=True)
        cells = cells.select_related("hamlet", "committee__place")
        self.fields["predecessor_cells"].queryset = cells
        self.fields["successor_cell"].queryset = cells
        for name in ("predecessor_cells", "successor_cell"):
            self.fields[name].label_from_instance = cell_label

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        predecessors, successors = self._units(data)
        if data["kind"] == Kind.SPLIT:
            # First the units, then (a second step) where each hamlet or person goes.
            self.assignment_units = _assignable(data["subject"], predecessors)
            self.successor_names = [str(getattr(u, "name", u)) for u in successors]
            if self.assignment_units and not self.data.get("assigning"):
                return data
        try:
            self.plan = plan_reorganisation(
                user=self.user,
                kind=data["kind"],
                subject=data["subject"],
                effective_on=data["effective_on"],
                predecessors=predecessors,
                successors=successors,
                assignments=self._assignments(data, predecessors),
                decision_number=data["decision_number"],
                decision_date=data["decision_date"],
                decided_by=data["decided_by"],
            )
        except ReorganisationError as error:
            raise forms.ValidationError(error.messages) from error
        return data

    def _units(self, data):
        """(predecessors, successors) as the service takes them."""
        names = [line.strip() for line in data["new_names"].splitlines() if line.strip()]
        if data["subject"] == Subject.CELL:
            predecessors = list(data["predecessor_cells"])
            existing = [data["successor_cell"]] if data["successor_cell"] else []
            if existing and existing[0] not in predecessors:
                predecessors.append(existing[0])  # merged into: one of them, kept
            return predecessors, existing + [NewCell(name=name) for name in names]
        predecessors = list(data["predecessors"])
        existing = [data["successor"]] if data["successor"] else list(data["successors"])
        if data["successor"] and data["successor"] not in predecessors:
            predecessors.append(data["successor"])  # merged into: one of them, kept
        new = [self._new_place(data, name) for name in names]
        if not new and not existing and data["kind"] in COPYING:
            new = [self._new_place(data, "")]  # a change of kind names only the kind
        if not new and not existing and data["kind"] == Kind.MERGE:
            raise forms.ValidationError(_("Chọn đơn vị sáp nhập vào, hoặc nhập tên đơn vị mới."))
        return predecessors, existing + new

    def _new_place(self, data, name):
        return NewPlace(
            name=name, kind=data["new_kind"], parent=data["new_parent"], code=data["new_code"]
        )

    def _assignments(self, data, predecessors):
        """(unit, successor index) pairs from the second step of a split."""
        pairs = []
        for unit in self.assignment_units or []:
            choice = self.data.get(f"assign-{unit.pk}", "")
            if choice.isdigit():
                pairs.append((unit, int(choice)))
        return pairs

    @property
    def assigning(self):
        """On the second step of a split (or back on it with an error)."""
        return bool(self.assignment_units) and self.plan is None

    def assignment_rows(self):
        """[(unit, field name, [(index, successor, chosen)])] of a split: its
        second step, and hidden in its preview so the choices post again."""
        rows = []
        for unit in self.assignment_units or []:
            name = f"assign-{unit.pk}"
            chosen = self.data.get(name)
            choices = [(i, label, chosen == str(i)) for i, label in enumerate(self.successor_names)]
            rows.append((unit, name, choices))
        return rows


COPYING = (Kind.RENAME, Kind.CHANGE_KIND, Kind.MOVE)


def _rearrangeable(places):
    """Communes and hamlets in force, and the communes the 2025 list closed
    whose hamlets still wait for a successor (a divided commune)."""
    hamlets_waiting = Place.objects.filter(
        parent=OuterRef("pk"), level=Level.HAMLET, valid_to__isnull=True
    )
    waiting = Q(level=Level.COMMUNE, valid_to=LAST_LEGACY_DAY) & Exists(hamlets_waiting)
    units = places.filter(level__in=[Level.COMMUNE, Level.HAMLET])
    return units.filter(Q(valid_to__isnull=True) | waiting)


def _assignable(subject, predecessors):
    """What a split assigns one by one: the hamlets in force of a commune,
    the people registered in a hamlet."""
    if subject == Subject.COMMUNE:
        return list(
            Place.objects.filter(parent__in=predecessors, level=Level.HAMLET, valid_to=None)
        )
    if subject == Subject.HAMLET:
        return list(Person.objects.filter(place__in=predecessors).order_by("sort_key", "pk"))
    return []


def cell_label(cell):
    """ "Chi bộ bản Bo — Xã Tam Lư": many cells share a name."""
    unit = cell.hamlet.parent if cell.hamlet_id else cell.committee.place
    return f"{cell} — {unit}"


@admin.register(Reorganisation)
class ReorganisationAdmin(ScopedAdmin):
    """Reorganisations are written by `cells.reorganisations`, never edited: the
    add page is a form → a preview with counts of everything that will move
    (and the holders to carry into the successor's posts) → confirm; an
    applied one can be undone from its page."""

    list_display = ["__str__", "place", "decision_number", "decided_by", "applied_at", "undone_at"]
    list_select_related = ["place"]
    list_filter = ["kind", "subject"]
    readonly_fields = [
        "kind",
        "subject",
        "effective_on",
        "decision_number",
        "decision_date",
        "decided_by",
        "place",
        "links",
        "applied_at",
        "applied_by",
        "undone_at",
    ]
    fields = readonly_fields

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        undo = path(
            "<int:object_id>/undo/",
            self.admin_site.admin_view(self.undo_view),
            name="cells_reorganisation_undo",
        )
        return [undo, *super().get_urls()]

    @admin.display(description=_("kế thừa"))
    def links(self, reorganisation):
        rows = reorganisation.successions.select_related("predecessor", "successor")
        return format_html_join(
            mark_safe("<br>"),
            "{} → {}",
            ((admin_link(s.predecessor), admin_link(s.successor)) for s in rows),
        )

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        data = request.POST if request.method == "POST" else None
        form = ReorganisationForm(data, user=request.user)
        if request.method != "POST" or not form.is_valid() or form.plan is None:
            return self.render_reorganisation(request, form=form)
        if "confirm" not in request.POST:
            return self.render_reorganisation(request, form=form, plan=form.plan)
        return self.confirm(request, form, form.plan)

    def confirm(self, request, form, plan):
        chosen = set(request.POST.getlist("carry"))
        carry = [h for h in plan.ceasing_holdings if str(h.pk) in chosen]
        try:
            reorganisation = apply_reorganisation(plan=plan, carry_holdings=carry)
        except ReorganisationError as error:
            form.add_error(None, error.messages)
            return self.render_reorganisation(request, form=form)
        messages.success(request, _("Đã áp dụng: %(name)s.") % {"name": reorganisation})
        return redirect("admin:cells_reorganisation_change", reorganisation.pk)

    def render_reorganisation(self, request, *, form, plan=None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Sắp xếp đơn vị"),
            "form": form,
            "plan": plan,
            "counts": plan and reorganisation_counts(plan),
            "assigning": form.is_bound and form.assigning,
            "assignments": form.is_bound and form.assignment_rows(),
            "changelist_url": reverse("admin:cells_reorganisation_changelist"),
        }
        return TemplateResponse(request, "admin/cells/reorganisation.html", context)

    def undo_view(self, request, object_id):
        reorganisation = get_object_or_404(self.get_queryset(request), pk=object_id)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        try:
            undo_reorganisation(user=request.user, reorganisation=reorganisation)
        except ReorganisationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã hoàn tác: %(name)s.") % {"name": reorganisation})
        return redirect("admin:cells_reorganisation_change", reorganisation.pk)


def reorganisation_counts(plan):
    """The preview's lines: what will move, in words."""
    labels = {
        "closing": _("đơn vị hết hiệu lực"),
        "new_units": _("đơn vị mới"),
        "hamlets": _("thôn, tổ dân phố chuyển sang đơn vị kế thừa"),
        "cells": _("chi bộ sáp nhập hoặc chuyển"),
        "memberships": _("đảng viên chuyển sinh hoạt sang chi bộ kế thừa"),
        "holdings": _("người thôi giữ chức danh (sáp nhập)"),
        "holdings_carried": _("người tiếp tục giữ chức danh ở đơn vị kế thừa"),
        "meetings": _("buổi sinh hoạt giữ lại trong lịch sử"),
        "meetings_moved": _("buổi sinh hoạt từ ngày hiệu lực chuyển sang đơn vị kế thừa"),
        "people": _("cá nhân chuyển nơi cư trú"),
        "accounts": _("tài khoản chuyển sang đơn vị kế thừa"),
    }
    return [(labels[key], n) for key, n in plan.counts.items() if key in labels and n]
