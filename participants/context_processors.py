from django.utils.functional import SimpleLazyObject

from .roles import Roles


def roles(request):
    """The signed-in person's roles, for the menu; computed only when a template asks."""
    return {"roles": SimpleLazyObject(lambda: Roles.of(request.user))}


def notifications(request):
    """The unread count for the menu; one query, and only when a page shows the menu."""

    def unread():
        if not request.user.is_authenticated:
            return 0
        return request.user.notifications.filter(read_at__isnull=True).count()

    return {"unread_notifications": SimpleLazyObject(unread)}
