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
        "package: the three-level list before 1 July 2025 (legacy), the two-level list "
        "since (2025), or both. Safe to run again: it updates, never duplicates."
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
            "--list", dest="which", choices=[LEGACY, LIST_2025, BOTH], default=LEGACY
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
