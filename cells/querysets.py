"""Queries about many records. Two rules, side by side, decide access:
`in_scope(user)` what a user may see, `editable_by(user)` what they may
change or delete (and `attachable_by(user)` what a new or changed record may
point at); the admin, imports, exports, forms, dashboards and the API all
call them, and `may_edit(user, obj)` asks the second about one record."""

from django.db import connections, models
from django.db.models import Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat

from .constants import Level, PostTypeCode, level_of_code


def active_on(date, start="start_date", end="end_date"):
    """Q for records in force on `date`: started by then and not yet ended.

    End dates are the last day in force (inclusive), as decisions write them.
    """
    return Q(**{f"{start}__lte": date}) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": date})
    )


class ScopedQuerySet(models.QuerySet):
    """A queryset whose rows hang under a place of the administrative tree.

    `scope_path` names the lookup to the materialised path of that place
    (see Place.path); `None` means the rows are shared reference data that
    every signed-in user may read.

    A place's area reaches back through its reorganisations: `within(place)`
    also takes the rows of its predecessors, which stay where they stood
    (Place.lineage), so figures run on across a merger and a successor's
    staff read their predecessors' history. What may be changed is only
    what lies `under` the place as it stands now.
    """

    scope_path = None

    def within(self, place):
        """Rows under `place` (itself included) or under its predecessors."""
        if self.scope_path is None:
            return self.all()
        return self.filter(self.within_condition(place))

    def within_condition(self, place, lookup=None):
        """The Q of `within(place)` on the path `lookup` (the scope path by
        default): a model seen through several places uses it once for each."""
        lookup = lookup or self.scope_path
        condition = self._under(place.path, lookup)
        lineage = place.lineage or {}
        for path in lineage.get("prefix", ()):
            condition |= self._under(path, lookup)
        if lineage.get("exact"):
            condition |= Q(**{f"{lookup}__in": lineage["exact"]})
        return condition

    def under(self, place):
        """Rows under `place` as the tree stands now, without its predecessors."""
        if self.scope_path is None:
            return self.all()
        return self.filter(self._under(place.path))

    def _under(self, path, lookup=None):
        lookup = lookup or self.scope_path
        if connections[self.db].vendor == "sqlite":
            # SQLite's LIKE is case-insensitive, so it cannot use the index on
            # `path` and a scoped join scans the biggest table instead. The
            # same prefix as a range does use it: paths are ASCII digits and
            # "/", compared bytewise, and every path under "/1/25/" sorts at
            # or after it and before "/1/250" ("0" follows "/").
            return Q(**{f"{lookup}__gte": path, f"{lookup}__lt": path[:-1] + "0"})
        return Q(**{f"{lookup}__startswith": path})

    def in_scope(self, user):
        """What `user` may see: everything under the place their account is
        tied to, with that place's history (`within`)."""
        if not user or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        place = user.place
        if place is None:
            return self.none()
        return self.within(place)

    def editable_by(self, user):
        """What `user` may change or delete: everything for a superuser;
        nothing for an officer, an inactive account, an account of a place
        that has closed (it keeps reading its history) or a visitor; for
        staff, what `writable_within` their place. Always part of
        `in_scope(user)`, so a row a user may not change is either shown
        read-only or not at all."""
        return self._for_writer(user, self.writable_within)

    def attachable_by(self, user):
        """What a record `user` writes may point at (the choices of a foreign
        key in a form, the API, an import): for staff, `attachable_within`
        their place. Pointing at a row changes nothing in it, so this is
        wider than `editable_by` where the read rule is (their own unit, the
        province's occasions); whether the record written is then theirs to
        change is `editable_by`'s question, asked after the save."""
        return self._for_writer(user, self.attachable_within)

    def _for_writer(self, user, rows_within):
        # `can_edit` is the role test (staff or superuser, active, of a place
        # in force); anonymous visitors have no such attribute.
        if not user or not user.is_authenticated or not user.can_edit:
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.place is None:
            return self.none()
        return rows_within(user.place)

    def writable_within(self, place):
        """Rows staff of `place` change: those under it as it stands, its
        own included (a commune's agency cell, cadres and posts are the
        commune's); its predecessors' history is read-only."""
        return self.under(place)

    def attachable_within(self, place):
        return self.writable_within(place)


def may_edit(user, obj):
    """Whether `user` may change or delete `obj`, by its model's `editable_by`
    (one query). Models without the rule (accounts, the audit trail) say no."""
    rows = type(obj)._default_manager.all()
    if not hasattr(rows, "editable_by"):
        return False
    return rows.editable_by(user).filter(pk=obj.pk).exists()


class PlaceQuerySet(ScopedQuerySet):
    scope_path = "path"

    def writable_within(self, place):
        """Units strictly under `place`: staff create, rename and close the
        units under theirs, not their own unit, which belongs to the level
        above (a commune's name and code are the province's to change)."""
        return self.under(place).exclude(pk=place.pk)

    def attachable_within(self, place):
        """Their own unit included: a commune's staff add hamlets under it
        and record its own cadres, posts and occasions."""
        return self.under(place)

    def valid_on(self, date):
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=date),
            Q(valid_to__isnull=True) | Q(valid_to__gte=date),
        )

    def communes(self):
        return self.filter(level=Level.COMMUNE)

    def hamlets(self):
        return self.filter(level=Level.HAMLET)

    def by_code(self, code, *, level, on=None):
        """The unit of `level` holding `code`, in force on `on` when given.
        Codes are reused after mergers: the unit still in force wins, then
        the one closed last."""
        rows = self.filter(level=level, code=str(code).strip())
        if on is not None:
            rows = rows.valid_on(on)
        return rows.order_by(
            F("valid_to").desc(nulls_first=True), F("valid_from").desc(nulls_last=True)
        ).first()

    def official_unit(self, code, on=None):
        """The province, district or commune an official code names, the
        level told by the code's width (2, 3 or 5 digits: `CODE_WIDTH`), as
        `by_code`; None for a code of no level. Hamlets have no code, so no
        lookup by code ever finds one."""
        level = level_of_code(code)
        if level is None:
            return None
        return self.by_code(code, level=level, on=on)

    def with_secretary_as_chief(self, date):
        """Hamlets whose cell secretary also holds the hamlet-chief post on `date`
        (kiêm nhiệm), as one query: annotate `secretary_is_chief`."""
        from .models import Holding  # the models module imports this one

        chief = Holding.objects.filter(
            active_on(date),
            post__place=OuterRef("post__place"),
            post__post_type__code=PostTypeCode.HAMLET_CHIEF,
            person=OuterRef("person"),
        )
        secretary_is_chief = Holding.objects.filter(
            active_on(date),
            post__place=OuterRef("pk"),
            post__post_type__code=PostTypeCode.CELL_SECRETARY,
        ).filter(Exists(chief))
        return self.annotate(secretary_is_chief=Exists(secretary_is_chief))

    def fill_missing_paths(self, level):
        """Give the units of `level` written in bulk (bulk_create skips
        save(), which sets `path`) their path in one statement: the parent's
        path and their own id."""
        own = Concat(Cast("pk", models.CharField()), Value("/"), output_field=models.CharField())
        rows = self.filter(level=level, path="")
        if level == Level.PROVINCE:
            return rows.update(path=Concat(Value("/"), own, output_field=models.CharField()))
        parent_path = self.model.objects.filter(pk=OuterRef("parent_id")).values("path")[:1]
        return rows.update(path=Concat(Subquery(parent_path), own, output_field=models.CharField()))


class CommitteeQuerySet(ScopedQuerySet):
    scope_path = "place__path"


class CellQuerySet(ScopedQuerySet):
    scope_path = "path"

    def fill_missing_paths(self):
        """Give the cells written in bulk before their hamlet had a path
        theirs (Cell.path), in one statement."""
        places = self.model._meta.get_field("hamlet").related_model.objects
        hamlet_path = places.filter(pk=OuterRef("hamlet_id")).values("path")[:1]
        committee_path = places.filter(committees=OuterRef("committee_id")).values("path")[:1]
        return self.filter(path="").update(
            path=Coalesce(Subquery(hamlet_path), Subquery(committee_path))
        )

    def existing_on(self, date):
        return self.filter(
            Q(founded_on__isnull=True) | Q(founded_on__lte=date),
            Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=date),
        )


class ReorganisationQuerySet(ScopedQuerySet):
    scope_path = "place__path"


class SuccessionQuerySet(ScopedQuerySet):
    scope_path = "successor__path"


class CellSuccessionQuerySet(ScopedQuerySet):
    scope_path = "successor__path"


class PersonQuerySet(ScopedQuerySet):
    scope_path = "place__path"


class PartyMemberQuerySet(ScopedQuerySet):
    """A member is registered where the person lives (`person__place__path`),
    which decides who changes the record (`under`, `editable_by`). It is
    read also where the member belongs or belonged to a cell (a member who
    transferred in is in the receiving commune's list; the sending commune
    keeps reading the one who left, whose memberships stay where they
    were), and wherever another app says (`register_seen_through`: a
    temporary stay, transfers/). Each is an EXISTS on an indexed path, so
    the read stays one query whatever the data."""

    scope_path = "person__place__path"
    # Functions (place) -> Q over PartyMember, added by apps that cells
    # cannot import (they import cells).
    seen_through = []

    @classmethod
    def register_seen_through(cls, condition):
        if condition not in cls.seen_through:
            cls.seen_through.append(condition)

    def within(self, place):
        from .models import CellMembership  # the models module imports this one

        memberships = CellMembership.objects.within(place).filter(member=OuterRef("pk"))
        condition = self.within_condition(place) | Q(Exists(memberships))
        for seen in self.seen_through:
            condition |= seen(place)
        return self.filter(condition)

    def members_on(self, date):
        """Admitted by `date` and not yet left the party."""
        return self.filter(Q(admitted_on__lte=date), Q(left_on__isnull=True) | Q(left_on__gt=date))


class CellMembershipQuerySet(ScopedQuerySet):
    scope_path = "cell__path"

    def on(self, date):
        return self.filter(active_on(date))


class PostQuerySet(ScopedQuerySet):
    scope_path = "place__path"

    def with_holder_count(self, date):
        return self.annotate(
            holder_count=models.Count(
                "holdings", filter=active_on(date, "holdings__start_date", "holdings__end_date")
            )
        )

    def vacant_on(self, date):
        return self.with_holder_count(date).filter(holder_count=0)


class HoldingQuerySet(ScopedQuerySet):
    scope_path = "post__place__path"

    def on(self, date):
        return self.filter(active_on(date))


class SharedQuerySet(ScopedQuerySet):
    """Reference data (terms, post types) every signed-in user may read and
    point at; a row changed by one district would change every district's
    lists, so only the superuser changes them."""

    def writable_within(self, place):
        return self.none()

    def attachable_within(self, place):
        return self.all()
