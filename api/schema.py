"""How the OpenAPI schema describes the token: a bearer token in the Authorization header."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.TokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A key issued by the organisation's staff on its page (API tokens): inv_…",
        }
