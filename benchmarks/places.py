"""Minimal administrative units for benchmarks: one province, one district,
its communes and hamlets, each hamlet with a cell."""

from cells.constants import CellKind, PlaceKind, Role
from cells.models import Cell, PartyCommittee, Place


def district(*, communes=12, hamlets_per_commune=8, code="387", name="Quan Sơn"):
    """Create a district with numbered communes (codes 9xxxx) and hamlets
    ("Bản 1" …), each hamlet with a cell; returns the district."""
    province = Place.objects.create(name="Thanh Hóa", kind=PlaceKind.PROVINCE, code="38")
    top = Place.objects.create(name=name, kind=PlaceKind.RURAL_DISTRICT, code=code, parent=province)
    for commune_number in range(1, communes + 1):
        commune = Place.objects.create(
            name=f"Xã {commune_number}",
            kind=PlaceKind.COMMUNE,
            code=f"9{commune_number:04d}",
            parent=top,
        )
        committee = PartyCommittee.objects.create(
            name=f"Đảng bộ xã {commune_number}", place=commune
        )
        for hamlet_number in range(1, hamlets_per_commune + 1):
            hamlet = Place.objects.create(
                name=f"Bản {hamlet_number}", kind=PlaceKind.MOUNTAIN_VILLAGE, parent=commune
            )
            Cell.objects.create(
                name=f"Chi bộ bản {hamlet_number}",
                kind=CellKind.MOUNTAIN_VILLAGE,
                committee=committee,
                hamlet=hamlet,
            )
    return top


def staff_user(place, username="bench-staff"):
    """A district staff account for `place`."""
    from portal.accounts import provision_user

    user, _created = provision_user(username=username, place=place, role=Role.STAFF)
    return user
