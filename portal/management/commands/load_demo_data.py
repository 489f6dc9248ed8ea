import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from awards import demo as awards_demo
from cells import demo as cells_demo
from meetings import demo as meetings_demo
from portal.demo import provision_demo_users


class Command(BaseCommand):
    help = (
        "Load the demo data (Quan Sơn, Thọ Xuân, Nghi Sơn as in the 2022–2023 articles) on the "
        "official units, which load_admin_units must have loaded, and create the demo "
        "accounts. Safe to run again: loaded districts are skipped."
    )

    def handle(self, **options):
        started = time.monotonic()
        try:
            with transaction.atomic():
                cells_demo.load(log=self.stdout.write)
                # demo data of other apps:
                awards_demo.load(log=self.stdout.write)
                meetings_demo.load(log=self.stdout.write)
                accounts = provision_demo_users()
        except cells_demo.DemoError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Dữ liệu mẫu xong trong {time.monotonic() - started:.1f} giây.")
        self.stdout.write("Tài khoản mẫu:")
        for user, password in accounts:
            self.stdout.write(
                f"  {user.username} / {password}  — {user.get_role_display()}, {user.place}"
            )
