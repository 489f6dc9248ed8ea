import time

from django.core.management.base import BaseCommand, CommandError

from fixtures import demo

# How the printed accounts are introduced, by their `use` in accounts.toml.
USES = {
    "today": "Tài khoản mẫu cho hôm nay (đơn vị sau sắp xếp, số liệu đến nay):",
    "history": "Tài khoản mẫu để xem lịch sử (đơn vị đã kết thúc ngày 30/06/2025, chỉ xem):",
}


class Command(BaseCommand):
    help = (
        "Load the demo data (Quan Sơn, Thọ Xuân, Nghi Sơn as in the 2022–2023 articles, "
        "carried on to today through the 2025 reform) on the official units, which "
        "load_admin_units --list both must have loaded, and create the demo accounts. "
        "Safe to run again: what is loaded is skipped."
    )

    def handle(self, **options):
        started = time.monotonic()
        try:
            accounts = demo.load(log=self.stdout.write)
        except demo.DemoError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Dữ liệu mẫu xong trong {time.monotonic() - started:.1f} giây.")
        for use, heading in USES.items():
            self.stdout.write(heading)
            for account in accounts:
                if account.use == use:
                    user = account.user
                    self.stdout.write(
                        f"  {user.username} / {account.password}  — "
                        f"{user.get_role_display()}, {user.place}"
                    )
