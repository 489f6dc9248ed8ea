"""The regulation's defaults, loaded as rows by the migrations
(0002_defaults): the score bands and conditions of QĐ 366-QĐ/TW (30/08/2025)
and default criteria sets after HD 43-HD/BTCTW (31/10/2025). Once loaded they
are data: the superuser edits the national rows, a province or commune keeps
its own criteria sets and adds its vetoes to a round. Nothing else in the
code knows a band's score or a condition's name."""

from decimal import Decimal

from .constants import Applies, ConditionKind, RatingLevel, Subject

BANDS = {
    RatingLevel.EXCELLENT: Decimal(90),
    RatingLevel.GOOD: Decimal(70),
    RatingLevel.DONE: Decimal(50),
    RatingLevel.FAILED: Decimal(0),
}

REQUIREMENT, VETO = ConditionKind.REQUIREMENT, ConditionKind.VETO

# (code, name, kind, applies to, the lowest level it is a requirement of:
# it is one of that level and of every level above)
CONDITIONS = [
    (
        "dung_han",
        "Mọi nhiệm vụ hoàn thành đúng thời hạn",
        REQUIREMENT,
        Applies.ALL,
        RatingLevel.GOOD,
    ),
    (
        "vuot_muc_30",
        "Ít nhất 30% chỉ tiêu, nhiệm vụ hoàn thành vượt mức yêu cầu",
        REQUIREMENT,
        Applies.ALL,
        RatingLevel.EXCELLENT,
    ),
    (
        "khong_ky_luat_truc_thuoc",
        "Không có tổ chức trực thuộc, cán bộ lãnh đạo bị kỷ luật trong kỳ",
        REQUIREMENT,
        Applies.COLLECTIVES,
        RatingLevel.EXCELLENT,
    ),
    (
        "cham_toi_da_20",
        "Các nhiệm vụ đều hoàn thành, không quá 20% chậm tiến độ",
        REQUIREMENT,
        Applies.COLLECTIVES,
        RatingLevel.DONE,
    ),
    ("bi_ky_luat", "Bị kỷ luật trong kỳ đánh giá", VETO, Applies.MEMBERS, ""),
    (
        "suy_thoai",
        "Có biểu hiện suy thoái về tư tưởng chính trị, đạo đức, lối sống, "
        "“tự diễn biến”, “tự chuyển hóa”",
        VETO,
        Applies.MEMBERS,
        "",
    ),
    (
        "tap_the_bi_ky_luat",
        "Tổ chức đảng bị kỷ luật trong kỳ đánh giá",
        VETO,
        Applies.COLLECTIVES,
        "",
    ),
]

# The default criteria: (group, item, maximum points), adding up to 100.
MEMBER_CRITERIA = [
    ("I. Phẩm chất chính trị, đạo đức, lối sống", "Tư tưởng chính trị", 10),
    (
        "I. Phẩm chất chính trị, đạo đức, lối sống",
        "Phẩm chất đạo đức, lối sống; tác phong, lề lối làm việc",
        10,
    ),
    (
        "I. Phẩm chất chính trị, đạo đức, lối sống",
        "Ý thức tổ chức kỷ luật, tinh thần đoàn kết",
        10,
    ),
    (
        "II. Thực hiện chức trách, nhiệm vụ được giao",
        "Kết quả thực hiện nhiệm vụ chuyên môn, công tác được giao",
        35,
    ),
    (
        "II. Thực hiện chức trách, nhiệm vụ được giao",
        "Thực hiện nhiệm vụ đảng viên nơi cư trú, giữ mối liên hệ với nhân dân",
        15,
    ),
    (
        "III. Thực hiện nhiệm vụ đảng viên",
        "Sinh hoạt đảng, học tập nghị quyết, đóng đảng phí đúng quy định",
        20,
    ),
]
CELL_CRITERIA = [
    (
        "I. Lãnh đạo thực hiện nhiệm vụ chính trị",
        "Lãnh đạo phát triển kinh tế - xã hội, quốc phòng, an ninh ở thôn",
        40,
    ),
    (
        "II. Xây dựng tổ chức đảng",
        "Chất lượng sinh hoạt chi bộ (thường kỳ, chuyên đề), nền nếp tự phê bình và phê bình",
        20,
    ),
    (
        "II. Xây dựng tổ chức đảng",
        "Quản lý đảng viên, phát triển đảng viên, thu nộp đảng phí",
        15,
    ),
    ("III. Công tác kiểm tra, giám sát", "Kiểm tra, giám sát và thi hành kỷ luật đảng", 10),
    (
        "IV. Lãnh đạo đoàn thể",
        "Lãnh đạo Ban công tác Mặt trận và các đoàn thể ở thôn",
        15,
    ),
]
COMMITTEE_CRITERIA = [
    (
        "I. Lãnh đạo thực hiện nhiệm vụ chính trị",
        "Kết quả thực hiện các chỉ tiêu kinh tế - xã hội, quốc phòng, an ninh của xã",
        40,
    ),
    (
        "II. Xây dựng Đảng và hệ thống chính trị",
        "Công tác chính trị, tư tưởng; tổ chức, cán bộ; phát triển đảng viên",
        30,
    ),
    ("III. Công tác kiểm tra, giám sát", "Kiểm tra, giám sát và thi hành kỷ luật đảng", 15),
    ("IV. Lãnh đạo chính quyền, Mặt trận và đoàn thể", "Lãnh đạo chính quyền và đoàn thể", 15),
]
CRITERIA_SETS = [
    (Subject.MEMBER, "Tiêu chí đánh giá đảng viên (mặc định theo HD 43-HD/BTCTW)", MEMBER_CRITERIA),
    (Subject.CELL, "Tiêu chí đánh giá chi bộ (mặc định theo HD 43-HD/BTCTW)", CELL_CRITERIA),
    (
        Subject.COMMITTEE,
        "Tiêu chí đánh giá đảng ủy xã (mặc định theo HD 43-HD/BTCTW)",
        COMMITTEE_CRITERIA,
    ),
]


def load(apps):
    """Write the defaults with the models of a migration's state (`apps`);
    what exists already is left as it is."""
    band_model = apps.get_model("ratings", "LevelBand")
    for level, min_score in BANDS.items():
        band_model.objects.get_or_create(level=level, defaults={"min_score": min_score})
    condition_model = apps.get_model("ratings", "Condition")
    for order, (code, name, kind, applies_to, level) in enumerate(CONDITIONS):
        condition_model.objects.get_or_create(
            code=code,
            round=None,
            defaults={
                "name": name,
                "kind": kind,
                "applies_to": applies_to,
                "level": level,
                "order": order,
            },
        )
    set_model = apps.get_model("ratings", "CriteriaSet")
    criterion_model = apps.get_model("ratings", "Criterion")
    for subject, name, items in CRITERIA_SETS:
        criteria_set, created = set_model.objects.get_or_create(
            subject=subject, name=name, place=None
        )
        if created:
            criterion_model.objects.bulk_create(
                criterion_model(
                    criteria_set=criteria_set,
                    group=group,
                    name=item,
                    max_points=Decimal(points),
                    order=order,
                )
                for order, (group, item, points) in enumerate(items)
            )


def default_criteria(subject):
    """The guidance's criteria set for `subject`."""
    from .models import CriteriaSet

    names = {each_subject: name for each_subject, name, _items in CRITERIA_SETS}
    return CriteriaSet.objects.get(place=None, subject=subject, name=names[subject])
