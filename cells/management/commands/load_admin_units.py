import time

from django.core.management.base import BaseCommand, CommandError

from cells.official_units import (
    BOTH,
    LEGACY,
    LIST_2025,
    OfficialUnitsError,
    load_official_units,
)


class Command(BaseCommand):
    help = (
        "Load the official provinces, districts and communes from the vietnamadminunits "
        "package, in one transaction. --list legacy (default): the three-level list in "
        "force before 1 July 2025. --list 2025: only the two-level list in force since "
        "(provinces, and communes from 01/07/2025 directly under them); it creates no old "
        "unit, but the old units of the same provinces already in the database end on "
        "30/06/2025 and point to their successors. --list both: legacy (with the old "
        "provinces merged into the chosen ones), then 2025. With --province, units of "
        "other provinces are neither read nor changed. Safe to run again: a second run "
        "changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            action="append",
            dest="provinces",
            metavar="CODE",
            help="official province code (repeatable); all provinces when omitted",
        )
        parser.add_argument(
            "--list",
            dest="which",
            choices=[LEGACY, LIST_2025, BOTH],
            default=LEGACY,
            help="legacy: before 1 July 2025 (default); 2025: the two-level list alone; "
            "both: legacy then 2025, every old unit closed and linked",
        )

    def handle(self, provinces=None, which=LEGACY, **options):
        started = time.monotonic()
        try:
            counts = load_official_units(provinces=provinces, which=which)
        except OfficialUnitsError as error:
            raise CommandError(str(error)) from None
        for line in counts.lines():
            self.stdout.write(line)
        self.stdout.write(f"Xong trong {time.monotonic() - started:.1f} giây.")
