from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """Thanh Hóa's official units of both lists and the demo data up to
    today, loaded once for the module inside a transaction rolled back at its
    end, so other modules never see them. Each test runs in a savepoint
    inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_admin_units", "--province", "38", "--list", "both", stdout=StringIO())
        call_command("load_demo_data", stdout=StringIO())
        yield
        transaction.set_rollback(True)
