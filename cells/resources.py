"""The list exports of the cells domain: places, cells, people, party
members and holdings (core/resources.py says how every list export is built)."""

from django.utils.translation import gettext_lazy

from core.resources import ListResource, column

from .models import Cell, Holding, PartyMember, Person, Place


class PlaceResource(ListResource):
    parent = column("parent", gettext_lazy("Trực thuộc"))

    class Meta:
        model = Place
        fields = ["kind", "name", "code", "parent", "valid_from", "valid_to"]
        export_order = fields


class CellResource(ListResource):
    committee = column("committee", gettext_lazy("Đảng ủy"))
    hamlet = column("hamlet", gettext_lazy("Thôn, bản, tổ dân phố"))
    commune = column("committee__place", gettext_lazy("Xã, phường, thị trấn"))

    class Meta:
        model = Cell
        fields = ["name", "kind", "committee", "hamlet", "commune", "founded_on", "dissolved_on"]
        export_order = fields


class PersonResource(ListResource):
    hamlet = column("place", gettext_lazy("Thôn, bản, tổ dân phố"))
    commune = column("place__parent", gettext_lazy("Xã, phường, thị trấn"))

    class Meta:
        model = Person
        fields = ["full_name", "sex", "birth_date", "citizen_id", "phone", "hamlet", "commune"]
        export_order = fields


class PartyMemberResource(ListResource):
    full_name = column("person__full_name", gettext_lazy("Họ và tên"))
    birth_date = column("person__birth_date", gettext_lazy("Ngày sinh"))
    hamlet = column("person__place", gettext_lazy("Thôn, bản, tổ dân phố"))

    class Meta:
        model = PartyMember
        fields = [
            "full_name",
            "birth_date",
            "card_number",
            "admitted_on",
            "full_member_on",
            "left_on",
            "left_reason",
            "hamlet",
        ]
        export_order = fields


class HoldingResource(ListResource):
    full_name = column("person__full_name", gettext_lazy("Họ và tên"))
    post_type = column("post__post_type", gettext_lazy("Chức danh"))
    place = column("post__place", gettext_lazy("Đơn vị"))
    cell = column("post__cell", gettext_lazy("Chi bộ"))
    term_name = column("term", gettext_lazy("Nhiệm kỳ"))

    class Meta:
        model = Holding
        fields = [
            "full_name",
            "post_type",
            "place",
            "cell",
            "term_name",
            "start_date",
            "end_date",
            "end_reason",
            "decision_number",
            "decision_date",
        ]
        export_order = fields
