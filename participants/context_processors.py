from django.utils.functional import SimpleLazyObject

from .roles import menu_for


def roles(request):
    """The signed-in person's roles, for the menu; asked only when a template shows it."""
    return {"roles": SimpleLazyObject(lambda: menu_for(request).roles)}


def notifications(request):
    """The unread count for the menu; asked in the same query as the roles."""
    return {"unread_notifications": SimpleLazyObject(lambda: menu_for(request).unread)}
