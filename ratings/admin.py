"""Admin of the yearly review: rounds, criteria sets with their items,
conditions and vetoes, score bands, and read-only lists of the results.

Every page goes through `ScopedAdmin`: a commune's staff open rounds for
their commune and keep its criteria sets and vetoes; province staff the
province's; the regulation's rows (no place, no round) and the score bands
are the superuser's. Results and ratings are written only by
`ratings.services` (the cell screen, the import, the API), which compute the
level: here they are lists to read, filtered by round, status and level.
"""

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.db.models import OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cells.admin.common import count_of
from cells.constants import Level
from core.admin_scope import CommuneFilter, ScopedAdmin, ScopedInline

from .constants import ReviewStatus, Subject
from .levels import vietnamese_number
from .models import (
    FULL_MARKS,
    Condition,
    CriteriaSet,
    Criterion,
    LevelBand,
    Rating,
    RatingRound,
    Review,
)

CRITERIA_FIELDS = {
    "member_criteria": Subject.MEMBER,
    "cell_criteria": Subject.CELL,
    "committee_criteria": Subject.COMMITTEE,
}


def rated_rounds(criteria_set):
    """Rounds using `criteria_set` that already hold ratings: its points were
    given against these items, so changing them would change past scores."""
    uses = (
        Q(member_criteria=criteria_set)
        | Q(cell_criteria=criteria_set)
        | Q(committee_criteria=criteria_set)
    )
    return RatingRound.objects.filter(uses).filter(ratings__isnull=False).distinct()


@admin.register(LevelBand)
class LevelBandAdmin(ScopedAdmin):
    list_display = ["level", "min_score"]


# --- Criteria ----------------------------------------------------------------


class CriterionFormSet(ScopedInline.formset):
    """The items of a set add up to 100 points, checked over the rows as
    they will be saved (deleted rows left out)."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        total = sum(
            (
                form.cleaned_data.get("max_points") or Decimal(0)
                for form in self.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ),
            Decimal(0),
        )
        if total != FULL_MARKS:
            raise forms.ValidationError(
                _("Tổng điểm tối đa của các tiêu chí là %(total)s, phải bằng 100.")
                % {"total": vietnamese_number(total)}
            )


class CriterionInline(ScopedInline):
    model = Criterion
    formset = CriterionFormSet
    fields = ["order", "group", "name", "max_points"]
    extra = 1


@admin.register(CriteriaSet)
class CriteriaSetAdmin(ScopedAdmin):
    list_display = ["name", "subject", "place"]
    list_filter = ["subject"]
    list_select_related = ["place"]
    search_fields = ["name"]
    fields = ["name", "subject", "place"]
    inlines = [CriterionInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "place" and not request.user.is_superuser:
            # The guidance's defaults (no place) are the superuser's.
            field.required = True
            field.initial = request.user.place_id
        return field

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._rated(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._rated(request, obj)

    def _rated(self, request, obj):
        """The names of the rounds in the user's scope that rated on `obj`
        (at most three), or [""] when only rounds they do not see did:
        either way the set is locked, whoever's ratings they are."""
        if obj is None or obj.pk is None:
            return None
        answers = request.__dict__.setdefault("_rated_criteria", {})
        if obj.pk not in answers:
            rounds = rated_rounds(obj)
            seen = rounds.in_scope(request.user).values_list("name", flat=True)[:3]
            answers[obj.pk] = list(seen) or ([""] if rounds.exists() else [])
        return answers[obj.pk]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        rounds = obj is not None and self._rated(request, obj)
        if rounds and request.method == "GET":
            named = ", ".join(f"“{name}”" for name in rounds if name)
            messages.warning(
                request,
                _(
                    "Bộ tiêu chí này đã được dùng để chấm điểm trong %(rounds)s: không sửa, "
                    "không xóa được để giữ nguyên kết quả đã chấm. Muốn đổi tiêu chí, hãy tạo "
                    "bộ tiêu chí mới cho kỳ sau."
                )
                % {"rounds": named or _("kỳ đánh giá của đơn vị khác")},
            )
        return super().change_view(request, object_id, form_url, extra_context)


# --- Rounds and their conditions ----------------------------------------------


def own_rounds(field, user):
    """A committee's conditions go into rounds it may change: its own."""
    field.queryset = field.queryset.model.objects.editable_by(user)
    field.limit_choices_to = Q(pk__in=field.queryset.values("pk"))
    return field


class ConditionInline(ScopedInline):
    model = Condition
    fields = ["order", "code", "name", "kind", "applies_to", "level"]
    verbose_name = _("điều kiện, phủ quyết riêng của kỳ")
    verbose_name_plural = _("điều kiện, phủ quyết riêng của kỳ")


class RoundForm(forms.ModelForm):
    class Meta:
        model = RatingRound
        fields = [
            "place",
            "kind",
            "name",
            "start_date",
            "end_date",
            "member_criteria",
            "cell_criteria",
            "committee_criteria",
            "excellent_cap",
        ]


@admin.register(RatingRound)
class RatingRoundAdmin(ScopedAdmin):
    form = RoundForm
    list_display = [
        "name",
        "place",
        "kind",
        "start_date",
        "end_date",
        "review_count",
        "proposed_count",
        "approved_count",
    ]
    list_filter = ["kind", "end_date", CommuneFilter]
    list_select_related = ["place"]
    search_fields = ["name"]
    date_hierarchy = "end_date"
    inlines = [ConditionInline]

    def get_queryset(self, request):
        reviews = Review.objects.in_scope(request.user).filter(round=OuterRef("pk"))
        return (
            super()
            .get_queryset(request)
            .annotate(
                review_count=count_of(reviews),
                proposed_count=count_of(reviews.filter(status=ReviewStatus.PROPOSED)),
                approved_count=count_of(reviews.filter(status=ReviewStatus.APPROVED)),
            )
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "place":
            # Rounds are opened by a commune (its cells) or a province (its
            # commune committees), among the units in force.
            today = timezone.localdate()
            opener = Q(level__in=[Level.COMMUNE, Level.PROVINCE]) & (
                Q(valid_to__isnull=True) | Q(valid_to__gte=today)
            )
            field.queryset = field.queryset.filter(opener)
            field.limit_choices_to = opener
            if not request.user.is_superuser:
                field.initial = request.user.place_id
        elif db_field.name in CRITERIA_FIELDS:
            # Sets of the subject the field rates, among those the place reads.
            subject = Q(subject=CRITERIA_FIELDS[db_field.name])
            field.queryset = field.queryset.filter(subject)
            field.limit_choices_to = subject
        return field

    @admin.display(description=_("số chi bộ, đảng ủy"), ordering="review_count")
    def review_count(self, rating_round):
        return rating_round.review_count

    @admin.display(description=_("đã đề nghị"), ordering="proposed_count")
    def proposed_count(self, rating_round):
        return rating_round.proposed_count

    @admin.display(description=_("đã phê duyệt"), ordering="approved_count")
    def approved_count(self, rating_round):
        return rating_round.approved_count


@admin.register(Condition)
class ConditionAdmin(ScopedAdmin):
    list_display = ["name", "code", "kind", "applies_to", "level", "round"]
    list_filter = ["kind", "applies_to", "round"]
    list_select_related = ["round"]
    search_fields = ["name", "code"]
    fields = ["round", "code", "name", "kind", "applies_to", "level", "order"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "round":
            field = own_rounds(field, request.user)
            if not request.user.is_superuser:
                # The regulation's conditions (no round) are the superuser's.
                field.required = True
        return field


# --- Results: read-only, written by ratings.services --------------------------


class ReadOnlyAdmin(ScopedAdmin):
    """Results are entered, proposed and approved on the cell's screen, by
    the import or through the API, which compute the level and keep the
    approval rules; the admin only lists them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = [
        "subject_name",
        "round",
        "status",
        "rating_count",
        "proposed_at",
        "approved_at",
        "unlock_reason",
    ]
    list_filter = ["round", "status", CommuneFilter]
    list_select_related = ["round", "cell", "committee"]
    search_fields = ["cell__search_name", "committee__name", "round__name"]
    fields = [
        "round",
        "cell",
        "committee",
        "status",
        "proposed_at",
        "proposed_by",
        "approved_at",
        "approved_by",
        "unlock_reason",
    ]

    def get_queryset(self, request):
        ratings = Rating.objects.filter(review=OuterRef("pk"))
        return super().get_queryset(request).annotate(rating_count=count_of(ratings))

    @admin.display(description=_("chi bộ, đảng ủy"), ordering="path")
    def subject_name(self, review):
        return review.cell or review.committee

    @admin.display(description=_("số đã xếp loại"), ordering="rating_count")
    def rating_count(self, review):
        return review.rating_count


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = [
        "subject_name",
        "subject",
        "cell",
        "round",
        "score",
        "level",
        "reason",
        "probationary",
        "exempted",
        "status",
    ]
    list_filter = ["round", "review__status", "level", "subject", CommuneFilter]
    list_select_related = ["round", "cell", "committee", "member__person", "review"]
    search_fields = ["member__person__search_name", "cell__search_name", "round__name"]
    fields = [
        "round",
        "subject",
        "member",
        "cell",
        "committee",
        "points",
        "met",
        "vetoes",
        "score",
        "level",
        "reason",
        "probationary",
        "exempted",
        "note",
    ]

    @admin.display(description=_("đối tượng được đánh giá"))
    def subject_name(self, rating):
        return rating.member or rating.cell or rating.committee

    @admin.display(description=_("trạng thái"), ordering="review__status")
    def status(self, rating):
        return rating.review.get_status_display()


# Designations and a member's years have admin modules of their own;
# importing them registers them.
from . import admin_designations, admin_history  # noqa: E402, F401
