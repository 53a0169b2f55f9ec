"""A plan is written in the sections its cohort's programme names: Latsar's rancangan aktualisasi has its own
headings and keys, lists and requirements; the 2017 flow keeps its own."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from innovations import sections, workflow
from innovations.models import ActionPlan
from innovations.snapshots import compare, plan_snapshot
from programmes.models import Programme
from programmes.spec import parse
from tests.factories import ActionPlanFactory, CohortFactory, ParticipantFactory, complete_plan


def latsar_cohort():
    latsar = Programme.objects.get(code="latsar-cpns")
    return CohortFactory(programme=latsar, spec=latsar.spec)


@pytest.fixture
def latsar_plan(db):
    cohort = latsar_cohort()
    return ActionPlanFactory(participant=ParticipantFactory(cohort=cohort, with_coach=True))


def page_data(plan, **texts) -> dict:
    data = {"title": plan.title, "cluster": plan.cluster_id, "version": plan.version}
    data |= {section.key: section.text for section in sections.of(plan)}
    for prefix in sections.lists_of(plan.participant.cohort.programme_spec):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return data | texts


def test_the_edit_page_offers_latsars_sections_under_its_headings(client, latsar_plan):
    client.force_login(latsar_plan.participant.user)

    form = client.get(reverse("innovations:edit", args=[latsar_plan.pk])).context["form"]

    assert [field.label for field in form.section_fields()] == [
        "Gambaran unit kerja dan tugas pokok",
        "Isu yang diangkat",
        "Penyebab dan dampak isu",
        "Gagasan pemecahan isu",
        "Tujuan aktualisasi",
        "Manfaat aktualisasi",
        "Kontribusi terhadap visi dan misi organisasi",
        "Penguatan nilai-nilai organisasi",
    ]
    assert [formset.prefix for formset in client.get(reverse("innovations:edit", args=[latsar_plan.pk])).context[
        "formsets"
    ]] == ["stakeholders", "milestones"]  # fmt: skip


def test_a_programmes_own_section_is_kept_beside_the_plans_fields(client, latsar_plan):
    client.force_login(latsar_plan.participant.user)
    data = page_data(latsar_plan, work_unit_duties="Seksi Pelayanan Kelurahan Sei Sikambing B.", problem="Antrean.")

    response = client.post(reverse("innovations:edit", args=[latsar_plan.pk]), data)

    assert response.status_code == 302
    latsar_plan.refresh_from_db()
    assert latsar_plan.own_sections["work_unit_duties"] == "Seksi Pelayanan Kelurahan Sei Sikambing B."
    assert latsar_plan.problem == "Antrean."
    assert sections.text_of(latsar_plan, "work_unit_duties") == "Seksi Pelayanan Kelurahan Sei Sikambing B."


def test_a_key_the_programme_does_not_name_is_not_written(latsar_plan):
    written = sections.write(latsar_plan, {"background": "Tidak diminta.", "causes": "Sebab."})

    assert written == ["own_sections"]
    assert (latsar_plan.background, latsar_plan.own_sections) == ("", {"causes": "Sebab."})


def test_submitting_asks_for_the_programmes_required_sections_and_lists_only(latsar_plan):
    latsar_plan.problem = "Antrean panjang."
    latsar_plan.save()

    gaps = workflow.submission_gaps(latsar_plan)

    assert gaps == [
        "core issue (choose it on the issue selection page)",
        "Gambaran unit kerja dan tugas pokok",
        "Penyebab dan dampak isu",
        "Gagasan pemecahan isu",
        "Tujuan aktualisasi",
        "Manfaat aktualisasi",
        "Kontribusi terhadap visi dan misi organisasi",
        "Penguatan nilai-nilai organisasi",
        "at least one short-term milestone",
    ]  # no risk asked: Latsar's work has no list of risks, and its stakeholders are optional


def test_a_complete_latsar_plan_is_submitted(latsar_plan):
    plan = complete_plan(participant=ParticipantFactory(cohort=latsar_plan.participant.cohort))

    assert workflow.submission_gaps(plan) == []
    workflow.submit_plan(plan, by=plan.participant.user)
    assert ActionPlan.objects.get(pk=plan.pk).state == ActionPlan.State.SUBMITTED


def test_the_reviewer_sees_what_changed_in_an_own_section(latsar_plan):
    before = plan_snapshot(latsar_plan)
    sections.write(latsar_plan, {"causes": "Petugas belum dilatih."})
    after = plan_snapshot(latsar_plan)

    rows = {
        row["key"]: row
        for row in compare(before, after, sections.labels(latsar_plan.participant.cohort.programme_spec))
    }

    assert (rows["causes"]["label"], rows["causes"]["changed"]) == ("Penyebab dan dampak isu", True)
    assert str(rows["causes"]["diff"]) == "<ins>Petugas belum dilatih.</ins>"
    assert "risks" not in rows
    assert rows["milestones"]["label"] == "Kegiatan aktualisasi"


def test_a_list_the_programme_lacks_has_no_row_to_add(client, latsar_plan):
    client.force_login(latsar_plan.participant.user)

    assert client.get(reverse("innovations:row", args=[latsar_plan.pk, "risks"])).status_code == 404
    assert client.get(reverse("innovations:row", args=[latsar_plan.pk, "milestones"])).status_code == 200


def test_the_plan_page_shows_the_programmes_sections_and_lists(client, latsar_plan):
    sections.write(latsar_plan, {"work_unit_duties": "Kelurahan Sei Sikambing B."})
    latsar_plan.save()
    client.force_login(latsar_plan.participant.user)

    context = client.get(reverse("innovations:detail", args=[latsar_plan.pk])).context

    assert context["sections"][0] == {
        "key": "work_unit_duties",
        "label": "Gambaran unit kerja dan tugas pokok",
        "text": "Kelurahan Sei Sikambing B.",
        "note": "",
    }
    assert [(kind, heading) for kind, heading, _note in context["lists"]] == [
        ("stakeholders", "stakeholders"),
        ("milestones", "Kegiatan aktualisasi"),
    ]


def test_the_2017_flow_keeps_its_nine_sections(db):
    plan = ActionPlanFactory()

    assert [section.key for section in sections.of(plan)] == ActionPlan.SECTIONS
    assert sections.lists_of(plan.participant.cohort.programme_spec) == ["stakeholders", "risks", "milestones"]


def test_a_section_may_not_take_a_name_the_form_uses(db):
    spec = Programme.objects.get(code="latsar-cpns").spec
    spec["sections"][0]["key"] = "title"

    with pytest.raises(ValidationError) as refused:
        parse(spec)

    assert refused.value.messages == ["A section may not be called title: the plan's form has that name."]


def test_the_plans_tab_names_the_design_sheet_as_the_programme_does(client, db):
    """Latsar signs its design off on a lembar persetujuan; the 2017 flow on its agreement (kesepakatan)."""
    latsar = complete_plan(participant=ParticipantFactory(cohort=latsar_cohort()), state="examined")
    inovasi = complete_plan(state="examined")
    tabs = []
    for plan in (latsar, inovasi):
        client.force_login(plan.participant.user)
        page = client.get(reverse("innovations:detail", args=[plan.pk])).content.decode()
        link = f'href="{reverse("seminars:agreement", args=[plan.pk])}">'
        tabs.append(page.split(link, 1)[1].split("<", 1)[0])

    assert tabs == ["Approval sheet", "Agreement"]
