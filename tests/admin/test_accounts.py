"""Accounts are managed by the superuser alone."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from cells.constants import Role
from portal.models import User
from tests import factories


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("quantri", password="mat-khau-du-dai-123")


@pytest.mark.parametrize("visitor", ["district_staff", "officer_a"])
def test_it_keeps_accounts_away_from_staff_and_officers(login, request, visitor, officer_b):
    client = login(request.getfixturevalue(visitor))
    assert client.get(reverse("admin:portal_user_changelist")).status_code == 403
    assert client.get(reverse("admin:portal_user_change", args=[officer_b.pk])).status_code == 403
    assert "portal/user/" not in client.get(reverse("admin:index")).content.decode()


def test_it_opens_the_account_pages_for_the_superuser(login, superuser, officer_b):
    client = login(superuser)
    listing = client.get(reverse("admin:portal_user_changelist")).content.decode()
    assert "trungxuan" in listing
    page = client.get(reverse("admin:portal_user_change", args=[officer_b.pk]))
    assert page.status_code == 200
    assert "Đơn vị và vai trò" in page.content.decode()
    assert client.get(reverse("admin:portal_user_add")).status_code == 200


def test_it_sends_anonymous_visitors_to_login(client, officer_b):
    response = client.get(reverse("admin:portal_user_changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_it_lets_the_superuser_create_an_account_with_its_role_group(login, superuser, commune_a):
    response = login(superuser).post(
        reverse("admin:portal_user_add"),
        {
            "username": "canbo-moi",
            "place": commune_a.pk,
            "role": Role.OFFICER,
            "password1": "mot-mat-khau-dai-2024",
            "password2": "mot-mat-khau-dai-2024",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="canbo-moi")
    assert user.is_staff and user.place == commune_a
    assert user.has_perm("cells.view_person") and not user.has_perm("cells.change_person")


def test_it_moves_an_account_to_the_group_of_its_new_role(login, superuser, commune_a):
    user = factories.UserFactory(username="doi-vai-tro", place=commune_a, role=Role.OFFICER)
    client = login(superuser)
    response = client.post(
        reverse("admin:portal_user_change", args=[user.pk]),
        {
            "username": user.username,
            "place": commune_a.pk,
            "role": Role.STAFF,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(pk=user.pk)
    assert user.role == Role.STAFF and user.has_perm("cells.change_person")


def test_a_migrate_brings_the_stored_role_groups_a_new_apps_permissions(commune_a):
    staff = factories.UserFactory(place=commune_a, role=Role.STAFF)
    group = Group.objects.get(user=staff)
    group.permissions.remove(*Permission.objects.filter(content_type__app_label="fees"))
    assert not User.objects.get(pk=staff.pk).has_perm("fees.add_feepayment")  # as stored before

    call_command("migrate", verbosity=0)

    assert User.objects.get(pk=staff.pk).has_perm("fees.add_feepayment")
