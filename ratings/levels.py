"""The one rule that turns points, conditions and vetoes into a level.

The bands (LevelBand), the conditions and vetoes (Condition) and the
criteria (Criterion) are rows, loaded once per round (`Framework.of`); this
module only reads them:

* any veto ticked → the lowest level, whatever the score;
* otherwise the best level whose lowest score the total reaches and whose
  requirements for this subject are all ticked (92 points without "≥ 30 %
  exceeding requirements" is "Hoàn thành tốt");
* the reason says which band, condition or veto decided, in Vietnamese,
  and is kept with the rating so the screen and the lists can show it.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db.models import Sum
from django.utils.translation import gettext as _

from .constants import Applies, ConditionKind
from .models import Condition, Criterion, LevelBand

POINTS_STEP = Decimal("0.01")


def criteria_total(criteria_set):
    """The sum of the maximum points of a criteria set (100 when it is
    usable)."""
    total = Criterion.objects.filter(criteria_set=criteria_set).aggregate(total=Sum("max_points"))
    return (total["total"] or Decimal(0)).normalize() + 0


def as_points(value):
    """`value` (a number, or text as typed: "8,5", "8.5") as points with two
    decimals, or None when it is no number."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip().replace(",", ".")
    if not text:
        return None
    try:
        points = Decimal(text)
    except InvalidOperation:
        return None
    if not points.is_finite():
        return None
    return points.quantize(POINTS_STEP)


def vietnamese_number(value):
    """92.50 → "92,5": how a score reads on a Vietnamese page."""
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", ",")


@dataclass(frozen=True)
class Verdict:
    score: Decimal
    level: str
    reason: str


class Framework:
    """The bands and the conditions a round judges by: the regulation's and
    those its committee added."""

    def __init__(self, bands, conditions):
        self.bands = sorted(bands, key=lambda band: band.min_score, reverse=True)
        self.conditions = list(conditions)
        # A requirement of a level is one of every level above it too.
        self.floor = {band.level: band.min_score for band in self.bands}

    @classmethod
    def of(cls, rating_round):
        """Two queries: the bands, the conditions of `rating_round`."""
        conditions = Condition.objects.filter(round__isnull=True) | Condition.objects.filter(
            round=rating_round
        )
        return cls(LevelBand.objects.all(), conditions.order_by("order", "id"))

    def requirements(self, subject):
        return self._conditions(ConditionKind.REQUIREMENT, subject)

    def vetoes(self, subject):
        return self._conditions(ConditionKind.VETO, subject)

    def _conditions(self, kind, subject):
        return [
            condition
            for condition in self.conditions
            if condition.kind == kind and Applies(condition.applies_to).concerns(subject)
        ]

    def judge(self, subject, score, met=(), vetoes=()):
        """The level of a `subject` (constants.Subject) with `score` points,
        the requirement codes `met` and the veto codes ticked."""
        lowest = self.bands[-1]
        ticked = [veto for veto in self.vetoes(subject) if veto.code in vetoes]
        if ticked:
            names = "; ".join(veto.name for veto in ticked)
            reason = _("Điểm %(score)s, nhưng thuộc trường hợp phủ quyết: %(vetoes)s.") % {
                "score": vietnamese_number(score),
                "vetoes": names,
            }
            return Verdict(score, lowest.level, reason)
        missed = []
        for band in self.bands:
            if score < band.min_score:
                continue
            lacking = [
                condition
                for condition in self.requirements(subject)
                if self.floor[condition.level] <= band.min_score and condition.code not in met
            ]
            if lacking:
                missed.append((band, lacking))
                continue
            return Verdict(score, band.level, self._reason(score, band, missed))
        return Verdict(score, lowest.level, self._reason(score, lowest, missed))

    def _reason(self, score, band, missed):
        number = vietnamese_number(score)
        if band is not self.bands[-1]:
            first = _("Điểm %(score)s (từ %(min)s điểm)") % {
                "score": number,
                "min": vietnamese_number(band.min_score),
            }
        elif missed:
            first = _("Điểm %(score)s") % {"score": number}
        else:
            first = _("Điểm %(score)s, dưới %(min)s điểm") % {
                "score": number,
                "min": vietnamese_number(self.bands[-2].min_score),
            }
        parts = [first]
        for higher, lacking in missed:
            parts.append(
                _("chưa xếp “%(level)s” vì chưa đạt: %(conditions)s")
                % {
                    "level": higher.get_level_display(),
                    "conditions": "; ".join(condition.name for condition in lacking),
                }
            )
        return ", ".join(parts) + "."
