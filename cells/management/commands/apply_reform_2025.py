from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cells.reorganisations import ReorganisationError
from cells.reorganisations.reform import read_assignments, reform_2025
from core.commands import account_option, date_option
from core.imports.reading import ImportFailed, UploadError


class Command(BaseCommand):
    help = (
        "Apply the 2025 reform to a province: every old commune the official list closed "
        "on 30/06/2025 goes into its new commune(s) from 01/07/2025 with its hamlets, cells, "
        "committees, people and accounts. Communes divided among several new ones wait "
        "for a workbook of hamlet -> new commune (--assignments). Run it again for the rest."
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", required=True, help="2025 province code, e.g. 38")
        parser.add_argument(
            "--assignments",
            metavar="FILE",
            help="workbook (.xlsx, .csv) with columns Mã xã cũ, Thôn, Mã xã mới",
        )
        parser.add_argument("--user", help="the account the reform is recorded under")
        parser.add_argument("--decision-number", default="", help="e.g. 1686/NQ-UBTVQH15")
        parser.add_argument("--decision-date", help="YYYY-MM-DD")
        parser.add_argument("--dry-run", action="store_true", help="say what would move")

    def handle(self, *, province, assignments=None, user=None, dry_run=False, **options):
        account = account_option(user)
        try:
            pairs = self._assignments(assignments, province)
            reform = reform_2025(
                user=account,
                province_code=province,
                assignments=pairs,
                decision_number=options["decision_number"],
                decision_date=date_option(options["decision_date"]),
                dry_run=dry_run,
            )
        except ReorganisationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self._report(reform, dry_run)

    def _assignments(self, path, province):
        if not path:
            return []
        try:
            with open(path, "rb") as upload:
                return read_assignments(upload, province)
        except OSError as error:
            raise CommandError(_("Không đọc được tệp “%(path)s”.") % {"path": path}) from error
        except UploadError as error:
            raise CommandError(str(error)) from None
        except ImportFailed as error:
            raise CommandError(
                _("Tệp phân thôn có lỗi, chưa ghi gì:\n%(errors)s")
                % {"errors": "\n".join(str(e) for e in error.errors)}
            ) from None

    def _report(self, reform, dry_run):
        write = self.stdout.write
        if reform.plan is None:
            write(NOTHING_LEFT % {"province": reform.province})
        else:
            counts = reform.plan.counts
            verb = _("sẽ chuyển") if dry_run else _("đã chuyển")
            write(
                DONE % {"province": reform.province, "verb": verb, "communes": len(reform.communes)}
            )
            write(MOVED % {key: _n(counts[key]) for key in MOVED_KEYS})
        for waiting in reform.waiting:
            successors = ", ".join(f"{unit} ({unit.code})" for unit in waiting.successors)
            values = {"commune": waiting.commune, "code": waiting.commune.code}
            values.update(successors=successors, count=len(waiting.hamlets))
            write(WAITING % {**values, "hamlets": ", ".join(str(h) for h in waiting.hamlets)})
        for account in reform.plan.ambiguous_accounts if reform.plan else []:
            write(ACCOUNT_WAITS % {"user": account, "place": account.place})
        for account in reform.district_accounts:
            write(DISTRICT_ACCOUNT % {"user": account, "place": account.place})
        for cell in reform.district_cells:
            write(DISTRICT_CELL % {"committee": cell.committee, "cell": cell})


NOTHING_LEFT = gettext_lazy("%(province)s: không còn xã cũ nào chờ chuyển.")
DONE = gettext_lazy("%(province)s: %(verb)s %(communes)s xã cũ vào xã mới từ 01/07/2025.")
MOVED_KEYS = ("hamlets", "cells", "memberships", "people", "accounts")
MOVED = gettext_lazy(
    "%(hamlets)s thôn, %(cells)s chi bộ, %(memberships)s đảng viên, "
    "%(people)s cá nhân, %(accounts)s tài khoản."
)
WAITING = gettext_lazy(
    "Chờ phân thôn: %(commune)s (%(code)s) chia về %(successors)s; "
    "chưa phân %(count)s thôn: %(hamlets)s."
)
ACCOUNT_WAITS = gettext_lazy("Tài khoản chờ gắn với xã mới: %(user)s (%(place)s).")
DISTRICT_ACCOUNT = gettext_lazy("Tài khoản cấp huyện, chỉ còn xem lịch sử: %(user)s (%(place)s).")
DISTRICT_CELL = gettext_lazy(
    "Chi bộ trực thuộc %(committee)s chờ chuyển về đảng bộ xã hoặc tỉnh: %(cell)s."
)


def _n(number):
    return f"{number:,}".replace(",", ".")
