"""The token's role on the registry (core.roles): an API client reads the cohorts of the organisation its token
was issued for, and what reaches them. Its path to the anchor is spelled here and nowhere else."""

from django.db.models import Q

from core.roles import NOTHING, Role, Route, join, register

# A cohort is its own anchor: what `roles.rows` filters the cohorts by.
COHORT = Route(cohort="")


class ApiClient:
    """Who calls the API with a valid token: not a person, so it holds no role but this one."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_superuser = False
    is_staff = False
    pk = None

    def __init__(self, token):
        self.token = token
        self.organisation_id = token.organisation_id

    def __str__(self):
        return str(self.token)


register(
    Role(
        "api_client",
        anchor="cohort",
        rows=lambda client, path: (
            Q(**{join(path, "organisation"): client.organisation_id}) if isinstance(client, ApiClient) else NOTHING
        ),
        test=lambda cohort, client: isinstance(client, ApiClient) and cohort.organisation_id == client.organisation_id,
        sees=False,  # it reads through the API alone, never the pages of a plan
    )
)
