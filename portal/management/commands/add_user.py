import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cells.constants import Role
from cells.models import Place
from portal.accounts import InactiveAccountError, provision_user


class Command(BaseCommand):
    help = (
        "Create a portal account tied to a place and a role, or update the place and role "
        "of an existing one (a deactivated one only with --reactivate). The password comes "
        "from PORTAL_PASSWORD, else it is prompted."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--place",
            required=True,
            help="official code of the place: 2 digits a province, 3 a district, 5 a commune",
        )
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument(
            "--reactivate",
            action="store_true",
            help="reopen the account if it was deactivated (refused otherwise)",
        )

    def handle(self, username, place, role, reactivate=False, **options):
        unit = Place.objects.official_unit(place)
        if unit is None:
            raise CommandError(
                f"Không có tỉnh, huyện hay xã nào mang mã “{place}” "
                "(mã tỉnh có 2 chữ số, mã huyện 3, mã xã 5)."
            )
        password = os.environ.get("PORTAL_PASSWORD") or self._prompt_password()
        try:
            user, created = provision_user(
                username=username, place=unit, role=role, password=password, reactivate=reactivate
            )
        except InactiveAccountError:
            raise CommandError(
                f"Tài khoản “{username}” đã bị vô hiệu hoá; thêm --reactivate nếu muốn mở lại."
            ) from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        verb = "Đã tạo" if created else "Đã cập nhật"
        self.stdout.write(f"{verb} tài khoản {user.username}: {user.get_role_display()} — {unit}")

    def _prompt_password(self):
        if not os.isatty(0):
            raise CommandError(
                "Đặt biến PORTAL_PASSWORD hoặc chạy lệnh trong cửa sổ lệnh để gõ mật khẩu."
            )
        first = getpass.getpass("Mật khẩu: ")
        if first != getpass.getpass("Gõ lại mật khẩu: "):
            raise CommandError("Hai lần gõ mật khẩu không giống nhau.")
        return first
