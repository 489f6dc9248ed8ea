from django.core.management.base import BaseCommand, CommandError

from awards.badges import BadgeDateError, badge_list
from awards.exports import export_list
from cells.place_names import PlaceLookupError, resolve_place
from core.commands import date_option, output_option, writing
from core.exports import format_of


class Command(BaseCommand):
    help = (
        "Write the list of party members due a party badge (Huy hiệu Đảng) under PLACE on a "
        "presentation date (3/2, 19/5, 2/9, 7/11) to FILE (.xlsx or .csv)."
    )

    def add_arguments(self, parser):
        parser.add_argument("place", help="official code (2, 3 or 5 digits) or unambiguous name")
        parser.add_argument("--date", required=True, help="presentation date YYYY-MM-DD")
        parser.add_argument("--output", required=True, help="FILE.xlsx or FILE.csv")

    def handle(self, place, date, output, **options):
        date, output = date_option(date), output_option(output)
        try:
            unit = resolve_place(place, date=date)
        except PlaceLookupError as error:
            raise CommandError(str(error)) from None
        try:
            award_list, rows = badge_list(unit, date)
        except BadgeDateError as error:
            raise CommandError(str(error)) from None
        with writing(output):
            count = export_list(
                award_list, output, format_of(output), scope=unit.path, rows=rows, what=output
            )
        self.stdout.write(
            f"{unit}: {count} đảng viên đủ điều kiện nhận Huy hiệu Đảng ngày {date:%d/%m/%Y}, "
            f"đã ghi vào {output}"
        )
