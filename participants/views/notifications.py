"""A person's notifications: the list, and marking them read."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ..notifications import mark_read


@login_required
def notification_list(request):
    notifications = list(request.user.notifications.select_related("cohort")[:100])
    return render(request, "participants/notifications.html", {"notifications": notifications})


@require_POST
@login_required
def notifications_read(request):
    mark_read(request.user)
    return redirect("participants:notifications")
