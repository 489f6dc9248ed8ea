import pytest
from django.core.management import CommandError, call_command

from portal.models import User


def test_it_creates_a_user_tied_to_a_place_and_role(district, monkeypatch):
    monkeypatch.setenv("PORTAL_PASSWORD", "mot-mat-khau-dai")
    call_command("add_user", "quanson", place="387", role="staff")
    user = User.objects.get(username="quanson")
    assert (user.place, user.role, user.is_staff) == (district, "staff", True)
    assert user.check_password("mot-mat-khau-dai")
    assert user.has_perm("cells.add_person") and user.has_perm("cells.change_holding")


def test_run_again_it_updates_place_and_role(district, commune_a, monkeypatch):
    monkeypatch.setenv("PORTAL_PASSWORD", "mot-mat-khau-dai")
    call_command("add_user", "sonlu", place="387", role="staff")
    call_command("add_user", "sonlu", place="15001", role="officer")
    user = User.objects.get(username="sonlu")
    assert (user.place, user.role) == (commune_a, "officer")
    assert user.has_perm("cells.view_person")
    assert not user.has_perm("cells.add_person")
    assert User.objects.count() == 1


def test_it_refuses_an_unknown_place(db, monkeypatch):
    monkeypatch.setenv("PORTAL_PASSWORD", "mot-mat-khau-dai")
    with pytest.raises(CommandError, match="Không có tỉnh, huyện hay xã nào mang mã “99999”"):
        call_command("add_user", "x", place="99999", role="staff")


def test_it_refuses_to_reopen_a_deactivated_account(district, commune_a, monkeypatch):
    monkeypatch.setenv("PORTAL_PASSWORD", "mot-mat-khau-dai")
    call_command("add_user", "sonlu", place="387", role="staff")
    User.objects.filter(username="sonlu").update(is_active=False)

    with pytest.raises(CommandError) as error:
        call_command("add_user", "sonlu", place="15001", role="officer")

    assert str(error.value) == (
        "Tài khoản “sonlu” đã bị vô hiệu hoá; thêm --reactivate nếu muốn mở lại."
    )
    user = User.objects.get(username="sonlu")
    assert (user.is_active, user.place, user.role) == (False, district, "staff")


def test_with_reactivate_it_reopens_a_deactivated_account(district, commune_a, monkeypatch):
    monkeypatch.setenv("PORTAL_PASSWORD", "mot-mat-khau-dai")
    call_command("add_user", "sonlu", place="387", role="staff")
    User.objects.filter(username="sonlu").update(is_active=False)

    call_command("add_user", "sonlu", place="15001", role="officer", reactivate=True)

    user = User.objects.get(username="sonlu")
    assert (user.is_active, user.place, user.role) == (True, commune_a, "officer")


def test_it_refuses_a_short_password(district, monkeypatch):
    monkeypatch.setenv("PORTAL_PASSWORD", "ngan")
    with pytest.raises(CommandError):
        call_command("add_user", "x", place="387", role="staff")
    assert not User.objects.exists()
