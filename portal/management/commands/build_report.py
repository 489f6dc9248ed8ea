import json
import shutil

from django.core.management.base import BaseCommand, CommandError

from cells.periods import Period, PeriodError
from portal.reports import services
from portal.reports.periods import REPORT_KINDS
from portal.summary import PlaceLookupError, resolve_place


class Command(BaseCommand):
    help = (
        "Build the periodic report of a place now (the service Celery runs): store it, "
        "then print its figures as JSON or copy its workbook to --output."
    )

    def add_arguments(self, parser):
        parser.add_argument("--place", required=True, help="official code or name of the place")
        parser.add_argument("--period", required=True, help="2023-07, 2023-Q3, 2023-H1 or 2023")
        parser.add_argument("--format", choices=["json", "xlsx"], default="json")
        parser.add_argument("--output", help="file to write (default: JSON on standard output)")

    def handle(self, *args, place, period, format, output, **options):
        try:
            period = Period.parse(period)
        except PeriodError as error:
            raise CommandError(str(error)) from None
        if period.kind not in REPORT_KINDS:
            raise CommandError("Reports cover a month, a quarter, a half-year or a year.")
        try:
            unit = resolve_place(place, date=period.end)
        except PlaceLookupError as error:
            raise CommandError(str(error)) from None
        if format == "xlsx" and not output:
            raise CommandError("--format xlsx needs --output FILE.")
        report = services.build_report(place=unit, period=period)
        if report.status != "done":
            raise CommandError(f"The report is being built by another worker ({report.status}).")
        if format == "xlsx":
            with report.file.open("rb") as source, open(output, "wb") as target:
                shutil.copyfileobj(source, target)
            self.stderr.write(f"{report} → {output}")
            return
        text = json.dumps(report.figures, ensure_ascii=False, indent=2)
        if output:
            with open(output, "w", encoding="utf-8") as target:
                target.write(text + "\n")
        else:
            self.stdout.write(text)
