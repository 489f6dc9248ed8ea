"""Undoing an applied reorganisation from its journal."""

from auditlog.models import LogEntry
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_event

from ..lineage import refresh_lineage
from ..models import Place, Reorganisation
from .journal import delete_created, restore
from .plans import fail

# The order in which undoing deletes what applying created: rows before the
# rows they point at (a holding before its post, a cell before its hamlet).
# The journal keeps its labels in a JSON object, whose order PostgreSQL's
# jsonb does not keep, so the order is stated here. Dated records go even
# before the moved rows are put back: the old ones, reopened, would overlap
# them, and PostgreSQL checks its no-overlap constraints at each statement.
UNDO_ORDER = (
    "cells.CellMembership",
    "cells.Holding",
    "meetings.CadreAssignment",
    "cells.Succession",
    "cells.CellSuccession",
    "cells.Post",
    "cells.Cell",
    "cells.PartyCommittee",
    "cells.Place",
)
DATED = UNDO_ORDER[:3]


def _undo_rank(label):
    # A model not listed points at the units, never the other way: first.
    return UNDO_ORDER.index(label) if label in UNDO_ORDER else -1


@transaction.atomic
def undo_reorganisation(*, user, reorganisation):
    """Put back everything `reorganisation` changed, while nothing has been
    recorded in its scope since it was applied (the audit trail says);
    raises ReorganisationError otherwise, writing nothing."""
    if reorganisation.applied_at is None or reorganisation.undone_at is not None:
        fail(_("Sắp xếp này chưa được áp dụng hoặc đã được hoàn tác."))
    if not Reorganisation.objects.editable_by(user).filter(pk=reorganisation.pk).exists():
        fail(_("Sắp xếp này nằm ngoài phạm vi bạn được sắp xếp."))
    since = LogEntry.objects.filter(
        timestamp__gt=reorganisation.applied_at,
        additional_data__scope__startswith=reorganisation.place.path,
    )
    if since.exists():
        fail(
            _("Không hoàn tác được: đã có dữ liệu mới được ghi trong %(place)s sau khi sắp xếp."),
            place=reorganisation.place,
        )
    successors = list(Place.objects.filter(successions_to__reorganisation=reorganisation))
    journal = reorganisation.journal
    created = sorted(journal.get("created", {}).items(), key=lambda item: _undo_rank(item[0]))
    for label, pks in created:
        if label in DATED:
            delete_created(label, pks)
    # Backwards: a row changed twice (closed, then re-homed) gets its first values.
    for label, pks, old in reversed(journal.get("updated", [])):
        restore(label, pks, old)
    for label, pks in created:
        if label not in DATED:
            delete_created(label, pks)
    refresh_lineage(successors)
    log_event(
        instance=reorganisation,
        action=LogEntry.Action.UPDATE,
        description=str(reorganisation),
        scope=reorganisation.place.path,
        hoan_tac=True,
    )
    Reorganisation.objects.filter(pk=reorganisation.pk).update(undone_at=timezone.now())
    reorganisation.refresh_from_db()
    return reorganisation
