"""Admin of commendations: decisions with their recipients inline, quick
entry from a filter, the award list download, background export jobs and
the party-badge list. Every page goes through the scoping rules of
`ScopedAdmin`: a commune reads the district decisions that commended it, but
only the issuing body's place changes them (`DecisionQuerySet.writable_within`);
the extra pages live in awards/views.py."""

from django import forms
from django.contrib import admin
from django.db import models
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin_exports import ListExportMixin
from core.admin_scope import CommuneFilter, ScopedAdmin, ScopedInline

from . import views
from .models import (
    Award,
    BadgeRule,
    CommendationForm,
    Decision,
    ExportJob,
    IssuingBody,
    Occasion,
)
from .resources import AwardResource

EXPORT_PERMISSION = "awards.view_award"


@admin.register(CommendationForm)
class CommendationFormAdmin(ScopedAdmin):
    list_display = ["name", "code", "order"]
    search_fields = ["name", "code"]


@admin.register(BadgeRule)
class BadgeRuleAdmin(ScopedAdmin):
    """The badge rules in force by date: only the superuser changes them
    (shared by every place: SharedQuerySet); everyone reads them."""

    list_display = [
        "valid_from",
        "levels",
        "delay_after_reprimand",
        "delay_after_warning",
        "delay_after_dismissal",
        "early_months",
        "early_months_elderly",
        "elderly_age",
    ]


@admin.register(IssuingBody)
class IssuingBodyAdmin(ScopedAdmin):
    list_display = ["name", "place", "valid_from", "valid_to"]
    list_filter = ["valid_to"]
    search_fields = ["name"]
    autocomplete_fields = ["place"]


@admin.register(Occasion)
class OccasionAdmin(ScopedAdmin):
    list_display = ["title", "date", "place"]
    list_select_related = ["place"]
    search_fields = ["title"]
    date_hierarchy = "date"
    fields = ["title", "date", "place"]
    autocomplete_fields = ["place"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "place" and not request.user.is_superuser:
            # Staff set occasions of their own place; national ones are the superuser's.
            field.required = True
            field.initial = request.user.place_id
        return field


class AwardInline(ScopedInline):
    model = Award
    fields = [
        "person",
        "cell",
        "collective_place",
        "badge_years",
        "recipient_name",
        "post_title",
        "unit_name",
        "achievement",
        "amount",
    ]
    autocomplete_fields = ["person", "cell", "collective_place"]
    # 93 rows on one page: keep each row to two lines.
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 32})},
        models.CharField: {"widget": forms.TextInput(attrs={"size": 22})},
    }

    def get_queryset(self, request):
        return super().get_queryset(request).in_list_order()


@admin.register(Decision)
class DecisionAdmin(ScopedAdmin):
    list_display = ["number", "date", "body", "form", "occasion", "award_count"]
    list_filter = ["form", "body", "date"]
    search_fields = ["number", "signer"]
    date_hierarchy = "date"
    autocomplete_fields = ["body", "occasion"]
    inlines = [AwardInline]
    change_form_template = "admin/awards/decision/change_form.html"
    change_list_template = "admin/awards/decision/change_list.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("body", "form", "occasion")
            .with_award_count(request.user)
        )

    @admin.display(description=_("số người, tập thể"), ordering="award_count")
    def award_count(self, decision):
        return decision.award_count

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/recipients/",
                wrap(views.add_recipients),
                name="awards_decision_add_recipients",
            ),
            path(
                "<int:pk>/export/<str:file_format>/",
                wrap(views.export_decision),
                name="awards_decision_export",
            ),
            path("badges/", wrap(views.badge_list_view), name="awards_decision_badges"),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        context["can_export"] = request.user.has_perm(EXPORT_PERMISSION)
        context["can_add_recipients"] = obj is not None and self.has_change_permission(request, obj)
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)


@admin.register(Award)
class AwardAdmin(ListExportMixin, ScopedAdmin):
    resource_classes = [AwardResource]
    list_display = [
        "recipient_name",
        "post_title",
        "unit_name",
        "decision",
        "badge_years",
        "is_collective",
    ]
    list_filter = [CommuneFilter, "is_collective", "decision__form", "badge_years"]
    search_fields = ["recipient_name", "decision__number"]
    autocomplete_fields = ["decision", "person", "cell", "collective_place"]
    list_select_related = ["decision"]

    def get_queryset(self, request):
        return super().get_queryset(request).in_list_order()


@admin.register(ExportJob)
class ExportJobAdmin(ScopedAdmin):
    list_display = ["__str__", "place", "user", "status", "progress", "row_count", "download"]
    list_filter = ["status"]
    readonly_fields = [
        "user",
        "place",
        "params",
        "status",
        "progress",
        "row_count",
        "error",
        "created_at",
        "finished_at",
    ]
    exclude = ["file"]
    list_select_related = ["place", "user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("tệp"))
    def download(self, job):
        if not job.is_done:
            url = reverse("admin:awards_exportjob_progress", args=[job.pk])
            return format_html('<a href="{}">{}</a>', url, _("Xem tiến độ"))
        url = reverse("admin:awards_exportjob_download", args=[job.pk])
        return format_html('<a href="{}">{}</a>', url, _("Tải về"))

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("area/", wrap(views.export_area), name="awards_exportjob_area"),
            path("<int:pk>/progress/", wrap(views.job_progress), name="awards_exportjob_progress"),
            path("<int:pk>/status/", wrap(views.job_status), name="awards_exportjob_status"),
            path("<int:pk>/download/", wrap(views.job_download), name="awards_exportjob_download"),
            *super().get_urls(),
        ]
