from django.core.management.base import BaseCommand, CommandError

from awards.exports import decision_list, export_list
from awards.models import Decision
from core.commands import date_option, output_option, writing
from core.exports import format_of


class Command(BaseCommand):
    help = (
        "Write the award list of a decision to FILE, .xlsx (official printable layout) "
        "or .csv (UTF-8 with BOM) by the file's extension."
    )

    def add_arguments(self, parser):
        parser.add_argument("--decision", required=True, help='decision number, e.g. "1520-QĐ/HU"')
        parser.add_argument("--date", help="decision date YYYY-MM-DD, when the number repeats")
        parser.add_argument("--output", required=True, help="FILE.xlsx or FILE.csv")

    def handle(self, decision, date, output, **options):
        file_format = format_of(output_option(output))
        found = self._find(decision, date_option(date))
        with writing(output):
            rows = export_list(
                decision_list(found), output, file_format, scope=found.body.place.path, what=output
            )
        self.stdout.write(f"{found}: đã ghi {rows} dòng vào {output}")

    def _find(self, number, date):
        decisions = Decision.objects.filter(number=number.strip()).select_related(
            "body", "occasion", "form"
        )
        if date:
            decisions = decisions.filter(date=date)
        found = list(decisions[:11])
        if not found:
            raise CommandError(f"Không có quyết định số “{number}”.")
        if len(found) > 1:
            listed = "; ".join(f"{item} ({item.body})" for item in found[:10])
            raise CommandError(f"Nhiều quyết định cùng số “{number}”, thêm --date: {listed}")
        return found[0]
