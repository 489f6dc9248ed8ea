"""Who reads and writes what of the review. Scope goes through
`cells.querysets.ScopedQuerySet`, the one rule: rounds hang under the place
that opened them, results and ratings under their cell's (or committee's)
path. Approved results are locked: no one changes them (writable_within)
until the approving level unlocks them (ratings.services)."""

from django.db.models import Q

from cells.querysets import ScopedQuerySet, SharedQuerySet

from .constants import ReviewStatus

__all__ = [
    "ConditionQuerySet",
    "CriteriaSetQuerySet",
    "CriterionQuerySet",
    "DesignationGrantQuerySet",
    "DesignationQuerySet",
    "RatingQuerySet",
    "RatingRoundQuerySet",
    "ReviewQuerySet",
    "SharedQuerySet",
]


class NationalOrScoped(ScopedQuerySet):
    """Rows that are the regulation's (no place: read by all, changed by the
    superuser) or a place's own. A place reads the national rows, those of
    the places above it (the province's criteria) and its own area's."""

    national = None  # the lookup that is null on national rows

    def within(self, place):
        above = place.ancestor_paths()
        national_or_above = self.filter(
            Q(**{f"{self.national}__isnull": True}) | Q(**{f"{self.scope_path}__in": above})
        )
        return national_or_above | super().within(place)

    def attachable_within(self, place):
        """A round uses any criteria its place reads: the guidance's, the
        province's, its own."""
        return self.within(place)


class CriteriaSetQuerySet(NationalOrScoped):
    scope_path = "place__path"
    national = "place"


class CriterionQuerySet(NationalOrScoped):
    scope_path = "criteria_set__place__path"
    national = "criteria_set__place"


class ConditionQuerySet(NationalOrScoped):
    scope_path = "round__place__path"
    national = "round"


class RatingRoundQuerySet(ScopedQuerySet):
    """A round is read by its place and the places under it (a cell's
    results sit in its commune's round) and above it."""

    scope_path = "place__path"

    def within(self, place):
        return self.filter(place__path__in=place.ancestor_paths()) | super().within(place)

    def opened_within(self, place):
        """Rounds opened by `place`, a place under it or a predecessor (the
        area's own rounds, for its figures), without those above it."""
        return super().within(place)

    def attachable_within(self, place):
        # Results of a hamlet's cell are entered in its commune's round.
        return self.within(place)


class ReviewQuerySet(ScopedQuerySet):
    scope_path = "path"

    def writable_within(self, place):
        return self.under(place).exclude(status=ReviewStatus.APPROVED)


class RatingQuerySet(ScopedQuerySet):
    scope_path = "path"

    def writable_within(self, place):
        return self.under(place).exclude(review__status=ReviewStatus.APPROVED)


class DesignationQuerySet(NationalOrScoped):
    """Designations shared by every locality (no place) are read by all and
    changed by the superuser; a province's are read by its communes, a
    commune's by itself; each is changed by staff of its place and above."""

    scope_path = "place__path"
    national = "place"


class DesignationGrantQuerySet(ScopedQuerySet):
    """A grant hangs under its cell's path: another commune neither reads
    nor changes it."""

    scope_path = "path"
