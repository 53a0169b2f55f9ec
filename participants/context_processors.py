from django.utils.functional import SimpleLazyObject

from .roles import Roles


def roles(request):
    """The signed-in person's roles, for the menu; computed only when a template asks."""
    return {"roles": SimpleLazyObject(lambda: Roles.of(request.user))}
