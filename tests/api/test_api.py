"""The read API: a token of the organisation reads its cohorts; nobody else reads anything."""

from decimal import Decimal

import pytest
from django.urls import reverse

from api.models import ApiToken
from api.tokens import hash_key, issue_token, revoke_token
from closing import certificates, grades
from participants.models import AuditEvent
from seminars.results import publish_results
from tests.closing.conftest import graded_cohort, scored
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def key(closing_cohort, staff_user):
    _token, key = issue_token(closing_cohort.organisation, name="Dashboard", by=staff_user)
    return key


def call(client, name, *args, key=None, **params):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    return client.get(reverse(f"api:{name}", args=args), params, **headers)


def test_an_anonymous_call_gets_401_in_json(client, closing_cohort):
    response = call(client, "cohorts")

    assert (response.status_code, response["Content-Type"], response["WWW-Authenticate"]) == (
        401,
        "application/json",
        'Bearer realm="api"',
    )
    assert response.json() == {"detail": "Call the API with a token: Authorization: Bearer <token>."}


def test_a_signed_in_person_without_a_token_is_refused_too(client, closing_cohort, staff_user):
    client.force_login(staff_user)

    assert call(client, "cohorts").status_code == 401


def test_a_token_reads_its_organisations_cohorts_only(client, closing_cohort, key):
    graded_cohort()  # another organisation's

    response = call(client, "cohorts", key=key)

    assert response.status_code == 200
    assert [cohort["slug"] for cohort in response.json()["results"]] == [closing_cohort.slug]


def test_another_organisations_cohort_is_not_found(client, closing_cohort, key):
    other = graded_cohort()
    scored(other, [80])

    answers = [
        call(client, name, other.slug, key=key).status_code for name in ("cohort", "participants", "final_grades")
    ]

    assert answers == [404, 404, 404]


def test_an_unknown_or_revoked_token_gets_401_with_its_reason(client, closing_cohort, staff_user, key):
    unknown = call(client, "cohorts", key="inv_" + "x" * 43)
    revoke_token(ApiToken.objects.get(), by=staff_user)
    revoked = call(client, "cohorts", key=key)

    assert (unknown.status_code, unknown.json()) == (
        401,
        {"detail": "This token is not known. Ask the organiser's staff for one."},
    )
    assert (revoked.status_code, revoked.json()) == (
        401,
        {"detail": "This token was revoked. Ask the organiser's staff for a new one."},
    )


def test_participants_show_contact_details_only_with_consent(client, closing_cohort, key):
    sharing, private = scored(closing_cohort, [80, 80])
    sharing.user.shares_contact, sharing.user.phone = True, "0812 3456 789"
    sharing.user.save(update_fields=["shares_contact", "phone"])

    rows = call(client, "participants", closing_cohort.slug, key=key).json()["results"]

    assert [(row["nip"], row["email"], row["phone"]) for row in rows] == [
        (sharing.user.nip, sharing.user.email, "0812 3456 789"),
        (private.user.nip, None, None),
    ]


def test_works_results_grades_and_certificates_are_read(client, closing_cohort, staff_user, key):
    (first,) = scored(closing_cohort, [90])
    grades.save_scores(
        closing_cohort, version=1, values={first.pk: {"academic": D(80), "attitude": D(80)}}, by=staff_user
    )
    (certificate,) = certificates.issue_certificates(closing_cohort, by=staff_user)
    publish_results(closing_cohort.seminars.get(), by=staff_user)

    works = call(client, "works", closing_cohort.slug, key=key).json()["results"]
    results = call(client, "seminar_results", closing_cohort.slug, key=key).json()["results"]
    final = call(client, "final_grades", closing_cohort.slug, key=key).json()["results"]
    issued = call(client, "certificates", closing_cohort.slug, key=key).json()["results"]

    assert [(w["participant"], w["state"]) for w in works] == [(first.pk, "examined")]
    assert [(r["stage"], r["participant"], r["final"]) for r in results] == [("design", first.pk, "90.00")]
    assert final == [
        {
            "participant": first.pk,
            "scores": {"academic": "80.00", "attitude": "80.00", "seminar": "90.00"},
            "final": "85.00",
            "qualification": "Memuaskan",
            "passed": True,
            "rank": 1,
        }
    ]
    assert [(c["number"], c["state"], c["lesson_hours"]) for c in issued] == [(certificate.number, "issued", 40)]


def test_unpublished_seminar_results_are_not_read(client, closing_cohort, key):
    scored(closing_cohort, [90])

    assert call(client, "seminar_results", closing_cohort.slug, key=key).json()["results"] == []


def test_a_flood_gets_429(client, closing_cohort, key, settings):
    settings.API_RATE = "3/m"

    answers = [call(client, "cohorts", key=key).status_code for _ in range(5)]

    assert answers == [200, 200, 200, 429, 429]
    assert call(client, "cohorts", key=key).json() == {"detail": "Too many calls. Wait a minute and try again."}


def test_a_flood_of_wrong_tokens_is_limited_by_address(client, closing_cohort, settings):
    settings.API_ADDRESS_RATE = "2/m"

    answers = [call(client, "cohorts", key="inv_wrong").status_code for _ in range(4)]

    assert answers == [401, 401, 429, 429]


def test_the_openapi_schema_is_served(client, db):
    response = client.get(reverse("api:schema"))

    schema = response.json()
    assert (response.status_code, schema["info"]["title"]) == (200, "Inovasi API")
    assert sorted(path for path in schema["paths"]) == [
        "/api/cohorts/",
        "/api/cohorts/{slug}/",
        "/api/cohorts/{slug}/certificates/",
        "/api/cohorts/{slug}/final-grades/",
        "/api/cohorts/{slug}/participants/",
        "/api/cohorts/{slug}/seminar-results/",
        "/api/cohorts/{slug}/works/",
    ]


def test_the_api_writes_nothing(client, closing_cohort, key):
    response = client.post(reverse("api:cohorts"), {}, HTTP_AUTHORIZATION=f"Bearer {key}")

    assert response.status_code == 405


# The token pages -------------------------------------------------------------------------------------------------


def test_staff_issue_a_token_whose_key_is_shown_once_and_stored_as_a_hash(client, closing_cohort, staff_user):
    client.force_login(staff_user)
    url = reverse("api:tokens", args=[closing_cohort.organisation.pk])

    issued = client.post(url, {"name": "Dashboard BKPSDM"})
    later = client.get(url)

    key = issued.context["key"]
    token = ApiToken.objects.get()
    assert (token.key_hash, token.prefix, key.startswith("inv_")) == (hash_key(key), key[:12], True)
    assert (key in issued.content.decode(), key in later.content.decode()) == (True, False)
    assert issued["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(verb="token.issue")
    assert (event.actor, event.data) == (staff_user, {"name": "Dashboard BKPSDM", "prefix": token.prefix})


def test_staff_revoke_a_token(client, closing_cohort, staff_user, key):
    client.force_login(staff_user)
    token = ApiToken.objects.get()

    client.post(reverse("api:token_revoke", args=[closing_cohort.organisation.pk, token.pk]))
    again = client.post(reverse("api:token_revoke", args=[closing_cohort.organisation.pk, token.pk]), follow=True)

    token.refresh_from_db()
    assert (token.revoked_by, AuditEvent.objects.filter(verb="token.revoke").count()) == (staff_user, 1)
    assert [str(m) for m in again.context["messages"]][-1] == "This token was revoked already."


def test_another_organisations_staff_find_no_token_pages(client, closing_cohort, key):
    other = graded_cohort()
    outsider = UserFactory(is_staff=True)
    other.organisation.staff_members.add(outsider)
    client.force_login(outsider)
    token = ApiToken.objects.get()

    page = client.get(reverse("api:tokens", args=[closing_cohort.organisation.pk]))
    revoke = client.post(reverse("api:token_revoke", args=[other.organisation.pk, token.pk]))

    assert (page.status_code, revoke.status_code, ApiToken.objects.get().is_active) == (404, 404, True)


@pytest.mark.parametrize("count", [1, 3])
def test_the_participants_query_count_does_not_grow(client, closing_cohort, key, count, django_assert_num_queries):
    scored(closing_cohort, [80] * count)

    # the address's and the token's counters in the shared cache (five each, savepoints included), the token, its
    # last use, the cohort, the count, the page of participants
    with django_assert_num_queries(15):
        response = call(client, "participants", closing_cohort.slug, key=key)

    assert len(response.json()["results"]) == count
