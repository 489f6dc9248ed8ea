"""BENCH name=award_export: 50,000 award rows from the database to .xlsx in
the official layout (awards.exports.write_xlsx), against a raw floor measured
in the same run: XlsxWriter in constant-memory mode writing the same rows,
already in memory, with plain write_string/write_number calls.

Times are measured without tracing; peak memory is measured in a second run
of the same export under tracemalloc (Python allocations, which is where an
exporter that holds rows would show).
"""

import datetime
import random
import tempfile
import tracemalloc
from pathlib import Path

import xlsxwriter

from benchmarks import benchmark, count_queries, places, timed

ROWS = 50_000
REPEATS = 3
FAMILY = ["Nguyễn", "Lê", "Trần", "Phạm", "Hà", "Lò", "Vi", "Lương", "Đặng", "Bùi", "Cầm"]
MIDDLE = ["Văn", "Thị", "Bá", "Đức", "Thu", "Minh", "Ngọc"]
GIVEN = ["An", "Anh", "Ánh", "Ân", "Bình", "Dũng", "Đào", "Hạnh", "Hiền", "Oanh", "Ơn", "Thuận"]


def _people_and_awards(district):
    from awards.constants import FormCode
    from awards.models import Award, CommendationForm, Decision, IssuingBody
    from cells.models import Person, Place

    body = IssuingBody.objects.create(name="Ban Thường vụ Tỉnh ủy Thanh Hóa", place=district)
    decision = Decision.objects.create(
        number="2000-QĐ/TU",
        date=datetime.date(2023, 7, 20),
        body=body,
        form=CommendationForm.objects.get(code=FormCode.CERTIFICATE),
    )
    hamlets = list(Place.objects.within(district).hamlets().select_related("parent"))
    chooser = random.Random(4)
    people = []
    for number in range(ROWS):
        name = f"{chooser.choice(FAMILY)} {chooser.choice(MIDDLE)} {chooser.choice(GIVEN)}"
        person = Person(full_name=f"{name} {number}", place=hamlets[number % len(hamlets)])
        person.fill_derived_fields()
        people.append(person)
    people = Person.objects.bulk_create(people, batch_size=2000)
    awards = []
    for person in people:
        award = Award(
            decision=decision,
            person=person,
            post_title="Bí thư chi bộ kiêm trưởng bản",
            achievement="Có thành tích xuất sắc trong thực hiện nhiệm vụ giai đoạn 2021–2023",
        )
        award.apply_snapshot(_snapshot(person))
        awards.append(award)
    Award.objects.bulk_create(awards, batch_size=2000)
    return decision


def _snapshot(person):
    from awards.snapshots import place_fields

    return {"recipient_name": person.full_name, "post_title": "", **place_fields(person.place)}


def _raw_floor(rows, path):
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = workbook.add_worksheet()
    for index, (_collective, _commune, name, post, unit, achievement) in enumerate(rows):
        sheet.write_number(index, 0, index + 1)
        sheet.write_string(index, 1, name)
        sheet.write_string(index, 2, post)
        sheet.write_string(index, 3, unit)
        sheet.write_string(index, 4, achievement)
    workbook.close()


def _export(decision_id, path):
    from awards.exports import decision_list, write_xlsx
    from awards.models import Decision

    decision = Decision.objects.select_related("body", "occasion", "form").get(pk=decision_id)
    return write_xlsx(decision_list(decision), path)


def _peak_mb(function, *args):
    tracemalloc.start()
    try:
        function(*args)
        return tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()


@benchmark("award_export")
def award_export():
    from awards.exports import decision_list

    district = places.district(communes=12, hamlets_per_commune=8)
    decision = _people_and_awards(district)
    scratch = Path(tempfile.mkdtemp(prefix="bench-award-export-"))
    with timed() as fetch_clock:
        rows_in_memory = list(decision_list(decision).rows())

    # Other work shares these machines: alternate the two writers and keep
    # the best run of each, so a busy moment does not decide the ratio.
    seconds, raw_seconds = [], []
    for _attempt in range(REPEATS):
        with count_queries() as queries, timed() as clock:
            written = _export(decision.pk, scratch / "list.xlsx")
        with timed() as raw_clock:
            _raw_floor(rows_in_memory, scratch / "raw.xlsx")
        seconds.append(clock.seconds)
        raw_seconds.append(raw_clock.seconds)
    best, raw_best = min(seconds), min(raw_seconds)
    peak = _peak_mb(_export, decision.pk, scratch / "traced.xlsx")
    raw_peak = _peak_mb(_raw_floor, rows_in_memory, scratch / "raw-traced.xlsx")
    for file in scratch.iterdir():
        file.unlink()
    scratch.rmdir()
    return {
        "rows": written,
        "rows_per_s": written / best,
        "seconds": best,
        "queries": queries.count,
        "fetch_seconds": fetch_clock.seconds,
        "peak_mb": peak,
        "raw_rows_per_s": len(rows_in_memory) / raw_best,
        "raw_peak_mb": raw_peak,
        "ratio": best / raw_best,
    }
