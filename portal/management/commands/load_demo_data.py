import time

from django.core.management.base import BaseCommand, CommandError

from fixtures import demo


class Command(BaseCommand):
    help = (
        "Load the demo data (Quan Sơn, Thọ Xuân, Nghi Sơn as in the 2022–2023 articles) on the "
        "official units, which load_admin_units must have loaded, and create the demo "
        "accounts. Safe to run again: loaded districts are skipped."
    )

    def handle(self, **options):
        started = time.monotonic()
        try:
            accounts = demo.load(log=self.stdout.write)
        except demo.DemoError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Dữ liệu mẫu xong trong {time.monotonic() - started:.1f} giây.")
        self.stdout.write("Tài khoản mẫu:")
        for user, password in accounts:
            self.stdout.write(
                f"  {user.username} / {password}  — {user.get_role_display()}, {user.place}"
            )
