"""The report workbook, in a fixed layout: title, place, period, the figures
grouped by theme, the posts by title, for a place that came out of a
reorganisation within the year before the period's end its figures before
and after it (portal.dashboards.history), then (district, province) one row
per commune and the area's own figures as the totals row (they count what is
held above the communes too). Text goes through core.spreadsheets, so nothing
typed by a user can become a formula."""

import xlsxwriter
from django.utils import timezone

from cells.models import PostType
from core.spreadsheets import quote_prefixed, write_text
from portal.summary import commune_columns, format_value, is_share, themed

from .periods import report_title


def write_report_workbook(path, *, place, period, figures, comparison=None):
    workbook = xlsxwriter.Workbook(path, {"in_memory": False})
    try:
        _Sheet(workbook, place, period, figures, comparison).write()
    finally:
        workbook.close()


class _Sheet:
    def __init__(self, workbook, place, period, figures, comparison=None):
        self.workbook, self.place, self.period, self.figures = workbook, place, period, figures
        self.comparison = comparison
        self.sheet = workbook.add_worksheet("Báo cáo")
        base = {"font_name": "Times New Roman", "font_size": 12}
        self.text, self.text_safe = quote_prefixed(workbook, base)
        self.title = workbook.add_format({**base, "bold": True, "font_size": 14, "align": "center"})
        self.heading = workbook.add_format({**base, "bold": True})
        self.header = workbook.add_format(
            {**base, "bold": True, "border": 1, "text_wrap": True, "align": "center"}
        )
        self.cell, self.cell_safe = quote_prefixed(workbook, {**base, "border": 1})
        self.number = workbook.add_format({**base, "border": 1, "num_format": "#,##0"})
        self.share = workbook.add_format({**base, "border": 1, "num_format": "0.0%"})
        self.total = workbook.add_format({**base, "border": 1, "bold": True, "num_format": "#,##0"})
        self.row = 0

    def write(self):
        sheet = self.sheet
        sheet.set_paper(9)
        sheet.set_landscape()
        sheet.fit_to_pages(1, 0)
        sheet.set_column(0, 0, 6)
        sheet.set_column(1, 1, 44)
        sheet.set_column(2, 12, 14)
        self._title_block()
        self._themes()
        self._posts()
        if self.comparison is not None:
            self._comparison()
        if self.figures.get("commune_rows"):
            self._communes()

    def _put(self, col, value, fmt=None, safe=None):
        if isinstance(value, bool) or value is None:
            value = "" if value is None else str(value)
        if isinstance(value, int | float):
            self.sheet.write_number(self.row, col, value, fmt)
        else:
            write_text(self.sheet, self.row, col, value, fmt or self.text, safe or self.text_safe)

    def _title_block(self):
        self.sheet.merge_range(0, 0, 0, 6, report_title(self.period), self.title)
        self.row = 2
        lines = [
            ("Đơn vị", f"{self.place} (mã {self.place.code or '—'})"),
            (
                "Kỳ báo cáo",
                f"từ {self.period.start:%d/%m/%Y} đến {self.period.end:%d/%m/%Y} "
                f"({self.period.code})",
            ),
            ("Số liệu tính đến ngày", f"{self.period.end:%d/%m/%Y}"),
            ("Lập lúc", f"{timezone.localtime():%d/%m/%Y %H:%M}"),
        ]
        for label, value in lines:
            self._put(0, label, self.heading)
            self._put(2, value)
            self.row += 1
        self.row += 1

    def _themes(self):
        for number, (theme, rows) in enumerate(themed(self.figures), start=1):
            self._put(0, f"{_roman(number)}. {theme}", self.heading)
            self.row += 1
            for index, (key, label, value) in enumerate(rows, start=1):
                self._put(0, index, self.cell)
                self._put(1, str(label), self.cell, self.cell_safe)
                if isinstance(value, int | float) and not isinstance(value, bool):
                    self._put(2, value, self.share if is_share(key) else self.number)
                else:
                    self._put(2, format_value(key, value), self.cell, self.cell_safe)
                self.row += 1
            self.row += 1

    def _posts(self):
        filled, vacant = self.figures.get("posts_filled"), self.figures.get("posts_vacant")
        if not filled:
            return
        names = dict(PostType.objects.values_list("code", "name"))
        self._put(0, "Chức danh: có người giữ và còn trống", self.heading)
        self.row += 1
        for col, label in enumerate(["STT", "Chức danh", "Có người giữ", "Còn trống"]):
            self._put(col, label, self.header)
        self.row += 1
        codes = [code for code in filled if filled[code] or (vacant or {}).get(code)]
        for index, code in enumerate(codes, start=1):
            self._put(0, index, self.cell)
            self._put(1, names.get(code, code), self.cell, self.cell_safe)
            self._put(2, filled[code], self.number)
            self._put(3, (vacant or {}).get(code, 0), self.number)
            self.row += 1
        self.row += 1

    def _comparison(self):
        comparison = self.comparison
        title = f"So sánh trước và sau sắp xếp (hiệu lực từ {comparison.effective_on:%d/%m/%Y})"
        self._put(0, title, self.heading)
        self.row += 1
        decision = comparison.reorganised
        if decision.decision_number:
            dated = f" ngày {decision.decision_date:%d/%m/%Y}" if decision.decision_date else ""
            by = f", {decision.decided_by}" if decision.decided_by else ""
            self._put(1, f"Văn bản {decision.decision_number}{dated}{by}")
            self.row += 1
        self._put(1, "Trước sắp xếp: cộng các đơn vị tiền thân.")
        self.row += 1
        headers = [
            "STT",
            "Chỉ tiêu",
            f"Trước sắp xếp\n{_span(comparison.before)}",
            f"Sau sắp xếp\n{_span(comparison.after)}",
            "Tăng, giảm",
        ]
        for col, label in enumerate(headers):
            self._put(col, label, self.header)
        self.sheet.set_row(self.row, 32)
        self.row += 1
        for index, figure in enumerate(comparison.figures, start=1):
            self._put(0, index, self.cell)
            self._put(1, figure.label, self.cell, self.cell_safe)
            fmt = self.share if figure.is_share else self.number
            for col, value in ((2, figure.before), (3, figure.after), (4, figure.change)):
                self._put(col, "—" if value is None else value, self.cell if value is None else fmt)
            self.row += 1
        self.row += 1

    def _communes(self):
        rows = self.figures["commune_rows"]
        columns = commune_columns()
        self._put(0, "Số liệu từng xã, phường, thị trấn", self.heading)
        self.row += 1
        for col, label in enumerate(["STT", "Đơn vị", *(str(label) for _key, label in columns)]):
            self._put(col, label, self.header)
        self.sheet.repeat_rows(self.row)
        self.row += 1
        for index, figures in enumerate(rows, start=1):
            self._put(0, index, self.cell)
            self._put(1, figures.get("place_name", ""), self.cell, self.cell_safe)
            self._values(figures, columns, self.number)
            self.row += 1
        self._put(0, "", self.cell)
        self._put(1, "Tổng cộng", self.total)
        self._values(self.figures, columns, self.total)
        self.row += 1

    def _values(self, figures, columns, fmt):
        for col, (key, _label) in enumerate(columns, start=2):
            value = figures.get(key)
            if value is None:
                self._put(col, "—", self.cell)
            else:
                self._put(col, value, self.share if is_share(key) else fmt)


def _span(period):
    return f"{period.start:%d/%m/%Y} – {period.end:%d/%m/%Y}"


def _roman(number):
    return ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"][number - 1]
