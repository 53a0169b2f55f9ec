from django.urls import reverse

from participants.models import User
from tests.factories import ParticipantFactory


def invitation_link(message) -> str:
    return next(word for word in message.body.split() if "/accounts/welcome/" in word)


def test_invitation_link_sets_a_password_once(client, cohort, staff_user, mailoutbox):
    participant = ParticipantFactory(cohort=cohort, user__email="rina@example.org", user__language="en")
    participant.user.set_unusable_password()
    participant.user.save()
    client.force_login(staff_user)
    client.post(reverse("portal:invite", args=[cohort.slug, participant.user.pk]))
    client.logout()

    link = invitation_link(mailoutbox[0]).replace("http://127.0.0.1:8000", "")
    form = client.get(link, follow=True)
    client.post(
        form.redirect_chain[-1][0], {"new_password1": "Kanaya-Seminar-2017", "new_password2": "Kanaya-Seminar-2017"}
    )
    again = client.get(link, follow=True)

    participant.user.refresh_from_db()
    assert participant.user.check_password("Kanaya-Seminar-2017")
    assert again.context["validlink"] is False
    assert "already been used" in again.content.decode()


def test_invitation_is_written_in_the_recipients_language(client, cohort, staff_user, mailoutbox, settings):
    settings.LANGUAGE_CODE = "en"
    participant = ParticipantFactory(cohort=cohort, user__email="rina@example.org", user__language="id")
    client.force_login(staff_user)

    client.post(reverse("portal:invite", args=[cohort.slug, participant.user.pk]))

    assert "kata sandi" in mailoutbox[0].subject.lower()


def test_invite_pending_mails_only_people_who_never_signed_in(client, cohort, staff_user, mailoutbox):
    waiting = ParticipantFactory(cohort=cohort, user__email="a@example.org", mentor=None)
    ParticipantFactory(
        cohort=cohort, user__email="b@example.org", user__last_login="2017-08-01T08:00:00+07:00", mentor=None
    )
    ParticipantFactory(cohort=cohort, user__email=None, mentor=None)
    client.force_login(staff_user)

    client.post(reverse("portal:invite_pending", args=[cohort.slug]))

    assert [m.to for m in mailoutbox] == [["a@example.org"]]
    assert User.objects.get(pk=waiting.user.pk).invited_at is not None


def test_invite_of_someone_outside_the_cohort_is_404(client, cohort, staff_user, mailoutbox):
    stranger = ParticipantFactory(user__email="x@example.org")
    client.force_login(staff_user)

    response = client.post(reverse("portal:invite", args=[cohort.slug, stranger.user.pk]))

    assert response.status_code == 404
    assert mailoutbox == []


def test_invite_of_someone_without_email_says_so(client, cohort, staff_user, mailoutbox):
    participant = ParticipantFactory(cohort=cohort, user__email=None)
    client.force_login(staff_user)

    response = client.post(reverse("portal:invite", args=[cohort.slug, participant.user.pk]), follow=True)

    assert "no e-mail address" in response.content.decode()
    assert mailoutbox == []
