"""The audit trail: every create, update and delete of a domain record, with
who, when (stored in UTC, shown in Vietnam time), from which address, and the
old and new values.

django-auditlog records single saves and deletes through model signals (the
admin, forms, the API). Bulk writes (imports, demo and generated data,
background jobs) bypass signals, so they call `log_bulk_create`,
`log_bulk_update` or `log_bulk_delete`, which write the same kind of entries
in one INSERT.
Exports and downloads of personal data are recorded by `log_event`, through
`core.exports.record_download`.

Every entry carries the materialised path of the place its record hangs
under, in `additional_data["scope"]`, computed when the entry is written, so
the history of a record stays visible to the right people even after the
record is deleted, and the trail is scoped by the same rule as the records
(`entries_in_scope`).
"""

import contextlib
import functools
import ipaddress
import json

from auditlog.context import auditlog_value, set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.utils import timezone
from django.utils.encoding import smart_str

from cells.querysets import ScopedQuerySet

# Columns computed from others: logging them would only repeat the change.
DERIVED_FIELDS = ("search_name", "sort_key", "path", "exclusive")
# Scope of shared reference data (terms, post types): only superusers see it.
SHARED_SCOPE = "/"


def register_app_models(app_config, exclude_fields=()):
    """Put every model of an app on the audit trail (call from AppConfig.ready),
    but those that say `audit_trail = False` (working state, not records)."""
    for model in app_config.get_models():
        if getattr(model, "audit_trail", True):
            auditlog.register(model, exclude_fields=[*DERIVED_FIELDS, *exclude_fields])


def scope_of(instance):
    """The path of the place `instance` hangs under, following the lookup its
    QuerySet declares as `scope_path` (see cells.querysets.ScopedQuerySet)."""
    lookup = getattr(type(instance).objects._queryset_class, "scope_path", None)
    if lookup is None:
        return SHARED_SCOPE
    value = instance
    for attribute in lookup.split("__"):
        value = getattr(value, attribute, None)
        if value is None:
            return SHARED_SCOPE
    return value


class AuditScoped:
    """Mixin for domain models: django-auditlog stores what this returns."""

    def get_additional_data(self):
        return {"scope": scope_of(self)}


class AuditEntryQuerySet(ScopedQuerySet):
    """Audit entries hang under the path they carry, which outlives the record
    and even its place (a hamlet merged away), so it is matched as a path."""

    scope_path = "additional_data__scope"


def entries_in_scope(user):
    """Audit entries a user may read, by the read rule (`in_scope`): those of
    records under their place; shared reference data ("/") is the superuser's."""
    entries = AuditEntryQuerySet(LogEntry).select_related("content_type", "actor")
    return entries.in_scope(user)


def client_address(request):
    """The address of the client that sent `request`, as a valid IP address
    in canonical form, or None when it is not known. The audit trail and the
    sign-in lockout (AXES_CLIENT_IP_CALLABLE) both read it from here.

    Each of the PORTAL_TRUSTED_PROXY_COUNT proxies in front of the portal
    appends the address it received the request from to X-Forwarded-For, so
    the client is that many hops left of the connection's peer; whatever
    stands further left is what the client sent and is never read. With no
    trusted proxy the header is ignored altogether. A hop that is no IP
    address ("unknown", a forged value) gives None: it must not reach the
    database's inet column, nor count as an address of its own."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    hops.append(request.META.get("REMOTE_ADDR", ""))
    trusted = settings.PORTAL_TRUSTED_PROXY_COUNT
    # Fewer hops than proxies: the request skipped the outer ones, and the
    # leftmost hop is the farthest one a trusted hop wrote.
    return _ip_address(hops[max(len(hops) - 1 - trusted, 0)])


def _ip_address(text):
    """`text` as a canonical IP address, or None. Some proxies write a port
    ("192.0.2.1:443", "[2001:db8::1]:443"); a zone ("fe80::1%eth0") means
    nothing outside the host and PostgreSQL's inet refuses it."""
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text.partition("%")[0])
    except ValueError:
        return None
    return str(getattr(address, "ipv4_mapped", None) or address)


@contextlib.contextmanager
def acting_as(user, remote_addr=None):
    """Name `user` (and their address) on every audit entry written inside.

    Use this, not auditlog's `set_actor`, in commands, tasks and API views:
    `set_actor` leaves its context variable set when it ends, so the next job
    run by the same worker thread would be logged under this user.
    """
    token = auditlog_value.set({})
    try:
        with set_actor(user, remote_addr=remote_addr):
            yield
    finally:
        auditlog_value.reset(token)


def _context():
    """Who is acting and from where, as set by auditlog's middleware or by
    `auditlog.context.set_actor` in commands and tasks."""
    try:
        context = auditlog_value.get()
    except LookupError:
        return {}
    actor = context.get("actor")
    return {
        "actor": actor if getattr(actor, "pk", None) else None,
        "actor_email": getattr(actor, "email", None) or None,
        "remote_addr": context.get("remote_addr"),
    }


# The columns bulk entries fill: first those that differ from entry to entry
# (`_entry`), then those every entry of one bulk call shares (`_shared`).
_ENTRY_FIELDS = ("object_pk", "object_id", "object_repr", "changes", "additional_data")
_SHARED_FIELDS = (
    "content_type", "action", "changes_text", "actor", "actor_email", "remote_addr", "timestamp",
)  # fmt: skip
_JSON_FIELDS = {"changes", "additional_data"}
# json.dumps builds a new JSONEncoder on every call that passes an option;
# bulk entries encode two documents each, tens of thousands per import.
_JSON = json.JSONEncoder(ensure_ascii=False)


def _entry(instance, changes):
    pk = instance.pk
    return (
        str(pk),
        pk if isinstance(pk, int) else None,
        str(instance),
        _JSON.encode(changes),
        _additional_data_json(instance.get_additional_data()),
    )


def _additional_data_json(data):
    """Domain records carry only their scope, and the thousands of rows of one
    import share a few hundred (one per hamlet): each is encoded once."""
    if data.keys() == {"scope"}:
        return _scope_json(data["scope"])
    return _JSON.encode(data)


@functools.lru_cache(maxsize=4096)
def _scope_json(scope):
    return _JSON.encode({"scope": scope})


def _shared(connection, model, action):
    """Values of the columns every entry of one bulk call has in common."""
    context = _context()
    actor = context.get("actor")
    return (
        ContentType.objects.get_for_model(model).pk,
        action,
        "",
        actor.pk if actor else None,
        context.get("actor_email"),
        context.get("remote_addr"),
        connection.ops.adapt_datetimefield_value(timezone.now()),
    )


def _write_entries(model, action, changes):
    """INSERT one entry per (instance, {field: [old, new]}) of `changes`, all
    of `model`, with one executemany.

    Hand-written rather than LogEntry.objects.bulk_create: building a model
    instance and letting the ORM prepare fifteen values per entry cost more
    than the import it records (BENCH import_people). Same table, same values.
    """
    connection = connections[router.db_for_write(LogEntry)]
    fields = [LogEntry._meta.get_field(name) for name in (*_ENTRY_FIELDS, *_SHARED_FIELDS)]
    json_cast = "::jsonb" if connection.vendor == "postgresql" else ""
    placeholders = ", ".join(
        f"%s{json_cast}" if field.name in _JSON_FIELDS else "%s" for field in fields
    )
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(LogEntry._meta.db_table)
    shared = _shared(connection, model, action)
    # A list, not a generator: building an entry may query (a relation that
    # str() or the scope reads and nobody cached), which psycopg cannot do in
    # the middle of an executemany (it hangs).
    rows = [_entry(instance, changed) + shared for instance, changed in changes]
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)


def _audited_fields(model):
    """Concrete columns the trail records (reverse relations would cost a query
    per row; derived and excluded columns would only repeat a change)."""
    excluded = set(auditlog.get_model_fields(model)["exclude_fields"]) | set(DERIVED_FIELDS)
    return [field for field in model._meta.concrete_fields if field.name not in excluded]


_JSON_SCALARS = (bool, int, float, str)  # a tuple: `bool | int | …` is rebuilt on each call


def _json_value(value):
    """A column's value as auditlog stores it in JSON: numbers, text and
    booleans as they are; dates, decimals and the rest as text. (auditlog's
    own per-field diff does the same, at several times the cost per row,
    which an import of 10,000 rows feels.)"""
    if value is None or isinstance(value, _JSON_SCALARS):
        return value
    return smart_str(value)


def log_bulk_create(instances):
    """Audit entries for rows written with bulk_create (they must have pks)."""
    instances = list(instances)
    if not instances:
        return
    model = type(instances[0])
    columns = [(field.name, field.attname) for field in _audited_fields(model)]
    changes = (
        (
            instance,
            {
                name: [None, _json_value(value)]
                for name, attname in columns
                if (value := getattr(instance, attname)) is not None
            },
        )
        for instance in instances
    )
    _write_entries(model, LogEntry.Action.CREATE, changes)


def log_bulk_update(changes):
    """Audit entries for rows written with bulk_update: `changes` pairs each
    instance with its changed values, {field name: [old, new]}."""
    changes = [(instance, changed) for instance, changed in changes if changed]
    if not changes:
        return
    _write_entries(type(changes[0][0]), LogEntry.Action.UPDATE, changes)


def log_bulk_delete(instances):
    """Audit entries for rows about to be removed with QuerySet.delete()."""
    instances = list(instances)
    if not instances:
        return
    _write_entries(
        type(instances[0]), LogEntry.Action.DELETE, [(instance, {}) for instance in instances]
    )


def log_event(*, instance, action, description, scope, remote_addr=None, **details):
    """Record an event that is no save of a record: a sign-in lockout, a
    second-factor device enrolled or removed. `instance` is the record it is
    about (unsaved when there is none, e.g. an unknown username); `details`
    go next to the scope in `additional_data`. The actor and address come
    from the request (`client_address`), unless `remote_addr` is given."""
    context = _context()
    if remote_addr:
        context["remote_addr"] = remote_addr
    pk = instance.pk
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(instance),
        object_pk="" if pk is None else str(pk),
        object_id=pk if isinstance(pk, int) else None,
        object_repr=description,
        action=action,
        changes={name: [None, _json_value(value)] for name, value in details.items()},
        additional_data={"scope": scope, **details},
        **context,
    )
