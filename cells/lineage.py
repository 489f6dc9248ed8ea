"""A place's lineage: the places whose records are its past.

Reorganisations never move a record: a merged commune's hamlets are copied
under the new commune from the effective date and the old rows stay where
they stood, closed (cells.reorganisations). So "the tree as it stood on a
date" is the tree itself, read with the records' dates; what a successor
needs besides is where its past lies. That is its lineage, stored on the
place (`Place.lineage`) so that reading it costs nothing:

* `prefix`: paths of predecessors that went wholly into the place or into
  places under it (old communes merged into a new one, a hamlet merged or
  moved): everything under them is the place's past;
* `exact`: paths of predecessors divided among several successors, of
  which this place took the seat (`Succession.takes_seat`): only what hung
  on the predecessor itself (its own cells, cadres, posts) is the place's
  past; its hamlets come through their own links, each to the successor it
  went to, so the successors' pasts add up to the predecessor's.

`ScopedQuerySet.within(place)` reads both, so the figures of a successor
count its predecessors before the effective date and itself after it, and
its staff read their predecessors' history. Paths already under the place
are left out. `refresh_lineage` recomputes the lineage of the places a
reorganisation or the official units loader linked, and of the places above
them, whose areas hold theirs.
"""

import bisect
from collections import defaultdict

from .models import Place, Succession, paths_down_to

# Reorganisations chain (hamlets merged in 2020, their commune in 2025): the
# search follows links back this many times at most.
MAX_DEPTH = 10


class Links:
    """Every predecessor → successor link with the paths at both ends, read
    in one query and searched in memory: a province's reform recomputes the
    lineage of a hundred and more communes, and asking the database for the
    links under each (a prefix match on the successor's joined path) cost a
    query per commune and round."""

    def __init__(self, succession=Succession):
        rows = succession.objects.values_list(
            "predecessor_id", "predecessor__path", "successor__path", "takes_seat"
        )
        self.into = sorted(
            (successor, predecessor, path, seat) for predecessor, path, successor, seat in rows
        )
        self.keys = [row[0] for row in self.into]
        self.outlets = defaultdict(list)
        for successor, predecessor, _path, _seat in self.into:
            self.outlets[predecessor].append(successor)

    def under(self, prefix):
        """(successor path, predecessor id, its path, takes seat) of the
        links into the places under `prefix`."""
        start = bisect.bisect_left(self.keys, prefix)
        end = bisect.bisect_left(self.keys, prefix[:-1] + "0")  # "0" follows "/"
        return self.into[start:end]

    def at(self, path):
        start = bisect.bisect_left(self.keys, path)
        end = bisect.bisect_right(self.keys, path)
        return self.into[start:end]


def lineage_of(place, links):
    """{"prefix": [...], "exact": [...]} of `place` (see the module), or {}
    when nothing that lies under it has a predecessor outside it."""
    prefixes, exact = [place.path], []
    frontier, seen = ([place.path], []), {place.pk}
    for _depth in range(MAX_DEPTH):
        found = [row for path in frontier[0] for row in links.under(path)]
        found += [row for path in frontier[1] for row in links.at(path)]
        found = [row for row in found if row[1] not in seen]
        if not found:
            break
        found_prefix, found_exact = [], []
        for predecessor, path, seat in _by_predecessor(found):
            seen.add(predecessor)
            if _under_any(path, prefixes):
                continue
            if all(_under_any(successor, prefixes) for successor in links.outlets[predecessor]):
                prefixes.append(path)
                found_prefix.append(path)
            elif seat:
                exact.append(path)
                found_exact.append(path)
        frontier = (found_prefix, found_exact)
    outermost = [path for path in prefixes[1:] if not _under_any(path, prefixes, but=path)]
    exact = [path for path in exact if not _under_any(path, prefixes)]
    return {"prefix": sorted(outermost), "exact": sorted(exact)} if outermost or exact else {}


def refresh_lineage(places, place_model=Place, succession=Succession):
    """Recompute and store the lineage of `places` and of every place above
    them; returns how many changed. (`place_model`, `succession`: the models,
    which a data migration passes as they stood.)"""
    places, paths = list(places), set()
    for place in places:
        paths.update(paths_down_to(place.path))
    given = {place.pk: place for place in places}
    links = Links(succession)
    changed = 0
    for place in place_model.objects.filter(path__in=paths).only("pk", "path", "lineage"):
        lineage = lineage_of(place, links)
        if place.pk in given:
            given[place.pk].lineage = lineage  # the caller's objects read it at once
        if lineage != (place.lineage or {}):
            place_model.objects.filter(pk=place.pk).update(lineage=lineage)
            changed += 1
    return changed


def _by_predecessor(links):
    """(predecessor, path, takes a seat here) once per predecessor, in the
    order of their paths (a commune before its hamlets)."""
    found = {}
    for _successor, predecessor, path, seat in sorted(links, key=lambda link: link[2]):
        known = found.get(predecessor)
        found[predecessor] = (predecessor, path, seat or (known is not None and known[2]))
    return list(found.values())


def _under_any(path, prefixes, but=None):
    return any(path.startswith(prefix) for prefix in prefixes if prefix != but)
