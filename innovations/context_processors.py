from django.utils.functional import SimpleLazyObject


def notifications(request):
    """The unread count for the menu; one query, and only when a page shows the menu."""

    def unread():
        if not request.user.is_authenticated:
            return 0
        return request.user.notifications.filter(read_at__isnull=True).count()

    return {"unread_notifications": SimpleLazyObject(unread)}
