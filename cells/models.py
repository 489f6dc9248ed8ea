"""Places, party cells, people, party members, posts and who holds them;
uploads waiting for their import to be confirmed."""

import datetime
import functools
import operator
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import AuditScoped
from core.periods import months_after
from core.vietnamese import clean_text, fold, name_sort_key, text_sort_key

from . import querysets
from .constants import (
    ALLOWED_PARENT_LEVELS,
    CODE_WIDTH,
    HAMLET_CELL_KINDS,
    KIND_LEVEL,
    PROBATION_MONTHS,
    CellKind,
    EndReason,
    Level,
    MembershipEndReason,
    PlaceKind,
    PostScope,
    ReorganisationKind,
    ReorganisationSubject,
    Sex,
    level_of_code,
)

# A blank, or the digits of an official code as wide as the level's (hamlets
# have none): the database holds the rule `Place._check_code` explains.
CODE_FITS_LEVEL = functools.reduce(
    operator.or_,
    (Q(level=level, code__regex=f"^[0-9]{{{width}}}$") for level, width in CODE_WIDTH.items()),
    Q(code=""),
)


def paths_down_to(path):
    """The paths from the province down to the place at `path`, itself last."""
    parts = path.strip("/").split("/")
    return [
        "/" + "".join(f"{part}/" for part in parts[:depth]) for depth in range(1, len(parts) + 1)
    ]


def check_dates(start, end, start_field, end_field, message):
    """Raise on a record that ends before it starts (the database checks too)."""
    if start and end and end < start:
        raise ValidationError({end_field: message})


class Place(AuditScoped, models.Model):
    """An administrative unit: province, district, commune or hamlet.

    Units are merged, split and renamed; a unit keeps its row with validity
    dates and links to its successors (`successors`, through `Succession`,
    many-to-many so a split is recorded) so history stays queryable under the
    old name.
    `path` lists the ids from the province down ("/1/25/300/"), so "everything
    under this place" is a single indexed prefix match.
    """

    name = models.CharField(_("tên"), max_length=120)
    kind = models.CharField(_("loại"), max_length=20, choices=PlaceKind.choices)
    level = models.PositiveSmallIntegerField(_("cấp"), choices=Level.choices, editable=False)
    code = models.CharField(_("mã đơn vị"), max_length=10, blank=True, db_index=True)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("trực thuộc"),
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        through="Succession",
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        verbose_name=_("đơn vị kế thừa"),
    )
    path = models.CharField(max_length=80, editable=False, db_index=True)
    # The paths of the places whose records are this one's past
    # (cells.lineage): {"prefix": [...], "exact": [...]}; empty for a place
    # never reorganised.
    lineage = models.JSONField(default=dict, blank=True, editable=False)
    search_name = models.CharField(max_length=160, editable=False, db_index=True)
    sort_key = models.CharField(max_length=255, editable=False)

    objects = querysets.PlaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["level", "sort_key"]
        constraints = [
            # Codes are reused after mergers, so only one unit in force holds a code.
            models.UniqueConstraint(
                fields=["level", "code"],
                condition=~Q(code="") & Q(valid_to__isnull=True),
                name="place_code_unique_while_in_force",
                violation_error_message=_("Đã có đơn vị đang hiệu lực mang mã này."),
            ),
            models.CheckConstraint(
                condition=CODE_FITS_LEVEL,
                name="place_code_fits_level",
                violation_error_message=_("Mã đơn vị không đúng với cấp của đơn vị."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="place_valid_to_after_valid_from",
                violation_error_message=_("Ngày hết hiệu lực không được trước ngày có hiệu lực."),
            ),
        ]

    def __str__(self):
        # "Thành phố Hà Nội", not "Thành phố trực thuộc TW Hà Nội": the long
        # label tells the kinds apart in choices, the name needs only the short.
        # PlaceKind(...).label, not get_kind_display(), which rebuilds a dict of
        # every choice on each call: bulk imports name thousands of places.
        kind = _("Thành phố") if self.kind == PlaceKind.CENTRAL_CITY else PlaceKind(self.kind).label
        return f"{kind} {self.name}"

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        super().save(*args, **kwargs)
        expected = f"{self.parent.path if self.parent else '/'}{self.pk}/"
        if self.path != expected:
            self._move_subtree(expected)

    @property
    def full_name(self):
        return str(self)

    def clean(self):
        self.name = clean_text(self.name)
        self.level = KIND_LEVEL[self.kind]
        self._check_code()
        allowed = ALLOWED_PARENT_LEVELS[self.level]
        if self.parent is None and allowed:
            raise ValidationError(
                {"parent": _("Đơn vị cấp này phải trực thuộc một đơn vị cấp trên.")}
            )
        if self.parent is not None and self.parent.level not in allowed:
            raise ValidationError({"parent": _("Đơn vị cấp trên không đúng cấp.")})
        if self.parent is not None and self.pk and self.parent.path.startswith(self.path):
            raise ValidationError({"parent": _("Một đơn vị không thể trực thuộc chính nó.")})
        check_dates(
            self.valid_from,
            self.valid_to,
            "valid_from",
            "valid_to",
            _("Ngày hết hiệu lực không được trước ngày có hiệu lực."),
        )

    def _check_code(self):
        """An official code is as wide as its level's (province 2 digits,
        district 3, commune 5) and a hamlet has none, so a unit can never
        answer to the code of a unit of another level: lookups by code tell
        the level from the width (`PlaceQuerySet.official_unit`)."""
        self.code = (self.code or "").strip()
        if not self.code:
            return
        if self.level not in CODE_WIDTH:
            raise ValidationError(
                {
                    "code": _(
                        "Thôn, bản, tổ dân phố không có mã đơn vị chính thức: để trống mã đơn vị."
                    )
                }
            )
        if level_of_code(self.code) != self.level:
            raise ValidationError(
                {
                    "code": _(
                        "Mã đơn vị cấp %(level)s gồm đúng %(width)s chữ số, không phải “%(code)s”."
                    )
                    % {
                        "level": Level(self.level).label.lower(),
                        "width": CODE_WIDTH[self.level],
                        "code": self.code,
                    }
                }
            )

    def fill_derived_fields(self):
        """Set the fields computed from what users type (also used by bulk imports)."""
        self.name = clean_text(self.name)
        self.level = KIND_LEVEL[self.kind]
        self.search_name = fold(self.name)
        self.sort_key = text_sort_key(self.name)

    def _move_subtree(self, new_path):
        old_path, self.path = self.path, new_path
        Place.objects.filter(pk=self.pk).update(path=new_path)
        if old_path:
            # Re-rooting a unit (a parent typed wrong, corrected) re-roots
            # everything under it, and the cells hanging there, in one
            # statement each. A real move is a reorganisation, which keeps
            # the old row where it stood.
            rerooted = models.functions.Concat(
                models.Value(new_path), models.functions.Substr("path", len(old_path) + 1)
            )
            Place.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                path=rerooted
            )
            Cell.objects.filter(path__startswith=old_path).update(path=rerooted)

    def cell_name(self):
        """The usual name of a hamlet's party cell: "Chi bộ bản Na Hồ",
        "Chi bộ tổ dân phố số 3" (the kind in lower case, as written)."""
        kind, name = PlaceKind(self.kind).label, self.name
        if fold(name).startswith(fold(kind) + " "):  # typed with its kind: "Tổ dân phố 3"
            name = name[len(kind) + 1 :]
        return f"Chi bộ {kind[0].lower()}{kind[1:]} {name}"

    def is_valid_on(self, date):
        return (self.valid_from is None or self.valid_from <= date) and (
            self.valid_to is None or self.valid_to >= date
        )

    def ancestor_paths(self):
        """The paths of the places above this one, the province's first."""
        return paths_down_to(self.path)[:-1]

    def is_within(self, other):
        return self.path.startswith(other.path)


class PartyCommittee(AuditScoped, models.Model):
    """A party committee (đảng bộ) of a commune, district or province."""

    name = models.CharField(_("tên"), max_length=160)
    place = models.ForeignKey(
        Place, models.PROTECT, related_name="committees", verbose_name=_("đơn vị")
    )
    founded_on = models.DateField(_("ngày thành lập"), null=True, blank=True)
    dissolved_on = models.DateField(_("ngày giải thể"), null=True, blank=True)

    objects = querysets.CommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("đảng bộ")
        verbose_name_plural = _("đảng bộ")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Cells of no hamlet hang on the committee's place (Cell.path).
        cells = self.cells.filter(hamlet__isnull=True).exclude(path=self.place.path)
        cells.update(path=self.place.path)


class Cell(AuditScoped, models.Model):
    """A party cell (chi bộ). Hamlet cells belong to one hamlet; cells of
    schools, clinics and agencies belong to none."""

    name = models.CharField(_("tên chi bộ"), max_length=160)
    kind = models.CharField(_("loại chi bộ"), max_length=20, choices=CellKind.choices)
    committee = models.ForeignKey(
        PartyCommittee, models.PROTECT, related_name="cells", verbose_name=_("đảng bộ")
    )
    hamlet = models.ForeignKey(
        Place,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="cells",
        limit_choices_to={"level": Level.HAMLET},
        verbose_name=_("thôn, tổ dân phố"),
    )
    founded_on = models.DateField(_("ngày thành lập"), null=True, blank=True)
    dissolved_on = models.DateField(_("ngày giải thể"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        through="CellSuccession",
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        verbose_name=_("chi bộ kế thừa"),
    )
    # The path of the place the cell hangs on (its hamlet, or the committee's
    # place for a cell of no hamlet), so a cell and everything recorded in
    # it are found under a place by one indexed prefix, down to the hamlet.
    path = models.CharField(max_length=80, editable=False, db_index=True)
    search_name = models.CharField(max_length=160, editable=False, db_index=True)
    sort_key = models.CharField(max_length=255, editable=False)

    objects = querysets.CellQuerySet.as_manager()

    class Meta:
        verbose_name = _("chi bộ")
        verbose_name_plural = _("chi bộ")
        ordering = ["sort_key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True)
                | Q(founded_on__isnull=True)
                | Q(dissolved_on__gte=F("founded_on")),
                name="cell_dissolved_after_founded",
                violation_error_message=_("Ngày giải thể không được trước ngày thành lập."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        super().save(*args, **kwargs)

    def clean(self):
        if self.kind in HAMLET_CELL_KINDS and self.hamlet_id is None:
            raise ValidationError({"hamlet": _("Chi bộ thôn, bản, khu phố phải gắn với một thôn.")})
        if self.hamlet_id and self.committee_id and not self.hamlet.is_within(self.committee.place):
            raise ValidationError({"hamlet": _("Thôn không thuộc đơn vị của đảng bộ này.")})
        check_dates(
            self.founded_on,
            self.dissolved_on,
            "founded_on",
            "dissolved_on",
            _("Ngày giải thể không được trước ngày thành lập."),
        )

    def fill_derived_fields(self):
        self.name = clean_text(self.name)
        self.search_name = fold(self.name)
        self.sort_key = text_sort_key(self.name)
        # A hamlet written in the same bulk has no path yet: the writer then
        # calls Cell.objects.fill_missing_paths() once the hamlets have theirs.
        hamlet = self.hamlet
        self.path = hamlet.path if hamlet is not None else self.committee.place.path

    @property
    def unit(self):
        """The place the cell hangs on: its hamlet, or its committee's place."""
        return self.hamlet if self.hamlet_id else self.committee.place

    def existed_on(self, date):
        return (self.founded_on is None or self.founded_on <= date) and (
            self.dissolved_on is None or self.dissolved_on >= date
        )


class Reorganisation(AuditScoped, models.Model):
    """A dated reorganisation (sắp xếp) of hamlets, communes or party cells,
    with the document that decided it. Its predecessor → successor links are
    the `Succession` and `CellSuccession` rows that name it; applying and
    undoing it is `cells.reorganisations`. `journal` keeps what applying it changed
    (rows created, rows moved and their former values), so undo restores
    exactly that and nothing else."""

    kind = models.CharField(_("hình thức"), max_length=20, choices=ReorganisationKind.choices)
    subject = models.PositiveSmallIntegerField(
        _("đối tượng"), choices=ReorganisationSubject.choices
    )
    effective_on = models.DateField(_("ngày có hiệu lực"))
    decision_number = models.CharField(_("số văn bản"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    decided_by = models.CharField(
        _("cơ quan quyết định"),
        max_length=200,
        blank=True,
        help_text=_("Ví dụ: Hội đồng nhân dân xã …; Ủy ban Thường vụ Quốc hội."),
    )
    place = models.ForeignKey(
        Place,
        models.PROTECT,
        related_name="reorganisations",
        verbose_name=_("phạm vi"),
        help_text=_("Đơn vị thấp nhất chứa mọi đơn vị được sắp xếp."),
    )
    applied_at = models.DateTimeField(_("áp dụng lúc"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người áp dụng"),
    )
    undone_at = models.DateTimeField(_("hoàn tác lúc"), null=True, blank=True)
    journal = models.JSONField(default=dict, editable=False)

    objects = querysets.ReorganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("sắp xếp đơn vị")
        verbose_name_plural = _("sắp xếp đơn vị")
        ordering = ["-effective_on", "-pk"]

    def __str__(self):
        return _("%(kind)s %(subject)s từ %(date)s") % {
            "kind": self.get_kind_display(),
            "subject": self.get_subject_display().lower(),
            "date": self.effective_on.strftime("%d/%m/%Y"),
        }

    @property
    def last_day_before(self):
        """The day the predecessors close: the day before it takes effect."""
        return self.effective_on - datetime.timedelta(days=1)


class Succession(AuditScoped, models.Model):
    """Place `predecessor` went (wholly or in part) into `successor`.

    A predecessor divided among several successors (a commune of 2025 whose
    hamlets went to two new communes) has one link `takes_seat`: the
    successor that took what hung on the predecessor itself (its own cells,
    cadres, posts), so its history is counted there (cells.lineage)."""

    predecessor = models.ForeignKey(Place, models.CASCADE, related_name="successions_from")
    successor = models.ForeignKey(Place, models.CASCADE, related_name="successions_to")
    reorganisation = models.ForeignKey(
        Reorganisation, models.CASCADE, null=True, blank=True, related_name="successions"
    )
    takes_seat = models.BooleanField(_("nhận trụ sở"), default=True)

    objects = querysets.SuccessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế thừa đơn vị")
        verbose_name_plural = _("kế thừa đơn vị")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="succession_unique_pair"
            ),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor}"


class CellSuccession(AuditScoped, models.Model):
    """Cell `predecessor` went (wholly or in part) into `successor`."""

    predecessor = models.ForeignKey("Cell", models.CASCADE, related_name="successions_from")
    successor = models.ForeignKey("Cell", models.CASCADE, related_name="successions_to")
    reorganisation = models.ForeignKey(
        Reorganisation, models.CASCADE, null=True, blank=True, related_name="cell_successions"
    )

    objects = querysets.CellSuccessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế thừa chi bộ")
        verbose_name_plural = _("kế thừa chi bộ")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="cell_succession_unique_pair"
            ),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor}"


class Person(AuditScoped, models.Model):
    """Anyone the portal keeps a record of: members, post holders, cadres.

    `place` is where the person is registered (a hamlet, or a commune or
    district for cadres); it decides who may see the record.
    """

    full_name = models.CharField(_("họ và tên"), max_length=120)
    sex = models.CharField(_("giới tính"), max_length=3, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    citizen_id = models.CharField(_("số CCCD"), max_length=12, null=True, blank=True, unique=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    place = models.ForeignKey(
        Place, models.PROTECT, related_name="people", verbose_name=_("nơi cư trú")
    )
    search_name = models.CharField(max_length=120, editable=False, db_index=True)
    sort_key = models.CharField(max_length=255, editable=False, db_index=True)

    objects = querysets.PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("cá nhân")
        verbose_name_plural = _("cá nhân")
        ordering = ["sort_key", "id"]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        super().save(*args, **kwargs)

    def fill_derived_fields(self):
        self.full_name = clean_text(self.full_name)
        self.citizen_id = clean_text(self.citizen_id) or None
        self.search_name = fold(self.full_name)
        self.sort_key = name_sort_key(self.full_name)

    def clean(self):
        self.fill_derived_fields()
        if self.citizen_id and not (self.citizen_id.isdigit() and len(self.citizen_id) == 12):
            raise ValidationError({"citizen_id": _("Số CCCD gồm đúng 12 chữ số.")})


class PartyMember(AuditScoped, models.Model):
    """A person's party membership (đảng viên)."""

    person = models.OneToOneField(
        Person, models.CASCADE, related_name="party_member", verbose_name=_("cá nhân")
    )
    card_number = models.CharField(
        _("số thẻ đảng viên"), max_length=20, null=True, blank=True, unique=True
    )
    admitted_on = models.DateField(_("ngày vào Đảng"))
    full_member_on = models.DateField(_("ngày chính thức"), null=True, blank=True)
    left_on = models.DateField(_("ngày ra khỏi Đảng"), null=True, blank=True)
    left_reason = models.CharField(
        _("lý do"), max_length=20, choices=MembershipEndReason.choices, blank=True
    )
    # Members exempted for age or illness stay in their cell, listed and
    # marked in its meetings' counts and its yearly review.
    exempt_from = models.DateField(
        _("miễn công tác và sinh hoạt đảng từ ngày"), null=True, blank=True
    )
    # The decision recognising the member as a full member; `full_member_on`
    # stays the date of full membership (the end of probation, usually
    # before the decision is signed).
    recognition_number = models.CharField(
        _("số quyết định công nhận chính thức"), max_length=50, blank=True
    )
    recognition_date = models.DateField(
        _("ngày quyết định công nhận chính thức"), null=True, blank=True
    )
    recognition_body = models.CharField(
        _("cơ quan quyết định công nhận chính thức"), max_length=200, blank=True
    )
    # Party badges (awards.badges): a member gravely ill may be presented
    # theirs early; a member who died, posthumously once a request is made.
    seriously_ill_since = models.DateField(_("mắc bệnh hiểm nghèo từ ngày"), null=True, blank=True)
    posthumous_badge_requested_on = models.DateField(
        _("ngày đề nghị truy tặng Huy hiệu Đảng"), null=True, blank=True
    )

    objects = querysets.PartyMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("đảng viên")
        verbose_name_plural = _("đảng viên")
        ordering = ["person__sort_key"]
        # Admissions in a period are a headline figure of every summary.
        indexes = [models.Index(fields=["admitted_on"], name="member_admitted_on")]
        constraints = [
            models.CheckConstraint(
                condition=Q(full_member_on__isnull=True) | Q(full_member_on__gte=F("admitted_on")),
                name="member_full_after_admitted",
                violation_error_message=_("Ngày chính thức không được trước ngày vào Đảng."),
            ),
        ]

    def __str__(self):
        return str(self.person)

    def clean(self):
        self.card_number = clean_text(self.card_number) or None
        check_dates(
            self.admitted_on,
            self.full_member_on,
            "admitted_on",
            "full_member_on",
            _("Ngày chính thức không được trước ngày vào Đảng."),
        )
        self._check_recognition()
        self._check_posthumous_request()

    @property
    def probation_ends(self):
        """The day probation is complete and recognition is due: the
        anniversary of admission, PROBATION_MONTHS later (admitted on 29
        February, 1 March of the next year, as core.periods.months_after
        and party age count it)."""
        return months_after(self.admitted_on, PROBATION_MONTHS)

    def _check_recognition(self):
        """A recorded recognition decision needs the date of full
        membership, and neither may come before probation is complete.
        Dates entered without a decision (records kept before the portal,
        admissions under earlier rules) are not held to it."""
        decided = self.recognition_number or self.recognition_date or self.recognition_body
        if not decided or self.admitted_on is None:
            return
        errors = {}
        if self.full_member_on is None:
            errors["full_member_on"] = _(
                "Ghi quyết định công nhận chính thức thì phải có ngày chính thức."
            )
        ends = self.probation_ends
        message = _(
            "Chưa đủ %(months)s tháng dự bị: vào Đảng ngày %(admitted)s, "
            "sớm nhất ngày %(ends)s mới được công nhận chính thức."
        ) % {
            "months": PROBATION_MONTHS,
            "admitted": f"{self.admitted_on:%d/%m/%Y}",
            "ends": f"{ends:%d/%m/%Y}",
        }
        if self.full_member_on is not None and self.full_member_on < ends:
            errors["full_member_on"] = message
        if self.recognition_date is not None and self.recognition_date < ends:
            errors["recognition_date"] = message
        if errors:
            raise ValidationError(errors)

    def _check_posthumous_request(self):
        if self.posthumous_badge_requested_on is None:
            return
        if self.left_reason != MembershipEndReason.DIED or self.left_on is None:
            raise ValidationError(
                {
                    "posthumous_badge_requested_on": _(
                        "Chỉ đề nghị truy tặng Huy hiệu Đảng cho đảng viên đã từ trần "
                        "(ghi ngày ra khỏi Đảng, lý do “Từ trần”)."
                    )
                }
            )


class CellMembership(AuditScoped, models.Model):
    """A member belongs to a cell from `start_date` to `end_date` (inclusive);
    transfers close one row and open another, so history stays."""

    member = models.ForeignKey(
        PartyMember, models.CASCADE, related_name="cell_memberships", verbose_name=_("đảng viên")
    )
    cell = models.ForeignKey(
        Cell, models.PROTECT, related_name="memberships", verbose_name=_("chi bộ")
    )
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    end_reason = models.CharField(
        _("lý do kết thúc"), max_length=20, choices=MembershipEndReason.choices, blank=True
    )

    objects = querysets.CellMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("sinh hoạt chi bộ của đảng viên")
        verbose_name_plural = _("sinh hoạt chi bộ của đảng viên")
        ordering = ["member", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="cell_membership_end_after_start",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            ),
        ]

    def __str__(self):
        return f"{self.member} — {self.cell}"

    def clean(self):
        check_dates(
            self.start_date,
            self.end_date,
            "start_date",
            "end_date",
            _("Ngày kết thúc không được trước ngày bắt đầu."),
        )
        if self.member_id and self.start_date and self.overlapping().exists():
            raise ValidationError(
                _("Đảng viên đang sinh hoạt ở một chi bộ khác trong khoảng thời gian này.")
            )

    def overlapping(self):
        return overlapping_periods(
            CellMembership.objects.filter(member_id=self.member_id), self.start_date, self.end_date
        ).exclude(pk=self.pk)


def overlapping_periods(queryset, start, end, start_field="start_date", end_field="end_date"):
    """Rows of `queryset` whose [start, end] period (inclusive, open end allowed)
    overlaps [start, end]."""
    rows = queryset.filter(Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gte": start}))
    if end is not None:
        rows = rows.filter(**{f"{start_field}__lte": end})
    return rows


class Term(AuditScoped, models.Model):
    """A term of office (nhiệm kỳ), e.g. 2020–2025."""

    name = models.CharField(_("nhiệm kỳ"), max_length=40, unique=True)
    start_date = models.DateField(_("bắt đầu"))
    end_date = models.DateField(_("kết thúc"))

    objects = querysets.SharedQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhiệm kỳ")
        verbose_name_plural = _("nhiệm kỳ")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="term_end_after_start",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        check_dates(
            self.start_date,
            self.end_date,
            "start_date",
            "end_date",
            _("Ngày kết thúc không được trước ngày bắt đầu."),
        )


class FixedCode:
    """Mixin for shared reference rows that code elsewhere finds by `code`
    (a commendation form, a meeting topic, a post type): the code is fixed
    once the row exists, so not even a superuser's edit can break those
    lookups (the badge list finds its form by code). The name may change."""

    def clean(self):
        super().clean()
        if self.pk and type(self).objects.filter(pk=self.pk).exclude(code=self.code).exists():
            raise ValidationError(
                {"code": _("Không sửa được mã sau khi đã tạo: phần mềm tìm bản ghi này theo mã.")}
            )


class PostType(AuditScoped, FixedCode, models.Model):
    """A title (chức danh): cell secretary, hamlet chief, front head …"""

    code = models.SlugField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("chức danh"), max_length=120)
    scope = models.CharField(_("thuộc"), max_length=10, choices=PostScope.choices)
    seats = models.PositiveSmallIntegerField(
        _("số người giữ cùng lúc"),
        default=1,
        help_text=_("1 cho chức danh một người; chi ủy viên có thể nhiều người."),
    )
    is_hamlet_title = models.BooleanField(
        _("một trong năm chức danh ở thôn"),
        default=False,
        help_text=_("Người hoạt động không chuyên trách ở thôn, tổ dân phố."),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    objects = querysets.SharedQuerySet.as_manager()

    class Meta:
        verbose_name = _("chức danh")
        verbose_name_plural = _("chức danh")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    @property
    def is_single_seat(self):
        return self.seats == 1


class Post(AuditScoped, models.Model):
    """A seat (e.g. the secretary of the Bản Na Hồ cell). It exists whether or
    not somebody holds it; `place` is the hamlet (or, for a cell without a
    hamlet, the commune) and decides who may see it."""

    post_type = models.ForeignKey(
        PostType, models.PROTECT, related_name="posts", verbose_name=_("chức danh")
    )
    place = models.ForeignKey(Place, models.PROTECT, related_name="posts", verbose_name=_("đơn vị"))
    cell = models.ForeignKey(
        Cell, models.CASCADE, null=True, blank=True, related_name="posts", verbose_name=_("chi bộ")
    )

    objects = querysets.PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("vị trí chức danh")
        verbose_name_plural = _("vị trí chức danh")
        ordering = ["place__sort_key", "post_type__order"]
        indexes = [
            # "The secretary's post of this hamlet" (kiêm nhiệm, every summary):
            # with only the one-column indexes SQLite, which keeps no statistics,
            # walks every post of the type in the province for each hamlet.
            models.Index(fields=["place", "post_type"], name="post_place_type"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["post_type", "place"],
                condition=Q(cell__isnull=True),
                name="post_unique_per_hamlet",
                violation_error_message=_("Thôn này đã có vị trí chức danh này."),
            ),
            models.UniqueConstraint(
                fields=["post_type", "cell"],
                condition=Q(cell__isnull=False),
                name="post_unique_per_cell",
                violation_error_message=_("Chi bộ này đã có vị trí chức danh này."),
            ),
        ]

    def __str__(self):
        unit = self.cell or self.place
        return f"{self.post_type} — {unit}"

    def clean(self):
        if self.post_type_id is None:
            return
        if self.post_type.scope == PostScope.CELL:
            if self.cell_id is None:
                raise ValidationError({"cell": _("Chức danh của chi bộ cần chọn chi bộ.")})
            self.place = self.cell.hamlet or self.cell.committee.place
        elif self.cell_id is not None:
            raise ValidationError({"cell": _("Chức danh ở thôn không gắn với chi bộ.")})
        elif self.place_id and self.place.level != Level.HAMLET:
            raise ValidationError({"place": _("Chức danh ở thôn phải gắn với một thôn.")})


# The exclusion constraint of single-seat holdings (PostgreSQL, migration 0002).
SINGLE_SEAT_CONSTRAINT = "holding_single_seat_no_overlap"


def _constraint_of(error):
    """The name of the constraint an IntegrityError reports (PostgreSQL)."""
    return getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)


class Holding(AuditScoped, models.Model):
    """Who held a post, from when to when, under which decision.

    A single-seat post never has two holdings overlapping in time. PostgreSQL
    enforces it with an exclusion constraint (migration 0002); `clean()` says
    so in words on every database. `exclusive` copies the post type's seat
    count because a constraint cannot look into another table.
    """

    person = models.ForeignKey(
        Person, models.PROTECT, related_name="holdings", verbose_name=_("người giữ")
    )
    post = models.ForeignKey(
        Post, models.PROTECT, related_name="holdings", verbose_name=_("vị trí")
    )
    term = models.ForeignKey(
        Term,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="holdings",
        verbose_name=_("nhiệm kỳ"),
    )
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    end_reason = models.CharField(
        _("lý do thôi"), max_length=20, choices=EndReason.choices, blank=True
    )
    decision_number = models.CharField(_("số quyết định"), max_length=40, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    exclusive = models.BooleanField(default=True, editable=False)

    objects = querysets.HoldingQuerySet.as_manager()

    class Meta:
        verbose_name = _("người giữ chức danh")
        verbose_name_plural = _("người giữ chức danh")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="holding_end_after_start",
                violation_error_message=_("Ngày thôi giữ chức không được trước ngày bắt đầu."),
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.post}"

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        try:
            super().save(*args, **kwargs)
        except IntegrityError as error:
            # A writer that skipped clean() met the PostgreSQL constraint:
            # the same words as clean(), not a database error.
            if _constraint_of(error) == SINGLE_SEAT_CONSTRAINT:
                raise self.seat_taken() from error
            raise

    @property
    def is_kiem_nhiem(self):
        return getattr(self, "concurrent_posts", 0) > 1

    def fill_derived_fields(self):
        self.exclusive = self.post.post_type.is_single_seat
        self.decision_number = clean_text(self.decision_number)

    def clean(self):
        check_dates(
            self.start_date,
            self.end_date,
            "start_date",
            "end_date",
            _("Ngày thôi giữ chức không được trước ngày bắt đầu."),
        )
        if self.post_id is None or self.start_date is None:
            return
        self.fill_derived_fields()
        self.lock_post()
        others = overlapping_periods(
            Holding.objects.filter(post_id=self.post_id), self.start_date, self.end_date
        ).exclude(pk=self.pk)
        if self.exclusive and others.exists():
            raise self.seat_taken()
        if others.filter(person_id=self.person_id).exists():
            raise self.held_twice()

    def check_beside(self, other):
        """The rule of `clean()` between two holdings not yet saved (two rows
        of one form), which the database cannot see yet: the same error if
        they share a single-seat post, or a person holds one post twice, at
        overlapping times."""
        if self.post_id is None or self.post_id != other.post_id:
            return
        if None in (self.start_date, other.start_date):
            return
        overlap = (self.end_date is None or other.start_date <= self.end_date) and (
            other.end_date is None or self.start_date <= other.end_date
        )
        if not overlap:
            return
        if self.post.post_type.is_single_seat:
            raise self.seat_taken()
        if self.person_id == other.person_id:
            raise self.held_twice()

    def held_twice(self):
        return ValidationError(_("Người này đã giữ vị trí này trong khoảng thời gian này."))

    def lock_post(self):
        """Hold the post's row until the transaction ends, so that a seat
        `clean()` finds free is still free when the holding is written, even
        when two requests add a holder at the same moment.

        Every surface that writes one holding runs `clean()` in the
        transaction that saves it: the admin's forms and inlines (Django
        wraps them in one), the API (`ScopedModelViewSet` validates inside
        its write transaction); the people import locks its posts itself.
        The second writer waits here for the first to commit, then sees its
        holding. On SQLite `select_for_update` does nothing: there every
        transaction takes the database's write lock when it begins
        (transaction_mode IMMEDIATE in the settings), which serialises the
        check and the write the same way. Outside a transaction a lock would
        end with its statement (and PostgreSQL refuses it), so none is taken.
        """
        if transaction.get_connection().in_atomic_block:
            locked = Post.objects.select_for_update().filter(pk=self.post_id).order_by()
            list(locked.values_list("pk", flat=True))

    def seat_taken(self):
        return ValidationError(
            _("Vị trí %(post)s đã có người giữ trong khoảng thời gian này.") % {"post": self.post}
        )


class StagedImport(models.Model):
    """An upload checked and shown as a preview, waiting for its uploader to
    confirm it (core.imports.admin).

    Kept in the database, not in the session, so that it is written exactly
    once however many tabs, sessions or clicks confirm it: the confirm that
    claims the row (one conditional UPDATE, which the database lets only one
    request win) writes the rows and marks it finished in the same
    transaction; the others find it claimed and say so. A write that fails
    releases the claim, so the upload is never lost to a click that lost the
    race. A claim older than CLAIM_TIMEOUT belongs to a request that died;
    the next confirm takes it over, and a write only commits while its
    claim is still the row's.
    """

    KEPT_FOR = datetime.timedelta(days=1)  # then an abandoned preview is swept
    CLAIM_TIMEOUT = datetime.timedelta(minutes=15)  # longer than any request
    # Not a record of the party's: working state, kept off the audit trail.
    audit_trail = False

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    target = models.CharField(max_length=100)  # label of the model imported into
    content = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    rows = models.PositiveIntegerField(null=True, blank=True)  # written, once finished

    class Meta:
        verbose_name = _("tệp nhập đang chờ xác nhận")
        verbose_name_plural = _("tệp nhập đang chờ xác nhận")

    def __str__(self):
        return self.token

    @classmethod
    def stage(cls, *, user, target, content):
        """Keep `content` for `user` to confirm; sweeps abandoned ones."""
        cls.objects.filter(created_at__lt=timezone.now() - cls.KEPT_FOR).delete()
        return cls.objects.create(
            token=secrets.token_hex(16), user=user, target=target, content=content
        )

    @classmethod
    def waiting(cls, *, user, target, token):
        """The upload `user` staged under `token` for `target`, or None:
        another user's token is as unknown as an expired one. The content
        is read only by the confirm that claims it."""
        since = timezone.now() - cls.KEPT_FOR
        staged = cls.objects.filter(user=user, target=target, created_at__gte=since)
        return staged.filter(token=str(token)[:64]).defer("content").first()

    def claim(self):
        """Take the upload for writing; False when another confirm has it."""
        now = timezone.now()
        free = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - self.CLAIM_TIMEOUT)
        mine = StagedImport.objects.filter(free, pk=self.pk, finished_at__isnull=True)
        if mine.update(claimed_at=now) != 1:
            self.refresh_from_db(fields=["claimed_at", "finished_at", "rows"])
            return False
        self.claimed_at = now
        return True

    def finish(self, rows):
        """Mark the upload written, in the transaction that wrote it; raises
        when the claim was taken over meanwhile (which undoes the write)."""
        mine = StagedImport.objects.filter(pk=self.pk, claimed_at=self.claimed_at)
        if mine.update(finished_at=timezone.now(), rows=rows, content=b"") != 1:
            raise RuntimeError(f"The claim of staged import {self.pk} was taken over")

    def release(self):
        """Give the claim back after a failed write, for another try."""
        StagedImport.objects.filter(pk=self.pk, claimed_at=self.claimed_at).update(claimed_at=None)
