import datetime

from django.core.management.base import BaseCommand, CommandError

from awards.badges import BadgeDateError, badge_list
from awards.exports import export_list
from cells.exports import ExportFormatError, format_of
from cells.models import Place
from cells.vietnamese import fold


class Command(BaseCommand):
    help = (
        "Write the list of party members due a party badge (Huy hiệu Đảng) under PLACE on a "
        "presentation date (3/2, 19/5, 2/9, 7/11) to FILE (.xlsx or .csv)."
    )

    def add_arguments(self, parser):
        parser.add_argument("place", help="official code or exact name of the place")
        parser.add_argument("--date", required=True, help="presentation date YYYY-MM-DD")
        parser.add_argument("--output", required=True, help="FILE.xlsx or FILE.csv")

    def handle(self, place, date, output, **options):
        try:
            file_format = format_of(output)
        except ExportFormatError:
            raise CommandError("The output file must end in .xlsx or .csv.") from None
        try:
            date = datetime.date.fromisoformat(date)
        except ValueError:
            raise CommandError(f"{date!r} is not a date YYYY-MM-DD.") from None
        unit = self._place(place, date)
        try:
            award_list, rows = badge_list(unit, date)
        except BadgeDateError as error:
            raise CommandError(str(error)) from None
        count = export_list(
            award_list, output, file_format, scope=unit.path, rows=rows, what=output
        )
        self.stdout.write(f"{unit}: {count} members due a badge on {date:%d/%m/%Y}, in {output}")

    def _place(self, text, date):
        if text.strip().isdigit():
            unit = Place.objects.official_unit(text, on=date) or Place.objects.official_unit(text)
        else:
            matches = list(Place.objects.filter(search_name=fold(text))[:2])
            unit = matches[0] if len(matches) == 1 else None
        if unit is None:
            raise CommandError(f"No single place is named or coded {text!r}.")
        return unit
