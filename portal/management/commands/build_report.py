import json
import shutil

from django.core.management.base import BaseCommand, CommandError

from cells.place_names import PlaceLookupError, resolve_place
from core.commands import output_option, period_option, writing
from portal.reports import services
from portal.reports.periods import REPORT_KINDS


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
        period = period_option(period)
        if period.kind not in REPORT_KINDS:
            raise CommandError("Chỉ lập báo cáo tháng, quý, 6 tháng hoặc năm.")
        try:
            unit = resolve_place(place, date=period.end)
        except PlaceLookupError as error:
            raise CommandError(str(error)) from None
        if format == "xlsx" and not output:
            raise CommandError("--format xlsx cần --output TỆP.")
        if output:
            output_option(output, suffixes=None)
        report = services.build_report(place=unit, period=period)
        if report.status != "done":
            raise CommandError(f"Báo cáo đang được tiến trình khác lập ({report.status}).")
        if format == "xlsx":
            with writing(output), report.file.open("rb") as source, open(output, "wb") as target:
                shutil.copyfileobj(source, target)
            self.stderr.write(f"{report} → {output}")
            return
        text = json.dumps(report.figures, ensure_ascii=False, indent=2)
        if output:
            with writing(output), open(output, "w", encoding="utf-8") as target:
                target.write(text + "\n")
        else:
            self.stdout.write(text)
