"""The effective team (tim efektif) of PKP, PKA and PKN works: a list of the plan where the cohort's programme names
it, written on the editing page, shown on the plan's page, the review and the documents, kept in its versions."""

import pytest
from django.urls import reverse

from innovations import sections, workflow
from innovations.documents import booklet_pdf
from innovations.models import ActionPlan, TeamMember
from innovations.snapshots import compare, plan_snapshot
from programmes.models import Programme
from tests.factories import ActionPlanFactory, CohortFactory, ParticipantFactory, complete_plan


def pkp_cohort():
    pkp = Programme.objects.get(code="pkp")
    return CohortFactory(programme=pkp, spec=pkp.spec)


@pytest.fixture
def pkp_plan(db):
    return ActionPlanFactory(participant=ParticipantFactory(cohort=pkp_cohort(), with_coach=True))


def page_data(plan, **fields) -> dict:
    """The editing page's post: the plan as it stands, every list empty unless `fields` gives its rows."""
    data = {"title": plan.title, "cluster": plan.cluster_id or "", "version": plan.version}
    data |= {section.key: section.text for section in sections.of(plan)}
    for prefix in sections.lists_of(plan.participant.cohort.programme_spec):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return data | fields


def team_rows(*rows, initial: int = 0) -> dict:
    data = {"team-TOTAL_FORMS": len(rows), "team-INITIAL_FORMS": initial}
    for index, row in enumerate(rows):
        data |= {f"team-{index}-{name}": value for name, value in row.items()}
    return data


def members(plan) -> list[tuple[str, str, str, int]]:
    return list(plan.team.values_list("name", "role_in_team", "position", "order"))


def test_the_edit_page_offers_pkps_team_under_its_heading_with_its_button(client, pkp_plan):
    client.force_login(pkp_plan.participant.user)

    response = client.get(reverse("innovations:edit", args=[pkp_plan.pk]))

    formsets = {formset.prefix: formset for formset in response.context["formsets"]}
    assert list(formsets) == ["stakeholders", "team", "risks", "milestones"]
    assert (formsets["team"].heading, str(formsets["team"].add_label)) == ("Tim efektif", "Add a team member")
    assert "Add a team member" in response.content.decode()


def test_the_form_saves_the_team_and_then_edits_and_removes_its_members(client, pkp_plan):
    client.force_login(pkp_plan.participant.user)
    url = reverse("innovations:edit", args=[pkp_plan.pk])
    first = {"order": "", "name": "Rina Marpaung", "role_in_team": "Ketua tim", "position": "Kepala Seksi"}
    second = {"order": "", "name": "Joko Siregar", "role_in_team": "Anggota", "position": "Staf Seksi"}

    assert client.post(url, page_data(pkp_plan, **team_rows(first, second))).status_code == 302
    saved = members(pkp_plan)
    pkp_plan.refresh_from_db()
    rina, joko = pkp_plan.team.all()
    edited = {**first, "id": rina.pk, "order": 1, "role_in_team": "Ketua tim efektif"}
    dropped = {**second, "id": joko.pk, "order": 2, "DELETE": "on"}
    response = client.post(url, page_data(pkp_plan, **team_rows(edited, dropped, initial=2)))

    assert saved == [
        ("Rina Marpaung", "Ketua tim", "Kepala Seksi", 1),
        ("Joko Siregar", "Anggota", "Staf Seksi", 2),
    ]
    assert response.status_code == 302
    assert members(pkp_plan) == [("Rina Marpaung", "Ketua tim efektif", "Kepala Seksi", 1)]


def test_a_team_member_without_a_role_is_named_by_the_autosave(client, pkp_plan):
    client.force_login(pkp_plan.participant.user)
    row = {"order": "", "name": "Rina Marpaung", "role_in_team": "", "position": ""}

    response = client.post(reverse("innovations:autosave", args=[pkp_plan.pk]), page_data(pkp_plan, **team_rows(row)))

    assert response.status_code == 422
    assert response.context["row_errors"] == ["Team member 1: Role in the team: This field is required."]
    assert pkp_plan.team.count() == 0


def test_a_formula_in_a_name_is_kept_as_text_and_shown_escaped(client, pkp_plan):
    client.force_login(pkp_plan.participant.user)
    hostile = '=HYPERLINK("http://evil.example","<b>klik</b>")'
    row = {"order": "", "name": hostile, "role_in_team": "Anggota", "position": ""}

    client.post(reverse("innovations:edit", args=[pkp_plan.pk]), page_data(pkp_plan, **team_rows(row)))
    page = client.get(reverse("innovations:detail", args=[pkp_plan.pk])).content.decode()

    assert TeamMember.objects.get(plan=pkp_plan).name == hostile
    assert "=HYPERLINK(&quot;http://evil.example&quot;,&quot;&lt;b&gt;klik&lt;/b&gt;&quot;)" in page
    assert "<b>klik</b>" not in page


def test_a_2017_plan_offers_no_team(client, db):
    plan = ActionPlanFactory()
    client.force_login(plan.participant.user)

    formsets = client.get(reverse("innovations:edit", args=[plan.pk])).context["formsets"]

    assert [formset.prefix for formset in formsets] == ["stakeholders", "risks", "milestones"]
    assert client.get(reverse("innovations:row", args=[plan.pk, "team"])).status_code == 404
    assert "team" not in sections.labels(plan.participant.cohort.programme_spec)
    assert workflow.submission_gaps(complete_plan()) == []


def test_a_pkp_plans_new_team_row_comes_from_the_row_page(client, pkp_plan):
    client.force_login(pkp_plan.participant.user)

    response = client.get(reverse("innovations:row", args=[pkp_plan.pk, "team"]), {"team-TOTAL_FORMS": "2"})

    assert response.status_code == 200
    assert response.context["form"].prefix == "team-2"
    visible = [field.name for field in response.context["form"].visible_fields()]
    assert visible == ["order", "name", "role_in_team", "position", "DELETE"]


def test_submitting_a_pkp_plan_asks_for_its_team(pkp_plan):
    plan = complete_plan(participant=ParticipantFactory(cohort=pkp_plan.participant.cohort))
    plan.team.all().delete()

    assert workflow.submission_gaps(plan) == ["at least one member of the effective team"]


def test_the_snapshot_diff_names_the_changed_member(pkp_plan):
    member = TeamMember.objects.create(plan=pkp_plan, name="Rina Marpaung", role_in_team="Anggota", position="Staf")
    before = plan_snapshot(pkp_plan)
    member.role_in_team = "Ketua tim"
    member.save()

    labels = sections.labels(pkp_plan.participant.cohort.programme_spec)
    rows = {row["key"]: row for row in compare(before, plan_snapshot(pkp_plan), labels)}

    assert (rows["team"]["label"], rows["team"]["changed"], rows["team"]["list"]) == ("Tim efektif", True, True)
    assert str(rows["team"]["diff"]) == "Rina Marpaung — <del>Anggota;</del><ins>Ketua tim;</ins> Staf"


def test_the_plan_page_the_review_and_the_print_show_the_team(client, pkp_plan):
    plan = complete_plan(participant=ParticipantFactory(cohort=pkp_plan.participant.cohort, with_coach=True))
    workflow.submit_plan(plan, by=plan.participant.user)
    mentor = plan.participant.mentor.user
    client.force_login(mentor)

    review = client.get(reverse("innovations:review", args=[plan.pk]))
    detail = client.get(reverse("innovations:detail", args=[plan.pk]))
    printed = client.get(reverse("innovations:print", args=[plan.pk])).content.decode()

    team_row = next(row for row in review.context["rows"] if row["key"] == "team")
    assert (team_row["label"], team_row["text"]) == ("Tim efektif", "Rina Marpaung — Ketua tim; Kepala Seksi")
    assert review.context["form"]["section_team"].label == "Note on Tim efektif"
    assert [heading for kind, heading, _note in detail.context["lists"] if kind == "team"] == ["Tim efektif"]
    assert "<td>Rina Marpaung</td><td>Ketua tim</td><td>Kepala Seksi</td>" in detail.content.decode()
    assert "<h2>Tim efektif</h2>" in printed
    assert "<td>Rina Marpaung</td><td>Ketua tim</td><td>Kepala Seksi</td>" in printed


@pytest.mark.parametrize("count", [1, 3])
def test_a_pkp_booklets_queries_do_not_grow_with_plans(db, count, django_assert_num_queries):
    cohort = pkp_cohort()
    for _ in range(count):
        complete_plan(participant__cohort=cohort, state=ActionPlan.State.APPROVED)

    # plans with their participant, cluster and people; the four lists (the team among them), issues, attachments
    with django_assert_num_queries(7):
        booklet_pdf(cohort)
