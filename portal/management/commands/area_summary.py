import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cells.models import PostType
from cells.place_names import PlaceLookupError, resolve_place
from core.commands import date_option, period_option
from portal.dashboards.history import closed_sentence, is_closed, successors_of
from portal.summary import area_figures, label_of


class Command(BaseCommand):
    help = (
        "Figures of a place and everything under it at a date: communes, hamlets, cells, "
        "party members, posts filled and vacant, secretary-is-chief share, and the figures "
        "of meetings and awards. PLACE is an official code or an unambiguous name."
    )

    def add_arguments(self, parser):
        parser.add_argument("place", metavar="PLACE")
        parser.add_argument("--date", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--period", help="2023-07, 2023-Q3, 2023-H1, 2023 or 2021..2023")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, place, date=None, period=None, json=False, **options):
        if date and period:
            raise CommandError("Chỉ dùng một trong hai: --date hoặc --period.")
        day, span = date_option(date), period_option(period)
        try:
            unit = resolve_place(place, date=day or (span.end if span else None))
        except PlaceLookupError as error:
            raise CommandError(str(error)) from None
        summary = area_figures(unit, date=day, period=span).area
        closed = closure_lines(unit, timezone.localdate())
        if json:
            # stdout stays one JSON object; a person reading sees the notice.
            for line in closed:
                self.stderr.write(line)
            self.stdout.write(_dumps(summary))
            return
        for line in closed:
            self.stdout.write(line)
        self._write_table(summary)

    def _write_table(self, summary):
        post_names = dict(PostType.objects.values_list("code", "name"))
        labels = {key: str(label_of(key)) for key in summary}
        width = max(len(text) for text in [*labels.values(), *post_names.values()]) + 4
        for key, value in summary.items():
            label = labels[key]
            if not isinstance(value, dict):
                self.stdout.write(f"{label:<{width}}{_show(value)}")
                continue
            self.stdout.write(f"{label}:")
            for inner_key, inner_value in value.items():
                inner_label = post_names.get(inner_key, inner_key)
                self.stdout.write(f"  {inner_label:<{width - 2}}{_show(inner_value)}")


def closure_lines(place, today):
    """What the command says of a place closed before `today`: that it
    closed, the units that took it over with their codes, and the option
    that shows its last day (today it has nothing left to count)."""
    if not is_closed(place.valid_to, today):
        return []
    successors = ", ".join(
        f"{unit} ({unit.code or f'id {unit.pk}'})" for unit in successors_of(place)
    )
    return [
        closed_sentence(str(place), place.valid_to)
        + " "
        + (f"Đơn vị kế thừa: {successors}." if successors else "Chưa ghi nhận đơn vị kế thừa."),
        f"Số liệu ngày cuối còn hiệu lực: --date {place.valid_to.isoformat()}",
    ]


def _show(value):
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1%}".replace(".", ",")
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return str(value)


def _dumps(summary):
    return json.dumps(summary, ensure_ascii=False)
