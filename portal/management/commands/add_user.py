import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cells.constants import Role
from cells.models import Place
from portal.accounts import provision_user


class Command(BaseCommand):
    help = (
        "Create a portal account tied to a place and a role, or update the place and role "
        "of an existing one. The password comes from PORTAL_PASSWORD, else it is prompted."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--place", required=True, help="official code of the place")
        parser.add_argument("--role", required=True, choices=Role.values)

    def handle(self, username, place, role, **options):
        unit = Place.objects.by_code(place)
        if unit is None:
            raise CommandError(f"No place has the official code {place!r}.")
        password = os.environ.get("PORTAL_PASSWORD") or self._prompt_password()
        try:
            user, created = provision_user(
                username=username, place=unit, role=role, password=password
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} {user.username}: {user.get_role_display()} — {unit}")

    def _prompt_password(self):
        if not os.isatty(0):
            raise CommandError("Set PORTAL_PASSWORD or run interactively to type a password.")
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return first
