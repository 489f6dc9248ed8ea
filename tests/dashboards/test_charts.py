"""Server-side SVG charts: drawn without script, text escaped."""

from portal.dashboards import charts


def test_compliance_bars_one_per_month_coloured_by_share():
    points = [
        {"label": "01/23", "expected": 10, "held": 10, "share": 1.0},
        {"label": "02/23", "expected": 10, "held": 7, "share": 0.7},
        {"label": "03/23", "expected": 10, "held": 2, "share": 0.2},
        {"label": "04/23", "expected": 0, "held": 0, "share": None},
    ]

    svg = charts.compliance_bars(points, "Tỷ lệ")

    assert svg.startswith("<svg") and 'viewBox="0 0 ' in svg
    assert svg.count("<rect") == 4
    assert 'class="bar"' in svg and 'class="bar warn"' in svg and 'class="bar bad"' in svg
    assert 'class="bar none"' in svg
    assert "<script" not in svg


def test_text_is_escaped():
    svg = charts.horizontal_bars([("<b>Giấy khen & cờ</b>", 3)], "<script>alert(1)</script>")

    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "&lt;b&gt;Giấy khen &amp; cờ&lt;/b&gt;" in svg


def test_line_has_a_point_per_month_and_the_last_value():
    points = [{"label": f"{m:02d}/23", "value": 10 + m} for m in range(1, 13)]

    svg = charts.line(points, "Đảng viên")

    assert svg.count("<circle") == 12
    assert "<polyline" in svg and ">22</text>" in svg


def test_counts_are_written_as_the_cards_write_them():
    points = [{"label": f"{m:02d}/2023", "value": 4000 + m} for m in range(1, 13)]

    svg = charts.line(points, "Đảng viên")

    assert ">4.012</text>" in svg and ">4012<" not in svg
    assert "12/2023: 4.012" in svg  # the tooltip
    assert ">1.234</text>" in charts.horizontal_bars([("Giấy khen", 1234)], "Khen thưởng")


def test_months_are_labelled_with_the_full_year(area, login, officer_a):
    response = login(officer_a).get("/dashboard/?date=2023-12-31")

    assert ">12/2023</text>" in response.text and ">02/2023</text>" in response.text
    assert ">12/23<" not in response.text
