"""The yearly review in an area's figures (see core.sections): how many
members, cells and commune committees were rated at each level, and how
much of the review is still waiting for approval.

Which rounds count. Only yearly rounds ("nam": the review officials report)
opened in the area: by the place, a place under it, or one of its
predecessors (`within`, so a commune formed in 2025 shows its predecessors'
2024 review). Those whose last day falls in the period count; without a
period, those ending in the calendar year of the date, so a dashboard on
07/12/2026 shows the 2026 round still being entered (ratings so far, reviews
not yet approved) rather than last year's. When none ends there (a quarter's
report, a month before the round closes), the latest completed review counts:
the rounds ending in the year of the last round that ended on or before the
date. A commune picks its rounds by the same rule on its own, so its row
equals its own figures; a province's round of commune committees counts in
the province's figures alone (it is held above the communes).

The figures are the results as they stand now (a rating carries no date of
its own): the period picks the rounds, not the state of the entries.
"""

from collections import defaultdict

from django.db.models import Count, Q
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cells.models import Place
from core.sections import Section

from .constants import RatingLevel, ReviewStatus, RoundKind, Subject
from .models import Rating, RatingRound, Review

# Key parts of the levels, best first (the order of every list of them).
LEVELS = {
    RatingLevel.EXCELLENT: "excellent",
    RatingLevel.GOOD: "good",
    RatingLevel.DONE: "done",
    RatingLevel.FAILED: "failed",
}
WHO = {"members": _("Đảng viên"), "cells": _("Chi bộ"), "committees": _("Đảng ủy xã")}
SUBJECTS = {
    Subject.MEMBER: "members",
    Subject.CELL: "cells",
    Subject.COMMITTEE: "committees",
}


def _bounds(date, period):
    if period is not None:
        return period.start, period.end
    return date.replace(month=1, day=1), date.replace(month=12, day=31)


def _reachable(place, date, period):
    """The yearly rounds opened in the area that may count on `date`."""
    _start, end = _bounds(date, period)
    rounds = RatingRound.objects.opened_within(place)
    return rounds.filter(kind=RoundKind.YEAR, end_date__lte=max(end, date)).order_by()


def candidate_rounds(place, date, period):
    """[(id, last day, opener's path)] of `_reachable`: one query."""
    return list(_reachable(place, date, period).values_list("pk", "end_date", "place__path"))


def chosen(rounds, date, period):
    """The ids of `rounds` that count (the rule in the module's docstring)."""
    start, end = _bounds(date, period)
    in_period = [(pk, last) for pk, last, _path in rounds if start <= last <= end]
    if in_period:
        return in_period
    ended = [(pk, last) for pk, last, _path in rounds if last <= date]
    if not ended:
        return []
    year = max(last for _pk, last in ended).year
    return [(pk, last) for pk, last in ended if last.year == year]


def counted_rounds(place, date, period):
    """The rounds `place`'s figures count, their places joined, latest first
    (the dashboard links their lists): one query."""
    rounds = list(_reachable(place, date, period).select_related("place"))
    rows = [(r.pk, r.end_date, r.place.path) for r in rounds]
    ids = {pk for pk, _last in chosen(rows, date, period)}
    counted = [r for r in rounds if r.pk in ids]
    return sorted(counted, key=lambda r: (-r.end_date.toordinal(), r.place.sort_key, r.pk))


def _counts_by_round(round_ids):
    """({round id: {(subject, level): n}}, {round id: (reviews, not approved)}):
    two queries, none without rounds."""
    ratings = defaultdict(dict)
    reviews = {}
    if not round_ids:
        return ratings, reviews
    rows = (
        Rating.objects.filter(round__in=round_ids)
        .order_by()
        .values_list("round", "subject", "level")
        .annotate(n=Count("pk"))
    )
    for round_id, subject, level, n in rows:
        ratings[round_id][(subject, level)] = n
    rows = (
        Review.objects.filter(round__in=round_ids)
        .order_by()
        .values_list("round")
        .annotate(total=Count("pk"), pending=Count("pk", filter=~Q(status=ReviewStatus.APPROVED)))
    )
    for round_id, total, pending in rows:
        reviews[round_id] = (total, pending)
    return ratings, reviews


def _share(part, whole):
    return round(part / whole, 4) if whole else None


def _figures(rounds, ratings, reviews):
    """The section's figures over the chosen `rounds` [(id, last day)]."""
    counts = defaultdict(int)
    for round_id, _last in rounds:
        for key, n in ratings.get(round_id, {}).items():
            counts[key] += n
    figures = {
        "rating_year": str(max(last for _pk, last in rounds).year) if rounds else None,
        "rating_rounds": len(rounds),
        # A round without any review yet is not approved either.
        "rating_rounds_pending": sum(
            1 for pk, _last in rounds if reviews.get(pk, (0, 0))[1] or pk not in reviews
        ),
        "rating_reviews": sum(reviews.get(pk, (0, 0))[0] for pk, _last in rounds),
        "rating_reviews_pending": sum(reviews.get(pk, (0, 0))[1] for pk, _last in rounds),
        "rating_subjects": sum(counts.values()),
    }
    for subject, name in SUBJECTS.items():
        rated = sum(counts[(subject, level)] for level in LEVELS)
        figures[f"rating_{name}"] = rated
        for level, part in LEVELS.items():
            figures[f"rating_{name}_{part}"] = counts[(subject, level)]
        for level, part in LEVELS.items():
            figures[f"rating_{name}_{part}_share"] = _share(counts[(subject, level)], rated)
    return figures


def _covers(commune, path):
    """Whether `path` lies in `commune`'s area as `ScopedQuerySet.within`
    reads it: under its path or a predecessor's (its lineage)."""
    _pk, own, lineage = commune
    lineage = lineage or {}
    prefixes = (own, *lineage.get("prefix", ()))
    return path.startswith(prefixes) or path in lineage.get("exact", ())


_lower = lazy(lambda text: str(text).lower(), str)


def _labels():
    """Labels built from the levels' names, lazily (translated when shown)."""
    labels = {
        "rating_year": _("Năm đánh giá, xếp loại"),
        "rating_rounds": _("Kỳ đánh giá hằng năm"),
        "rating_rounds_pending": _("Kỳ đánh giá chưa phê duyệt xong"),
        "rating_reviews": _("Lượt chi bộ, đảng ủy có kết quả đánh giá"),
        "rating_reviews_pending": _("Kết quả chưa được phê duyệt"),
        "rating_subjects": _("Số đối tượng đã xếp loại"),
    }
    for name, who in WHO.items():
        labels[f"rating_{name}"] = format_lazy(_("{} được xếp loại"), who)
        for level, part in LEVELS.items():
            labels[f"rating_{name}_{part}"] = format_lazy("{}: {}", who, level.label)
        for level, part in LEVELS.items():
            labels[f"rating_{name}_{part}_share"] = format_lazy(
                _("{}: tỷ lệ {}"), who, _lower(level.label)
            )
    return labels


class RatingSection(Section):
    """Members, cells and commune committees rated at each level in the
    area's yearly rounds, with shares of those rated, and what is not yet
    approved: three queries for the area (one when it has no yearly round),
    four for the area and its communes together."""

    labels = _labels()
    themes = [
        (
            _("Đánh giá, xếp loại chất lượng"),
            [
                "rating_year",
                "rating_rounds",
                "rating_rounds_pending",
                "rating_reviews_pending",
                "rating_subjects",
            ],
        ),
        *(
            (
                format_lazy(_("Xếp loại {}"), _lower(who)),
                [
                    f"rating_{name}",
                    *(f"rating_{name}_{part}" for part in LEVELS.values()),
                    *(f"rating_{name}_{part}_share" for part in LEVELS.values()),
                ],
            )
            for name, who in WHO.items()
        ),
    ]
    columns = [
        ("rating_members", _("ĐV được xếp loại")),
        ("rating_members_excellent_share", _("ĐV xuất sắc")),
        ("rating_members_good_share", _("ĐV tốt")),
        ("rating_members_failed", _("ĐV không HTNV")),
        ("rating_cells", _("Chi bộ được xếp loại")),
        ("rating_cells_excellent", _("Chi bộ xuất sắc")),
        ("rating_reviews_pending", _("Kết quả chưa duyệt")),
    ]

    def area(self, place, date, period):
        rounds = chosen(candidate_rounds(place, date, period), date, period)
        ratings, reviews = _counts_by_round([pk for pk, _last in rounds])
        return _figures(rounds, ratings, reviews)

    def by_commune(self, place, date, period):
        return self.with_communes(place, date, period)[1]

    def zero(self, date, period):
        return _figures([], {}, {})

    def shows(self, keys, figures):
        """The counts by level are left out where no yearly round counts (a
        card of zeros says nothing the rounds' count does not), and commune
        committees', rated in a province's rounds only, where none was
        rated (a commune, a district)."""
        if keys[0] == "rating_committees":
            return bool(figures.get("rating_committees"))
        return keys[0] == "rating_year" or bool(figures.get("rating_rounds"))

    def with_communes(self, place, date, period):
        """The area's candidate rounds read once, given to the communes in
        force whose area holds their opener (in Python: a few rounds a
        commune a year); each commune chooses its own."""
        candidates = candidate_rounds(place, date, period)
        communes = list(
            Place.objects.within(place)
            .valid_on(date)
            .communes()
            .values_list("pk", "path", "lineage")
        )
        own = chosen(candidates, date, period)
        by_commune = {}
        for commune in communes:
            rounds = [row for row in candidates if _covers(commune, row[2])]
            if rounds:
                by_commune[commune[0]] = chosen(rounds, date, period)
        wanted = {pk for pk, _last in own}
        wanted.update(pk for rounds in by_commune.values() for pk, _last in rounds)
        ratings, reviews = _counts_by_round(sorted(wanted))
        rows = {
            pk: _figures(rounds, ratings, reviews) for pk, rounds in by_commune.items() if rounds
        }
        return _figures(own, ratings, reviews), rows
