"""What every resource of the API is built from.

* `ScopedModelViewSet`: rows come from `Model.objects.in_scope(user)`, so an
  object outside the caller's place is a 404; one in scope that the write
  rule (`editable_by`) does not give the caller is a 403 to PATCH, PUT and
  DELETE (ScopedModelPermissions). A write is validated and saved in one
  transaction, and undone (400) if the saved row would not be the caller's
  to change (a new province, a person moved to another district).
* `ScopedModelSerializer`: every foreign key offers only what the caller may
  point a record at (`attachable_by`: a place, cell or person outside it is
  a 400 on that field), and the model's own `clean()` and constraints run
  before saving, as in the admin.
"""

import contextlib

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError

from core.audit import acting_as, client_address

from .exceptions import django_errors_as_drf
from .permissions import ScopedModelPermissions
from .scope import attachable, scoped

OUT_OF_SCOPE_CHOICE = _("Lựa chọn này không có hoặc nằm ngoài phạm vi đơn vị của bạn.")
OUT_OF_SCOPE_RECORD = _("Bản ghi này sẽ nằm ngoài phạm vi đơn vị của bạn.")


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A foreign key by id, accepting only rows the caller may point a record
    at (`attachable_by`), not all they may see. Pointing at a row changes
    nothing in it, yet the record written hangs under it: district staff
    attaching a person of the district to a commune cell (a cadre, a
    guest) need that person under their place, which staff see and edit
    alike, while a commune's staff can do neither; an officer attaches
    nothing. Where the two rules part, the choices are: their own unit (a
    place they may not rename, but write records of), the occasions and
    reference data they read, and only the decisions their bodies issued."""

    default_error_messages = {"does_not_exist": OUT_OF_SCOPE_CHOICE}

    def get_queryset(self):
        return attachable(super().get_queryset(), self.context.get("request"))


class ScopedSlugRelatedField(serializers.SlugRelatedField):
    default_error_messages = {"does_not_exist": OUT_OF_SCOPE_CHOICE}

    def get_queryset(self):
        return attachable(super().get_queryset(), self.context.get("request"))


class ScopedModelSerializer(serializers.ModelSerializer):
    """Validates by the model's own rules and saves the very instance it
    validated, so what `clean()` normalises (a post's place taken from its
    cell, a trimmed card number) is what gets written."""

    serializer_related_field = ScopedRelatedField
    serializer_related_to_field = ScopedSlugRelatedField

    def validate(self, attrs):
        attrs = super().validate(attrs)
        self.validated_instance = self.run_model_validation(attrs)
        return attrs

    def run_model_validation(self, attrs):
        """The model's full_clean() on the instance carrying the new values:
        the same rules (dates in order, no overlapping holdings, unique codes)
        and the same messages as the admin and the imports."""
        model = self.Meta.model
        instance = self.instance if self.instance is not None else model()
        for name, value in attrs.items():
            if name not in self._many_to_many_names():
                setattr(instance, name, value)
        if hasattr(instance, "fill_derived_fields"):
            # A missing or bad value is reported by full_clean below.
            with contextlib.suppress(AttributeError, KeyError, ObjectDoesNotExist):
                instance.fill_derived_fields()
        # Columns the portal computes at save time (path, sort keys) are not
        # the caller's to fill.
        exclude = [
            field.name
            for field in model._meta.concrete_fields
            if not field.editable and field.value_from_object(instance) in field.empty_values
        ]
        try:
            instance.full_clean(exclude=exclude)
        except DjangoValidationError as error:
            raise django_errors_as_drf(error) from None
        return instance

    def _many_to_many_names(self):
        return {field.name for field in self.Meta.model._meta.many_to_many}

    def _save_validated(self, validated_data):
        instance = self.validated_instance
        instance.save()
        for name in self._many_to_many_names() & set(validated_data):
            getattr(instance, name).set(validated_data[name])
        return instance

    def create(self, validated_data):
        return self._save_validated(validated_data)

    def update(self, instance, validated_data):
        return self._save_validated(validated_data)


class ScopedModelViewSet(viewsets.ModelViewSet):
    """List, detail, create, update, delete within the caller's scope."""

    permission_classes = [ScopedModelPermissions]

    def audited(self):
        """Name the caller on the audit trail. The audit middleware runs
        before DRF authenticates a token, so without this a token's writes
        would be logged without a user."""
        return acting_as(self.request.user, remote_addr=client_address(self.request))

    def get_queryset(self):
        queryset = scoped(super().get_queryset(), self.request)
        if not queryset.query.order_by:
            # The model's order, then the id: pages never repeat or skip a
            # row whose sort key ties with another's.
            queryset = queryset.order_by(*queryset.model._meta.ordering, "pk")
        return queryset

    # A write is validated and saved in one transaction: a rule the model
    # checks against other rows (one holder per single-seat post, no
    # overlapping memberships) still holds when the row is written, however
    # many requests write at once; `clean()` locks what it reads
    # (`Holding.lock_post`), and on SQLite the transaction holds the write
    # lock from its start (transaction_mode IMMEDIATE).

    def create(self, request, *args, **kwargs):
        with self.audited(), transaction.atomic():
            return super().create(request, *args, **kwargs)

    def update(self, request, *args, **kwargs):
        with self.audited(), transaction.atomic():
            return super().update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        with self.audited(), transaction.atomic():
            return super().destroy(request, *args, **kwargs)

    def perform_create(self, serializer):
        self.save_in_scope(serializer)

    def perform_update(self, serializer):
        self.save_in_scope(serializer)

    def save_in_scope(self, serializer):
        instance = serializer.save()
        # Read back through the scoped queryset, among the rows the caller
        # may change: the answer shows what a later GET shows (annotations
        # included), and a row that is not the caller's to change raises
        # here, which undoes the write.
        queryset = self.get_queryset()
        editable = queryset.model._default_manager.editable_by(self.request.user)
        try:
            serializer.instance = queryset.filter(pk__in=editable.values("pk")).get(pk=instance.pk)
        except ObjectDoesNotExist:
            raise ValidationError({"non_field_errors": [OUT_OF_SCOPE_RECORD]}) from None
