from django.test import TestCase
from django.urls import reverse

from participants import services
from participants.jobs import run_job
from participants.models import AuditEvent, Job, Notification, User
from participants.organisations import add_staff_member
from tests.downloads import ask
from tests.factories import OrganisationFactory, ParticipantFactory, UserFactory


def invitation_link(message) -> str:
    return next(word for word in message.body.split() if "/accounts/welcome/" in word)


def test_invitation_link_sets_a_password_once(client, cohort, staff_user, mailoutbox):
    participant = ParticipantFactory(cohort=cohort, user__email="rina@example.org", user__language="en")
    participant.user.set_unusable_password()
    participant.user.save()
    client.force_login(staff_user)
    with TestCase.captureOnCommitCallbacks(execute=True):
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

    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("portal:invite", args=[cohort.slug, participant.user.pk]))

    assert "kata sandi" in mailoutbox[0].subject.lower()


def test_invite_pending_mails_only_people_who_never_signed_in(client, cohort, staff_user, mailoutbox):
    waiting = ParticipantFactory(cohort=cohort, user__email="a@example.org", mentor=None)
    ParticipantFactory(
        cohort=cohort, user__email="b@example.org", user__last_login="2017-08-01T08:00:00+07:00", mentor=None
    )
    ParticipantFactory(cohort=cohort, user__email=None, mentor=None)
    client.force_login(staff_user)

    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("portal:invite_pending", args=[cohort.slug]))

    assert [m.to for m in mailoutbox] == [["a@example.org"]]
    assert User.objects.get(pk=waiting.user.pk).invited_at is not None


def test_invitations_to_many_are_a_job_that_shows_its_progress_and_tells_the_staff(
    client, cohort, staff_user, mailoutbox, monkeypatch
):
    monkeypatch.setattr(services, "INVITATION_BATCH", 2)
    people = [ParticipantFactory(cohort=cohort, user__email=f"p{n}@example.org", mentor=None) for n in range(5)]
    client.force_login(staff_user)

    client.post(reverse("portal:invite_pending", args=[cohort.slug]))  # the request only asks
    job = Job.objects.get()
    asked = (job.kind, job.state, job.progress_total, len(mailoutbox))
    run_job.call(job.pk)  # what the worker does

    job.refresh_from_db()
    assert asked == ("invitations", "queued", 5, 0)
    assert (job.state, job.progress_done, job.requested_by) == ("done", 5, staff_user)
    assert sorted(m.to[0] for m in mailoutbox if "/accounts/welcome/" in m.body) == sorted(p.user.email for p in people)
    assert Notification.objects.get(user=staff_user).message == "Undangan sudah terkirim: 5."
    assert AuditEvent.objects.get(verb="invitations.send").data == {"count": 5}


def test_invitations_that_fail_midway_resume_where_they_stopped(cohort, staff_user, mailoutbox, monkeypatch):
    monkeypatch.setattr(services, "INVITATION_BATCH", 2)
    people = [ParticipantFactory(cohort=cohort, user__email=f"p{n}@example.org", mentor=None) for n in range(5)]
    services.invite_people(cohort, [p.user for p in people], by=staff_user)
    job = Job.objects.get()
    sent = []

    def flaky(users, **_names):
        users = list(users)
        if len(sent) == 2:
            raise ConnectionRefusedError("SMTP server down")
        sent.extend(users)
        return len(users)

    monkeypatch.setattr(services, "send_invitations", flaky)
    first = run_job.call(job.pk)
    job.refresh_from_db()
    after_failure = (job.state, job.progress_done, job.attempts, job.error)
    monkeypatch.setattr(services, "send_invitations", lambda users, **_names: sent.extend(users) or 0)
    Job.objects.filter(pk=job.pk).update(retry_at=None)
    second = run_job.call(job.pk)

    assert first == "queued"
    assert after_failure == ("queued", 2, 1, "ConnectionRefusedError: SMTP server down")
    assert second == "done"
    assert [u.email for u in sent] == [p.user.email for p in people]  # each person once


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


def test_invitations_the_worker_sends_name_the_cohort_its_training_and_its_organiser(
    client, cohort, staff_user, mailoutbox
):
    participant = ParticipantFactory(cohort=cohort, user__email="rina@example.org", user__language="en", mentor=None)
    client.force_login(staff_user)

    _response, job = ask(client, reverse("portal:invite", args=[cohort.slug, participant.user.pk]))

    [message] = mailoutbox
    assert (job.kind, job.state, job.cohort, job.requested_by) == ("invitations", "done", cohort, staff_user)
    assert message.subject == f"Inovasi, {cohort.name} (BKDPSDM Kota Medan): choose your password"
    assert (
        f"You have been added to {cohort.name} of the Diklat Pelayanan Publik Berorientasi Inovasi, organised by "
        "Badan Kepegawaian Daerah dan Pengembangan Sumber Daya Manusia, Pemerintah Kota Medan."
        in " ".join(message.body.split())
    )


def test_a_new_staff_member_is_invited_by_a_job_naming_the_organisation(db, mailoutbox):
    organisation = OrganisationFactory()
    admin = UserFactory(is_superuser=True)

    with TestCase.captureOnCommitCallbacks(execute=True):
        user, _added = add_staff_member(
            organisation, by=admin, full_name="Siti Aminah, S.Sos", nip=None, email="siti@example.org"
        )

    job = Job.objects.get()
    [message] = mailoutbox
    assert (job.params, job.cohort, job.requested_by) == (
        {"users": [user.pk], "organisation": organisation.pk},
        None,
        admin,
    )
    assert message.subject == "Inovasi, BKDPSDM Kota Medan: pilih kata sandi Anda"
    assert "staf Badan Kepegawaian Daerah dan Pengembangan Sumber Daya Manusia" in " ".join(message.body.split())


def test_the_roster_imports_invitations_are_followed_by_the_staff_member_who_imported(cohort, staff_user, mailoutbox):
    newcomer = UserFactory(email="baru@example.org")
    newcomer.set_unusable_password()
    newcomer.save()
    known = UserFactory(email="lama@example.org")  # has chosen a password: told, not invited

    with TestCase.captureOnCommitCallbacks(execute=True):
        services.welcome_to_cohort(cohort, created=[newcomer], added=[known], role="participant", by=staff_user)

    job = Job.objects.get()
    assert (job.kind, job.state, job.params, job.requested_by) == (
        "invitations",
        "done",
        {"users": [newcomer.pk]},
        staff_user,
    )
    assert sorted(m.to[0] for m in mailoutbox) == ["baru@example.org", "lama@example.org"]
    told = Notification.objects.get(user=known)
    assert told.texts["en"] == (
        f"You are now a participant of {cohort.name}, Diklat Pelayanan Publik Berorientasi Inovasi. "
        "Sign in as usual to see it."
    )
