"""The seminar's pages edited at once: a score sheet from two tabs, the rubric and the set-up by two organisers,
the rubric against the first score. Of two writes from the same copy exactly one wins; 50 pairs each, on
PostgreSQL."""

from decimal import Decimal
from functools import partial

import pytest
from django.test import Client
from django.urls import reverse

from seminars.models import Rubric, Score, ScoreSheet, Seminar, Slot
from seminars.scoring import ensure_rubric
from seminars.services import seminar_times
from tests.factories import ActionPlanFactory, CohortFactory, ExaminerFactory, PanelFactory, SeminarFactory, UserFactory
from tests.races import at_once, require_postgresql

PAIRS = 50


def signed_in(user, count=2) -> list[Client]:
    clients = [Client() for _ in range(count)]
    for client in clients:
        client.force_login(user)
    return clients


def scheduled_plan(cohort):
    seminar = SeminarFactory(cohort=cohort)
    ensure_rubric(cohort)
    examiner = ExaminerFactory(cohort=cohort)
    room = PanelFactory(room__seminar=seminar, examiners=[examiner]).room
    plan = ActionPlanFactory(participant__cohort=cohort, state="approved")
    start, end = seminar_times(seminar)[0]
    Slot.objects.create(seminar=seminar, room=room, plan=plan, starts_at=start, ends_at=end)
    return plan, examiner


def scores(rubric, value, **extra):
    return {**{f"criterion_{c.pk}": str(value) for c in rubric.criteria.all()}, **extra}


def staff_of(cohort, count=2):
    people = [UserFactory(is_staff=True) for _ in range(count)]
    cohort.organisation.staff_members.add(*people)
    return [signed_in(person, 1)[0] for person in people]


def formset(prefix, rows, fields):
    data = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": len(rows),
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for index, row in enumerate(rows):
        data[f"{prefix}-{index}-id"] = row.pk
        data.update({f"{prefix}-{index}-{name}": "" if value is None else value for name, value in fields(row).items()})
    return data


def rubric_form(rubric, *, rename=None, delete_first=False):
    criteria = list(rubric.criteria.all())
    weights = {c.pk: c.weight for c in criteria}
    if delete_first:
        weights[criteria[1].pk] += weights[criteria[0].pk]

    def criterion(c):
        fields = {"aspect": c.aspect, "name": rename if rename and c == criteria[-1] else c.name}
        fields |= {"weight": weights[c.pk], "order": c.order}
        return fields | ({"DELETE": "on"} if delete_first and c == criteria[0] else {})

    data = formset("criteria", criteria, criterion)
    data |= formset("bands", list(rubric.bands.all()), lambda b: {"above": b.above, "label": b.label})
    return data | {"version": rubric.version}


def setup_form(seminar, *, venue):
    data = {
        "title": seminar.title,
        "date": f"{seminar.date:%Y-%m-%d}",
        "venue": venue,
        "day_start": "08:30",
        "day_end": "16:30",
        "slot_minutes": 20,
        "version": seminar.version,
    }
    breaks, rooms = (list(seminar.breaks.all()), list(seminar.rooms.all())) if seminar.pk else ([], [])
    data |= formset("breaks", breaks, lambda b: {"label": b.label, "start": b.start, "end": b.end})
    return data | formset("rooms", rooms, lambda r: {"name": r.name, "order": r.order})


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("way", ["form", "autosave"])
def test_two_tabs_saving_one_score_sheet_at_once_exactly_one_wins_and_the_other_is_told(way):
    require_postgresql()
    cohort = CohortFactory()
    plan, examiner = scheduled_plan(cohort)
    rubric = Rubric.objects.get(cohort=cohort)
    tabs = signed_in(examiner.user)
    url = reverse("seminars:score", args=[cohort.slug, plan.pk])
    headers = {"HTTP_HX_REQUEST": "true"} if way == "autosave" else {}
    won, lost = (200, 409) if way == "autosave" else (302, 409)

    for trial in range(PAIRS):
        sheet = ScoreSheet.objects.filter(plan=plan).first()
        version = sheet.version if sheet else 1
        notes = [f"Tab A {trial}", f"Tab B {trial}"]
        responses = at_once(
            *(
                partial(
                    client.post,
                    url,
                    scores(rubric, value, note=note, version=version, tab=tab * 32, action="save"),
                    **headers,
                )
                for client, tab, note, value in zip(tabs, "ab", notes, (70, 90), strict=True)
            )
        )

        assert sorted(r.status_code for r in responses) == [won, lost], trial
        winner = next(i for i, r in enumerate(responses) if r.status_code == won)
        sheet = ScoreSheet.objects.get(plan=plan)
        assert (sheet.version, sheet.note) == (version + 1, notes[winner])
        assert set(sheet.scores.values_list("value", flat=True)) == {Decimal((70, 90)[winner])}
        assert "saved from another tab or device" in responses[1 - winner].content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_organisers_saving_the_rubric_at_once_exactly_one_wins():
    require_postgresql()
    cohort = CohortFactory()
    rubric = ensure_rubric(cohort)
    organisers = staff_of(cohort)
    url = reverse("seminars:rubric", args=[cohort.slug])

    for trial in range(PAIRS):
        rubric = Rubric.objects.get(pk=rubric.pk)
        names = [f"Penyampaian A{trial}", f"Penyampaian B{trial}"]
        responses = at_once(
            *(
                partial(client.post, url, rubric_form(rubric, rename=name))
                for client, name in zip(organisers, names, strict=True)
            )
        )

        assert sorted(r.status_code for r in responses) == [302, 409], trial
        winner = next(i for i, r in enumerate(responses) if r.status_code == 302)
        current = Rubric.objects.get(pk=rubric.pk)
        assert current.version == rubric.version + 1
        assert current.criteria.order_by("order", "pk").last().name == names[winner]
        assert sum(current.criteria.values_list("weight", flat=True)) == 100
        assert "saved by someone else after you opened this page" in responses[1 - winner].content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_rubric_changing_as_the_first_score_is_given_is_one_or_the_other():
    require_postgresql()
    for trial in range(20):
        cohort = CohortFactory()
        plan, examiner = scheduled_plan(cohort)
        rubric = Rubric.objects.get(cohort=cohort)
        organiser, scorer = staff_of(cohort, 1)[0], signed_in(examiner.user, 1)[0]
        score_url = reverse("seminars:score", args=[cohort.slug, plan.pk])
        responses = at_once(
            partial(
                organiser.post, reverse("seminars:rubric", args=[cohort.slug]), rubric_form(rubric, delete_first=True)
            ),
            partial(scorer.post, score_url, scores(rubric, 80, note="", version=1, action="save")),
        )

        assert all(r.status_code < 500 for r in responses), trial
        kept = Score.objects.filter(sheet__plan=plan)
        criteria = set(rubric.criteria.values_list("pk", flat=True))
        assert set(kept.values_list("criterion_id", flat=True)) <= criteria
        assert sum(rubric.criteria.values_list("weight", flat=True)) == 100
        rubric_changed, scored = len(criteria) == 7, kept.exists()
        assert rubric_changed != scored, trial


@pytest.mark.django_db(transaction=True)
def test_two_organisers_saving_the_seminar_set_up_at_once_exactly_one_wins():
    require_postgresql()
    seminar = SeminarFactory()
    organisers = staff_of(seminar.cohort)
    url = reverse("seminars:setup", args=[seminar.cohort.slug])

    for trial in range(PAIRS):
        seminar = Seminar.objects.get(pk=seminar.pk)
        venues = [f"Hotel A {trial}", f"Hotel B {trial}"]
        responses = at_once(
            *(
                partial(client.post, url, setup_form(seminar, venue=venue))
                for client, venue in zip(organisers, venues, strict=True)
            )
        )

        assert sorted(r.status_code for r in responses) == [302, 409], trial
        winner = next(i for i, r in enumerate(responses) if r.status_code == 302)
        current = Seminar.objects.get(pk=seminar.pk)
        assert (current.version, current.venue) == (seminar.version + 1, venues[winner])
        assert f'value="{venues[1 - winner]}"' in responses[1 - winner].content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_organisers_setting_up_a_new_seminar_at_once_make_one():
    require_postgresql()
    for trial in range(20):
        cohort = CohortFactory()
        organisers = staff_of(cohort)
        url = reverse("seminars:setup", args=[cohort.slug])
        unsaved = Seminar(cohort=cohort, title="Seminar", date=cohort.end_date, version=0)
        responses = at_once(*(partial(client.post, url, setup_form(unsaved, venue="Kanaya")) for client in organisers))

        assert sorted(r.status_code for r in responses) == [302, 409], trial
        assert cohort.seminars.count() == 1


# The same, one after the other (also on SQLite) --------------------------------------------------


def test_a_score_sheet_page_older_than_the_last_save_is_refused_with_its_scores_kept(client, cohort):
    plan, examiner = scheduled_plan(cohort)
    rubric = Rubric.objects.get(cohort=cohort)
    client.force_login(examiner.user)
    url = reverse("seminars:score", args=[cohort.slug, plan.pk])
    client.post(url, scores(rubric, 70, note="Tab A", version=1, tab="a" * 32, action="save"))

    response = client.post(url, scores(rubric, 95, note="Tab B", version=1, tab="b" * 32, action="submit"))

    assert response.status_code == 409
    assert "saved from another tab or device" in response.content.decode()
    assert 'value="95"' in response.content.decode()
    sheet = ScoreSheet.objects.get()
    assert (sheet.state, sheet.note) == ("draft", "Tab A")


def test_a_tab_may_save_again_over_its_own_autosave(client, cohort):
    plan, examiner = scheduled_plan(cohort)
    rubric = Rubric.objects.get(cohort=cohort)
    client.force_login(examiner.user)
    url = reverse("seminars:score", args=[cohort.slug, plan.pk])
    first = client.post(url, scores(rubric, 70, note="", version=1, tab="a" * 32), HTTP_HX_REQUEST="true")

    response = client.post(url, scores(rubric, 75, note="", version=1, tab="a" * 32, action="submit"))

    assert 'value="2" id="id_version"' in first.content.decode()
    assert response.status_code == 302
    assert ScoreSheet.objects.get().state == "submitted"


def test_a_score_sheet_page_showing_an_older_rubric_is_refused(client, cohort):
    plan, examiner = scheduled_plan(cohort)
    rubric = Rubric.objects.get(cohort=cohort)
    client.force_login(examiner.user)
    data = scores(rubric, 80, note="", version=1, action="save")
    rubric.criteria.filter(pk=rubric.criteria.first().pk).delete()

    response = client.post(reverse("seminars:score", args=[cohort.slug, plan.pk]), data)

    assert "The rubric changed after you opened this page" in response.content.decode()
    assert not Score.objects.exists()


def test_a_rubric_page_older_than_the_last_save_is_refused(client, cohort, staff_user):
    rubric = ensure_rubric(cohort)
    client.force_login(staff_user)
    url = reverse("seminars:rubric", args=[cohort.slug])
    stale = rubric_form(rubric, rename="Nama lama")
    client.post(url, rubric_form(rubric, rename="Nama baru"))

    response = client.post(url, stale)

    assert response.status_code == 409
    assert rubric.criteria.order_by("order", "pk").last().name == "Nama baru"


def test_the_rubric_cannot_change_once_a_sheet_exists(client, cohort, staff_user):
    plan, examiner = scheduled_plan(cohort)
    rubric = Rubric.objects.get(cohort=cohort)
    ScoreSheet.objects.create(seminar=SeminarFactory(cohort=cohort), plan=plan, examiner=examiner)
    client.force_login(staff_user)

    response = client.post(
        reverse("seminars:rubric", args=[cohort.slug]), rubric_form(rubric, rename="Baru"), follow=True
    )

    assert "Scoring has started, so the rubric can no longer change." in response.content.decode()
    assert not rubric.criteria.filter(name="Baru").exists()


def test_a_set_up_page_older_than_the_last_save_is_refused_and_keeps_its_text(client, staff_user):
    seminar = SeminarFactory()
    seminar.cohort.organisation.staff_members.add(staff_user)
    client.force_login(staff_user)
    url = reverse("seminars:setup", args=[seminar.cohort.slug])
    stale = setup_form(seminar, venue="Hotel Lama")
    client.post(url, setup_form(seminar, venue="Hotel Baru"))

    response = client.post(url, stale)

    assert response.status_code == 409
    assert 'value="Hotel Lama"' in response.content.decode()
    seminar.refresh_from_db()
    assert (seminar.venue, seminar.version) == ("Hotel Baru", 2)


def test_a_set_up_page_opened_before_the_seminar_existed_does_not_overwrite_it(client, cohort, staff_user):
    client.force_login(staff_user)
    url = reverse("seminars:setup", args=[cohort.slug])
    page = client.get(url)
    opened = setup_form(Seminar(cohort=cohort, title="Seminar", date=cohort.end_date, version=0), venue="Hotel B")
    client.post(url, setup_form(Seminar(cohort=cohort, title="Seminar", date=cohort.end_date, version=0), venue="A"))

    response = client.post(url, opened)

    assert 'name="version" value="0"' in page.content.decode()
    assert response.status_code == 409
    assert list(cohort.seminars.values_list("venue", flat=True)) == ["A"]
