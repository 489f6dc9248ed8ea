import time

from django.core.management.base import BaseCommand, CommandError

from cells.constants import Level, level_of_code
from cells.models import Place
from fixtures.synthetic.generator import MAX_COMMUNES, Plan, generate


class Command(BaseCommand):
    help = (
        "Fill the database with a synthetic province for load tests: communes, hamlets with "
        "a cell each, party members, posts and holdings, monthly meetings with gaps, awards."
    )

    def add_arguments(self, parser):
        parser.add_argument("--communes", type=int, default=166)
        parser.add_argument("--hamlets-per-commune", type=int, default=30)
        parser.add_argument("--members-per-cell", type=int, default=45)
        parser.add_argument("--years", type=int, default=3, help="years of meetings, to 30/06/2025")
        parser.add_argument("--province-code", default="99", help="official code to give it")
        parser.add_argument("--seed", type=int, default=2023)

    def handle(self, *args, **options):
        plan = Plan(
            communes=options["communes"],
            hamlets_per_commune=options["hamlets_per_commune"],
            members_per_cell=options["members_per_cell"],
            years=options["years"],
            province_code=options["province_code"],
            seed=options["seed"],
        )
        if min(plan.communes, plan.hamlets_per_commune, plan.members_per_cell, plan.years) < 1:
            raise CommandError("Mọi số lượng phải từ 1 trở lên.")
        if plan.communes > MAX_COMMUNES:
            raise CommandError(f"--communes: tối đa {MAX_COMMUNES} xã (mã xã có 5 chữ số).")
        if level_of_code(plan.province_code) != Level.PROVINCE:
            raise CommandError("--province-code: mã tỉnh gồm đúng 2 chữ số, ví dụ 99.")
        if Place.objects.filter(code=plan.province_code, level=1).exists():
            raise CommandError(
                f"Đã có tỉnh mã {plan.province_code}; chọn mã khác bằng --province-code."
            )
        began = time.perf_counter()
        province = generate(plan, log=lambda line: self.stdout.write(f"  {line}"))
        seconds = time.perf_counter() - began
        self.stdout.write(f"{province} (mã {province.code}) in {seconds:.1f} s")
