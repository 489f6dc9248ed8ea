"""Management commands given a wrong value: one Vietnamese line, never a
traceback (Django prints a CommandError as "CommandError: <message>")."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from core.periods import FIRST_YEAR

RANGE_MESSAGE = f"Chỉ nhận các năm từ {FIRST_YEAR}"
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["area_summary", "387", "--period", "0001..9999"], RANGE_MESSAGE),
        (["area_summary", "387", "--period", "2023-13"], "Tháng phải từ 01 đến 12"),
        (["area_summary", "387", "--date", "9999-12-31"], RANGE_MESSAGE),
        (["area_summary", "387", "--date", "31/12/2023"], "viết theo dạng YYYY-MM-DD"),
        (["build_report", "--place", "387", "--period", "0001"], RANGE_MESSAGE),
        (
            [
                "build_report",
                "--place",
                "387",
                "--period",
                "2023",
                "--output",
                "/no-such-dir/x.json",
            ],
            "Không có thư mục “/no-such-dir”",
        ),
        (
            ["export_award_list", "--decision", "1", "--output", "/no-such-dir/x.xlsx"],
            "Không có thư mục “/no-such-dir”",
        ),
        (
            ["export_award_list", "--decision", "1", "--output", "x.pdf"],
            "Tệp ghi ra phải có đuôi .xlsx hoặc .csv",
        ),
        (
            ["export_award_list", "--decision", "1", "--date", "abc", "--output", "x.xlsx"],
            "viết theo dạng YYYY-MM-DD",
        ),
        (
            ["export_badge_list", "387", "--date", "0001-02-03", "--output", "/tmp/x.xlsx"],
            RANGE_MESSAGE,
        ),
        (
            ["export_badge_list", "387", "--date", "2023-02-03", "--output", "/no-such-dir/x.csv"],
            "Không có thư mục “/no-such-dir”",
        ),
        (
            ["export_badge_list", "Hà Tây", "--date", "2023-02-03", "--output", "/tmp/x.csv"],
            "Không tìm thấy đơn vị “Hà Tây”",
        ),
        (
            ["export_badge_list", "3950", "--date", "2023-02-03", "--output", "/tmp/x.csv"],
            "không phải mã đơn vị",
        ),
    ],
)
def test_a_wrong_option_is_a_one_line_vietnamese_command_error(district, args, message):
    with pytest.raises(CommandError, match=message) as raised:
        call_command(*args)
    assert "\n" not in str(raised.value)


def test_from_the_shell_it_prints_one_line_without_a_traceback(tmp_path):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    result = subprocess.run(
        [sys.executable, "manage.py", "area_summary", "387", "--period", "0001..9999"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"CommandError: Kỳ “0001..9999” không hợp lệ. {RANGE_MESSAGE}")
