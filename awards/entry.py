"""Quick entry: add a decision's recipients from a filter in one go.

"Holders of post types X, Y under place Z on date D" or "cells of commune Z":
the recipients are found by a query in the user's scope, people or cells
already in the decision are skipped, and the awards are created with their
snapshots by one bulk insert. A 93-recipient decision takes a few queries.
"""

from django.db import transaction

from cells.models import Cell, Holding, Person
from core.audit import log_bulk_create

from .models import Award
from .snapshots import holdings_on, snapshot_for_collective, snapshot_for_person


@transaction.atomic
def add_post_holders(*, decision, place, post_type_codes, date=None, user=None, achievement=""):
    """Award every person holding one of `post_type_codes` under `place` on
    `date` (default: the decision date). Returns the awards created."""
    date = date or decision.date
    holders = (
        Holding.objects.on(date).within(place).filter(post__post_type__code__in=post_type_codes)
    )
    if user is not None:
        holders = holders.attachable_by(user)
    person_ids = set(holders.values_list("person_id", flat=True))
    person_ids -= set(
        decision.awards.filter(person__isnull=False).values_list("person_id", flat=True)
    )
    holdings = holdings_on(person_ids, decision.date)
    awards = []
    for person in Person.objects.filter(pk__in=person_ids).select_related("place__parent"):
        award = Award(decision=decision, person=person, achievement=achievement)
        award.apply_snapshot(snapshot_for_person(person, decision.date, holdings[person.pk]))
        awards.append(award)
    return bulk_create_awards(awards)


@transaction.atomic
def add_cells(*, decision, place, user=None, achievement=""):
    """Award every cell under `place` (a commune) that exists on the decision
    date. Returns the awards created."""
    cells = Cell.objects.within(place).existing_on(decision.date)
    if user is not None:
        cells = cells.attachable_by(user)
    cells = cells.exclude(awards__decision=decision).select_related(
        "hamlet__parent", "committee__place__parent"
    )
    awards = []
    for cell in cells:
        award = Award(decision=decision, cell=cell, achievement=achievement)
        award.apply_snapshot(snapshot_for_collective(cell, None))
        awards.append(award)
    return bulk_create_awards(awards)


def bulk_create_awards(awards):
    """Insert `awards` in bulk, with their audit entries (bulk writes bypass
    the signals the audit trail listens to)."""
    created = Award.objects.bulk_create(awards, batch_size=500)
    for award in created:
        award._snapshot_of = award.recipient_key()
    log_bulk_create(created)
    return created
