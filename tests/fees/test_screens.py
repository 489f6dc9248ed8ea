"""Every fee screen for every role: officers read, staff of the place write,
another commune sees nothing, a visitor is sent to log in; the lists cost
the same queries for one record or many."""

import datetime

import pytest
from django.urls import reverse

from fees.constants import BasisKind
from fees.models import FeeBasis, FeePayment, FeeRate, FeeRelief

from .conftest import basis, member_in

D = datetime.date
pytestmark = pytest.mark.django_db
MODELS = [FeeBasis, FeeRelief, FeePayment]


@pytest.fixture
def member(cell_a):
    member = member_in(cell_a, "Lê Văn An")
    basis(member, BasisKind.SALARY, 5_000_000)
    FeePayment.objects.create(
        member=member, month=D(2026, 3, 1), amount=50_000, paid_on=D(2026, 3, 5)
    )
    return member


def admin_url(model, view, *args):
    return reverse(f"admin:fees_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_officers_read_the_lists(member, login, officer_a, model):
    page = login(officer_a).get(admin_url(model, "changelist"))

    assert page.status_code == 200
    if model is not FeeRelief:
        assert "Lê Văn An" in page.content.decode()
    assert login(officer_a).get(admin_url(model, "add")).status_code == 403


def test_the_payments_list_links_the_exports_and_the_import(
    member, login, officer_a, commune_staff
):
    officer_page = login(officer_a).get(admin_url(FeePayment, "changelist")).content.decode()
    staff_page = login(commune_staff).get(admin_url(FeePayment, "changelist")).content.decode()

    for page in (officer_page, staff_page):
        assert reverse("admin:fees_feepayment_report") in page
        assert reverse("admin:fees_feepayment_warnings") in page
    assert "Nhập từ Excel" in staff_page and "Nhập từ Excel" not in officer_page


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_another_commune_sees_nothing(member, login, officer_b, model):
    page = login(officer_b).get(admin_url(model, "changelist"))

    assert page.status_code == 200 and "Lê Văn An" not in page.content.decode()


def test_staff_of_the_place_record_a_payment(member, login, commune_staff):
    response = login(commune_staff).post(
        admin_url(FeePayment, "add"),
        {
            "member": member.pk,
            "month": "01/04/2026",
            "amount": "50000",
            "paid_on": "05/04/2026",
            "channel": "tien_mat",
            "reference": "",
        },
    )

    assert response.status_code == 302
    assert FeePayment.objects.filter(month=D(2026, 4, 1)).exists()


def test_staff_of_another_commune_cannot_open_a_payment(member, login, commune_b_staff):
    payment = FeePayment.objects.get()

    response = login(commune_b_staff).get(admin_url(FeePayment, "change", payment.pk))

    assert response.status_code == 302  # Django's "not found" redirect to the index


def test_rates_are_read_only_for_staff(login, commune_staff):
    rate = FeeRate.objects.first()
    client = login(commune_staff)

    assert client.get(admin_url(FeeRate, "changelist")).status_code == 200
    assert client.get(admin_url(FeeRate, "add")).status_code == 403
    page = client.get(admin_url(FeeRate, "change", rate.pk)).content.decode()
    assert 'name="_save"' not in page


def test_a_visitor_is_sent_to_log_in(client, member):
    for url in (
        admin_url(FeePayment, "changelist"),
        reverse("admin:fees_feepayment_report"),
        reverse("admin:fees_feepayment_warnings"),
    ):
        assert client.get(url).status_code == 302


def test_the_payment_list_costs_the_same_for_many_rows(
    cell_a, member, login, officer_a, django_assert_max_num_queries
):
    client = login(officer_a)
    client.get(admin_url(FeePayment, "changelist"))
    with django_assert_max_num_queries(20) as few:
        client.get(admin_url(FeePayment, "changelist"))
    for number in range(30):
        other = member_in(cell_a, f"Nguyễn Văn {chr(65 + number % 26)}")
        FeePayment.objects.create(
            member=other, month=D(2026, 3, 1), amount=1, paid_on=D(2026, 3, 5)
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(admin_url(FeePayment, "changelist"))


# API -----------------------------------------------------------------------


def test_officers_read_payments_and_may_not_write(member, login, officer_a):
    client = login(officer_a)

    listed = client.get("/api/v1/fee-payments/").json()
    written = client.post(
        "/api/v1/fee-payments/",
        {"member": member.pk, "month": "2026-05-01", "amount": 1, "paid_on": "2026-05-02"},
    )

    assert [row["full_name"] for row in listed["results"]] == ["Lê Văn An"]
    assert written.status_code == 403


def test_another_commune_reads_no_payment(member, login, officer_b):
    assert login(officer_b).get("/api/v1/fee-payments/").json()["results"] == []


def test_staff_of_another_commune_cannot_pay_for_a_member(member, login, commune_b_staff):
    response = login(commune_b_staff).post(
        "/api/v1/fee-payments/",
        {"member": member.pk, "month": "2026-05-01", "amount": 1, "paid_on": "2026-05-02"},
    )

    assert response.status_code == 400 and "member" in response.json()


def test_the_ledger_endpoint(member, login, officer_a, cell_a):
    response = login(officer_a).get("/api/v1/fee-payments/ledger/", {"period": "2026-Q1"})

    assert response.status_code == 200
    assert [(r["month"], r["due"], r["paid"], r["balance"]) for r in response.json()] == [
        ("2026-01-01", 50_000, 0, 50_000),
        ("2026-02-01", 50_000, 0, 50_000),
        ("2026-03-01", 50_000, 50_000, 0),
    ]
    by_cell = login(officer_a).get(
        "/api/v1/fee-payments/ledger/", {"period": "2026-03", "cell": cell_a.pk}
    )
    assert len(by_cell.json()) == 1


def test_the_ledger_of_another_commune_is_refused(member, login, officer_b, cell_a):
    client = login(officer_b)

    assert client.get("/api/v1/fee-payments/ledger/", {"period": "2026"}).json() == []
    refused = client.get("/api/v1/fee-payments/ledger/", {"period": "2026", "cell": cell_a.pk})
    assert refused.status_code == 400


def test_the_ledger_refuses_a_long_or_bad_period(member, login, officer_a):
    client = login(officer_a)

    assert client.get("/api/v1/fee-payments/ledger/", {"period": "2025..2026"}).status_code == 400
    assert client.get("/api/v1/fee-payments/ledger/", {"period": "xyz"}).status_code == 400
    assert client.get("/api/v1/fee-payments/ledger/").status_code == 400


def test_the_ledger_endpoint_queries_do_not_grow(
    cell_a, member, login, officer_a, django_assert_max_num_queries
):
    client = login(officer_a)
    with django_assert_max_num_queries(20) as few:
        client.get("/api/v1/fee-payments/ledger/", {"period": "2026"})
    for number in range(30):
        other = member_in(cell_a, f"Nguyễn Văn {chr(65 + number % 26)}")
        basis(other, BasisKind.PENSION, 3_000_000)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/api/v1/fee-payments/ledger/", {"period": "2026"})
