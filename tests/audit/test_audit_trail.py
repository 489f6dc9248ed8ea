"""Every change to a domain record is on the record: who, when, from where,
old and new values; the trail is scoped and nobody edits it."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from cells.models import Person
from core.audit import acting_as, log_bulk_create, log_bulk_delete, log_bulk_update
from core.exports import record_download
from tests import factories


def entries_for(obj):
    return LogEntry.objects.get_for_object(obj).order_by("timestamp", "pk")


def test_a_change_in_the_admin_records_user_address_and_values(client, district_staff, hamlet_a):
    person = factories.PersonFactory(full_name="Lò Văn Bình", place=hamlet_a)
    client.force_login(district_staff)
    url = reverse("admin:cells_person_change", args=[person.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({"full_name": "Lò Văn Bính", "place": hamlet_a.pk, "sex": "nam", "_save": "1"})
    client.post(url, {**data, **_empty_inlines(client.get(url))}, REMOTE_ADDR="10.2.3.4")

    update = entries_for(person).filter(action=LogEntry.Action.UPDATE).get()
    assert update.actor == district_staff
    assert update.remote_addr == "10.2.3.4"
    assert update.changes["full_name"] == ["Lò Văn Bình", "Lò Văn Bính"]
    assert update.additional_data["scope"] == hamlet_a.path


def _empty_inlines(response):
    """Management-form data of the page's inlines, left empty."""
    data = {}
    for formset in response.context.get("inline_admin_formsets", []):
        prefix = formset.formset.prefix
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    return data


def test_creating_and_deleting_are_recorded(hamlet_a):
    person = factories.PersonFactory(place=hamlet_a)
    pk = person.pk
    person.delete()
    actions = list(
        LogEntry.objects.filter(object_id=pk, content_type__model="person").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == [LogEntry.Action.CREATE, LogEntry.Action.DELETE]


def test_bulk_writes_are_recorded_one_entry_per_row_naming_the_user(
    hamlet_a, district_staff, django_assert_max_num_queries
):
    people = [Person(full_name=f"Hà Thị Mai {n}", place=hamlet_a) for n in range(100)]
    for person in people:
        person.fill_derived_fields()
    Person.objects.bulk_create(people)
    with acting_as(district_staff, remote_addr="10.0.0.9"), django_assert_max_num_queries(3):
        log_bulk_create(people)
    entries = LogEntry.objects.filter(content_type__model="person", action=LogEntry.Action.CREATE)
    assert entries.count() == 100
    assert set(entries.values_list("actor", "remote_addr")) == {(district_staff.pk, "10.0.0.9")}
    assert entries.first().changes["full_name"][1].startswith("Hà Thị Mai")


def test_bulk_entries_carry_the_scope_of_each_record(hamlet_a, hamlet_b, district_staff):
    people = [
        Person(full_name=f"Vi Văn Khánh {n}", place=place)
        for n, place in enumerate([hamlet_a, hamlet_b, hamlet_a])
    ]
    for person in people:
        person.fill_derived_fields()
    Person.objects.bulk_create(people)
    with acting_as(district_staff):
        log_bulk_create(people)
    scopes = [entries_for(person).get().additional_data for person in people]
    assert scopes == [{"scope": hamlet_a.path}, {"scope": hamlet_b.path}, {"scope": hamlet_a.path}]


def test_bulk_updates_and_deletes_are_recorded_with_their_values_and_scope(
    hamlet_a, district_staff
):
    people = [factories.PersonFactory(place=hamlet_a) for _ in range(3)]
    with acting_as(district_staff, remote_addr="10.0.0.7"):
        log_bulk_update([(people[0], {"phone": ["", "0912345678"]}), (people[1], {})])
        log_bulk_delete(people[1:])
    update = entries_for(people[0]).get(action=LogEntry.Action.UPDATE)
    assert update.changes == {"phone": ["", "0912345678"]}
    assert (update.actor, update.remote_addr) == (district_staff, "10.0.0.7")
    assert update.additional_data == {"scope": hamlet_a.path}
    assert update.object_repr == people[0].full_name
    assert not entries_for(people[1]).filter(action=LogEntry.Action.UPDATE).exists()
    deleted = LogEntry.objects.filter(action=LogEntry.Action.DELETE, actor=district_staff)
    assert sorted(deleted.values_list("object_id", flat=True)) == [people[1].pk, people[2].pk]


def test_an_officer_sees_only_the_trail_of_their_commune(client, officer_a, hamlet_a, hamlet_b):
    factories.PersonFactory(full_name="Người xã A", place=hamlet_a)
    factories.PersonFactory(full_name="Người xã B", place=hamlet_b)
    client.force_login(officer_a)
    page = client.get(reverse("admin:auditlog_logentry_changelist")).content.decode()
    assert "Người xã A" in page
    assert "Người xã B" not in page


def test_an_officer_cannot_open_another_communes_entry(client, officer_a, hamlet_b):
    factories.PersonFactory(place=hamlet_b)
    entry = LogEntry.objects.filter(additional_data__scope__startswith=hamlet_b.path).first()
    client.force_login(officer_a)
    response = client.get(reverse("admin:auditlog_logentry_change", args=[entry.pk]))
    assert response.status_code in (302, 404)


@pytest.mark.parametrize("action", ["change", "delete"])
def test_nobody_can_edit_or_delete_the_trail(client, district_staff, hamlet_a, action):
    factories.PersonFactory(place=hamlet_a)
    entry = LogEntry.objects.first()
    client.force_login(district_staff)
    url = reverse(f"admin:auditlog_logentry_{action}", args=[entry.pk])
    client.post(url, {"post": "yes"})
    assert LogEntry.objects.filter(pk=entry.pk, object_repr=entry.object_repr).exists()


def test_exports_are_recorded_with_who_what_and_how_many(district_staff, district):
    with acting_as(district_staff):
        record_download(
            about=Person,
            what="Danh sách khen thưởng 1520-QĐ/HU",
            rows=93,
            scope=district.path,
        )
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
    assert (entry.actor, entry.additional_data["rows"]) == (district_staff, 93)


def test_times_are_stored_in_utc_and_shown_in_vietnam_time(client, district_staff, hamlet_a):
    factories.PersonFactory(full_name="Cầm Thị Hoa", place=hamlet_a)
    entry = LogEntry.objects.get(object_repr="Cầm Thị Hoa")
    entry.timestamp = datetime.datetime(2023, 7, 20, 17, 30, tzinfo=datetime.UTC)
    entry.save()
    client.force_login(district_staff)
    page = client.get(reverse("admin:auditlog_logentry_changelist")).content.decode()
    assert "21/07/2023 00:30" in page


def test_acting_as_forgets_the_actor_afterwards(hamlet_a, district_staff):
    with acting_as(district_staff):
        factories.PersonFactory(full_name="Trong khối", place=hamlet_a)
    factories.PersonFactory(full_name="Sau khối", place=hamlet_a)
    inside = LogEntry.objects.get(object_repr="Trong khối")
    after = LogEntry.objects.get(object_repr="Sau khối")
    assert (inside.actor, after.actor) == (district_staff, None)


def test_a_request_leaves_no_actor_behind_for_later_bulk_writes(client, district_staff, hamlet_a):
    client.force_login(district_staff)
    client.get(reverse("admin:index"))
    later = Person(full_name="Việc chạy nền", place=hamlet_a)
    later.fill_derived_fields()
    Person.objects.bulk_create([later])
    log_bulk_create([later])
    assert LogEntry.objects.get(object_repr="Việc chạy nền").actor is None
