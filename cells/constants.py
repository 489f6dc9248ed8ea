"""Choices shared by the cells models, imports and summaries."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The largest id a database column holds (a signed 64-bit integer): an id
# typed past it overflows the database driver instead of matching nothing.
LARGEST_ID = 2**63 - 1


class Level(models.IntegerChoices):
    PROVINCE = 1, _("Tỉnh")
    DISTRICT = 2, _("Huyện")
    COMMUNE = 3, _("Xã")
    HAMLET = 4, _("Thôn")


class PlaceKind(models.TextChoices):
    # province level
    PROVINCE = "tinh", _("Tỉnh")
    CENTRAL_CITY = "thanh_pho_tw", _("Thành phố trực thuộc TW")
    # district level (abolished on 1 July 2025)
    RURAL_DISTRICT = "huyen", _("Huyện")
    URBAN_DISTRICT = "quan", _("Quận")
    DISTRICT_TOWN = "thi_xa", _("Thị xã")
    PROVINCIAL_CITY = "thanh_pho", _("Thành phố")
    # commune level
    COMMUNE = "xa", _("Xã")
    WARD = "phuong", _("Phường")
    TOWNSHIP = "thi_tran", _("Thị trấn")
    SPECIAL_ZONE = "dac_khu", _("Đặc khu")
    # hamlet level: self-governing communities, entered by users
    VILLAGE = "thon", _("Thôn")
    MOUNTAIN_VILLAGE = "ban", _("Bản")
    HIGHLAND_VILLAGE = "lang", _("Làng")
    SOUTHERN_HAMLET = "ap", _("Ấp")
    HAMLET = "xom", _("Xóm")
    URBAN_QUARTER = "khu_pho", _("Khu phố")
    SUBDIVISION = "tieu_khu", _("Tiểu khu")
    RESIDENTIAL_GROUP = "to_dan_pho", _("Tổ dân phố")


KIND_LEVEL = {
    PlaceKind.PROVINCE: Level.PROVINCE,
    PlaceKind.CENTRAL_CITY: Level.PROVINCE,
    PlaceKind.RURAL_DISTRICT: Level.DISTRICT,
    PlaceKind.URBAN_DISTRICT: Level.DISTRICT,
    PlaceKind.DISTRICT_TOWN: Level.DISTRICT,
    PlaceKind.PROVINCIAL_CITY: Level.DISTRICT,
    PlaceKind.COMMUNE: Level.COMMUNE,
    PlaceKind.WARD: Level.COMMUNE,
    PlaceKind.TOWNSHIP: Level.COMMUNE,
    PlaceKind.SPECIAL_ZONE: Level.COMMUNE,
    PlaceKind.VILLAGE: Level.HAMLET,
    PlaceKind.MOUNTAIN_VILLAGE: Level.HAMLET,
    PlaceKind.HIGHLAND_VILLAGE: Level.HAMLET,
    PlaceKind.SOUTHERN_HAMLET: Level.HAMLET,
    PlaceKind.HAMLET: Level.HAMLET,
    PlaceKind.URBAN_QUARTER: Level.HAMLET,
    PlaceKind.SUBDIVISION: Level.HAMLET,
    PlaceKind.RESIDENTIAL_GROUP: Level.HAMLET,
}

# Which levels may sit directly above each level. Communes sit under a
# district before 1 July 2025 and directly under the province after it.
ALLOWED_PARENT_LEVELS = {
    Level.PROVINCE: set(),
    Level.DISTRICT: {Level.PROVINCE},
    Level.COMMUNE: {Level.DISTRICT, Level.PROVINCE},
    Level.HAMLET: {Level.COMMUNE},
}

# Official codes (GSO, mã đơn vị hành chính) have a fixed width per level, so
# a code alone says which level it names: 38 a province, 387 a district,
# 15001 a commune. Hamlets are not official units and carry no code.
CODE_WIDTH = {Level.PROVINCE: 2, Level.DISTRICT: 3, Level.COMMUNE: 5}


def level_of_code(code):
    """The level an official code names by its width, or None for anything
    that is not one (letters, a width no level has, a blank)."""
    code = str(code).strip()
    if not (code.isascii() and code.isdigit()):
        return None
    return next((level for level, width in CODE_WIDTH.items() if len(code) == width), None)


class Sex(models.TextChoices):
    MALE = "nam", _("Nam")
    FEMALE = "nu", _("Nữ")


class CellKind(models.TextChoices):
    VILLAGE = "thon", _("Chi bộ thôn")
    MOUNTAIN_VILLAGE = "ban", _("Chi bộ bản")
    URBAN_QUARTER = "khu_pho", _("Chi bộ khu phố")
    RESIDENTIAL_GROUP = "to_dan_pho", _("Chi bộ tổ dân phố")
    SCHOOL = "truong_hoc", _("Chi bộ trường học")
    CLINIC = "tram_y_te", _("Chi bộ trạm y tế")
    AGENCY = "co_quan", _("Chi bộ cơ quan")
    MILITIA = "quan_su", _("Chi bộ quân sự")
    POLICE = "cong_an", _("Chi bộ công an")
    OTHER = "khac", _("Chi bộ khác")


# Cell kinds that belong to one hamlet (the others sit in an institution).
HAMLET_CELL_KINDS = {
    CellKind.VILLAGE,
    CellKind.MOUNTAIN_VILLAGE,
    CellKind.URBAN_QUARTER,
    CellKind.RESIDENTIAL_GROUP,
}


class PostScope(models.TextChoices):
    CELL = "cell", _("Chi bộ")
    HAMLET = "hamlet", _("Thôn, tổ dân phố")


class PostTypeCode(models.TextChoices):
    """Codes of the post types every installation starts with (data migration)."""

    CELL_SECRETARY = "bi_thu", _("Bí thư chi bộ")
    HAMLET_CHIEF = "truong_thon", _("Trưởng thôn, bản, khu phố; tổ trưởng tổ dân phố")
    FRONT_HEAD = "truong_ban_mt", _("Trưởng ban công tác Mặt trận")
    MILITIA_LEADER = "thon_doi_truong", _("Thôn đội trưởng")
    SECURITY_HEAD = "to_truong_antt", _("Tổ trưởng tổ bảo vệ an ninh, trật tự")
    DEPUTY_SECRETARY = "pho_bi_thu", _("Phó bí thư chi bộ")
    CELL_COMMITTEE = "chi_uy_vien", _("Chi ủy viên")
    FARMERS_HEAD = "chi_hoi_nong_dan", _("Chi hội trưởng Hội Nông dân")
    WOMEN_HEAD = "chi_hoi_phu_nu", _("Chi hội trưởng Hội Phụ nữ")
    YOUTH_SECRETARY = "bi_thu_chi_doan", _("Bí thư chi đoàn")
    VETERANS_HEAD = "chi_hoi_ccb", _("Chi hội trưởng Hội Cựu chiến binh")


class EndReason(models.TextChoices):
    TERM_ENDED = "het_nhiem_ky", _("Hết nhiệm kỳ")
    MOVED = "chuyen_cong_tac", _("Chuyển công tác")
    RESIGNED = "xin_nghi", _("Xin thôi")
    MERGED = "sap_nhap", _("Sáp nhập đơn vị")
    DIED = "tu_tran", _("Từ trần")
    DISMISSED = "mien_nhiem", _("Miễn nhiệm")


# Probation (dự bị) lasts twelve months from the admission decision (Party
# Charter, art. 5); recognition as a full member is due on its anniversary.
PROBATION_MONTHS = 12


class MembershipEndReason(models.TextChoices):
    TRANSFERRED = "chuyen_sinh_hoat", _("Chuyển sinh hoạt")
    DIED = "tu_tran", _("Từ trần")
    LEFT = "ra_khoi_dang", _("Ra khỏi Đảng")
    MERGED = "sap_nhap", _("Sáp nhập chi bộ")


class ReorganisationKind(models.TextChoices):
    MERGE = "sap_nhap", _("Sáp nhập")
    SPLIT = "chia_tach", _("Chia tách")
    DISSOLVE = "giai_the", _("Giải thể")
    RENAME = "doi_ten", _("Đổi tên")
    CHANGE_KIND = "chuyen_loai", _("Chuyển loại (thôn ↔ tổ dân phố)")
    MOVE = "dieu_chuyen", _("Chuyển đơn vị trực thuộc")
    # Communes merged and divided together by one decision, as in 2025
    # (a resolution of the National Assembly Standing Committee per province).
    REARRANGE = "sap_xep", _("Sắp xếp (sáp nhập, chia tách)")


class ReorganisationSubject(models.IntegerChoices):
    """What a reorganisation rearranges: communes, hamlets (with their cells)
    or party cells alone."""

    COMMUNE = Level.COMMUNE, _("Xã, phường")
    HAMLET = Level.HAMLET, _("Thôn, tổ dân phố")
    CELL = 9, _("Chi bộ")


class Role(models.TextChoices):
    STAFF = "staff", _("Cán bộ nhập liệu")
    OFFICER = "officer", _("Cán bộ theo dõi")
