"""Queries about many awards. Scope goes through `cells.querysets.ScopedQuerySet`:
the one rule, with each model naming the path to the place it hangs under.

What a commune officer sees:
- awards whose recipient was in their commune on the decision date
  (`Award.recipient_place`, a snapshot: moving away later changes nothing);
- decisions issued by a body of their place, or granting at least one award
  in their place (so a commune officer finds the district decision that
  commended their cells, but its list shows only their own rows);
- issuing bodies of their place and above it are not listed (bodies hang under
  their own place), except through the decisions above.
"""

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from cells.querysets import ScopedQuerySet, SharedQuerySet

__all__ = [
    "AwardQuerySet",
    "DecisionQuerySet",
    "ExportJobQuerySet",
    "IssuingBodyQuerySet",
    "OccasionQuerySet",
    "SharedQuerySet",
]


class IssuingBodyQuerySet(ScopedQuerySet):
    scope_path = "place__path"

    def valid_on(self, date):
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=date),
            Q(valid_to__isnull=True) | Q(valid_to__gte=date),
        )


class OccasionQuerySet(ScopedQuerySet):
    """Occasions hang under the place that set them; national ones have none."""

    scope_path = "place__path"

    def within(self, place):
        """Occasions a user of `place` reads and may commend for: national
        ones, those of the places above it (the province's anniversary) and
        those under it; not another district's."""
        above = place.ancestor_paths()
        shared_or_above = self.filter(Q(place__isnull=True) | Q(place__path__in=above))
        return shared_or_above | super().within(place)

    # Staff change the occasions set by their place or a place under it
    # (ScopedQuerySet.writable_within); national ones (no place) are the
    # superuser's.

    def attachable_within(self, place):
        """A decision commends for any occasion it may read: the Party's
        anniversary, the province's."""
        return self.within(place)


class AwardQuerySet(ScopedQuerySet):
    scope_path = "recipient_place__path"

    def writable_within(self, place):
        """Awards in scope of a decision staff of `place` may change: a
        commune reads the district's awards to its people but the district,
        which issued them, changes them."""
        from .models import Decision  # models import this module

        return self.under(place).filter(decision__in=Decision.objects.writable_within(place))

    def dated_between(self, start, end):
        return self.filter(decision__date__gte=start, decision__date__lte=end)

    def individuals(self):
        return self.filter(is_collective=False)

    def collectives(self):
        return self.filter(is_collective=True)

    def in_list_order(self):
        """The order of the printed list: collectives first, then individuals;
        within each, by commune, hamlet, then Vietnamese name order (the sort
        keys are digit strings, so the database sorts them right everywhere)."""
        return self.order_by(
            "-is_collective",
            "commune_sort_key",
            "hamlet_sort_key",
            "name_sort_key",
            "id",
        )

    def figures(self):
        """{'individual': n, 'collective': n} in one query."""
        return self.aggregate(
            individual=Count("pk", filter=Q(is_collective=False)),
            collective=Count("pk", filter=Q(is_collective=True)),
        )


class DecisionQuerySet(ScopedQuerySet):
    scope_path = "body__place__path"

    def within(self, place):
        """Decisions of a body under `place`, or granting an award under it."""
        from .models import Award  # models import this module

        awards_here = Award.objects.within(place).filter(decision=OuterRef("pk"))
        return super().within(place) | self.filter(Exists(awards_here))

    # Staff change, and add awards to, the decisions whose issuing body sits
    # under their place (ScopedQuerySet.writable_within).

    def with_award_count(self, user):
        """Annotate `award_count`: the decision's awards `user` may see (the
        read rule), so a commune counts its own rows of a district decision.
        One subquery, whatever the number of decisions."""
        from .models import Award  # models import this module

        visible = (
            Award.objects.in_scope(user)
            .filter(decision=OuterRef("pk"))
            .order_by()
            .values("decision")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(award_count=Coalesce(Subquery(visible), 0))


class ExportJobQuerySet(ScopedQuerySet):
    scope_path = "place__path"
