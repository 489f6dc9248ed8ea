"""Demo accounts: a district staff member of Quan Sơn and a commune officer
of Thị trấn Sơn Lư, with fixed passwords printed by `load_demo_data`."""

from cells.constants import Level, Role
from cells.demo import DEMO_DATE, QUAN_SON, son_lu
from cells.models import Place

from .accounts import provision_user

# Fixed on purpose: the README and `make run` tell people how to log in.
DEMO_ACCOUNTS = [
    # (username, place, role, password)
    (
        "quanson",
        lambda: Place.objects.by_code(QUAN_SON, level=Level.DISTRICT, on=DEMO_DATE),
        Role.STAFF,
    ),
    ("sonlu", son_lu, Role.OFFICER),
]
DEMO_PASSWORDS = {"quanson": "Chi-bo-ban-Na-Ho-2023", "sonlu": "Khu-pho-1-Son-Lu-2023"}


def provision_demo_users():
    """Create or refresh the demo accounts; returns [(user, password)]."""
    accounts = []
    for username, place, role in DEMO_ACCOUNTS:
        password = DEMO_PASSWORDS[username]
        # Loading the demo asks for working demo accounts, so it reopens them.
        user, _created = provision_user(
            username=username, place=place(), role=role, password=password, reactivate=True
        )
        accounts.append((user, password))
    return accounts
