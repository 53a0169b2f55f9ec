"""Small faults of the seminar's pages and papers: the set-up's new rows, the score sheet's error, the recap's
examiners, the agenda's end and its acknowledgement, the agreement's milestone table and signers, the panel's
links, and a GET on a step taken with a button."""

import io
import re
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from seminars import agreements, services
from seminars.documents import agenda_pdf
from seminars.models import Slot
from seminars.scoring import ensure_rubric, submit_sheet
from seminars.services import seminar_times
from tests.factories import ActionPlanFactory, ExaminerFactory, PanelFactory, SeminarFactory, examined_plan
from tests.seminars.test_setup_rows import page


@pytest.fixture
def seminar(cohort):
    return SeminarFactory(cohort=cohort)


@pytest.fixture
def panel(seminar):
    examiners = [
        ExaminerFactory(cohort=seminar.cohort, user__full_name="Dr. Andi Wahyudi, M.Si"),
        ExaminerFactory(cohort=seminar.cohort, user__full_name="Prof. Dr. Ir. Budi Santoso, M.Sc"),
    ]
    return PanelFactory(room__seminar=seminar, examiners=examiners).room, examiners


def scheduled(seminar, room, index=0, **plan):
    plan = ActionPlanFactory(participant__cohort=seminar.cohort, state="approved", **plan)
    start, end = seminar_times(seminar)[index]
    Slot.objects.create(seminar=seminar, room=room, plan=plan, starts_at=start, ends_at=end)
    return plan


def words(pdf: bytes) -> list[tuple[float, float, str]]:
    """Every word of a PDF with where it starts: (x, y, text), in points from the top left of its page."""
    html = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', html)
    return [(float(x), float(y), text) for x, y, text in found]


def test_new_rows_added_to_the_set_up_show_no_error_before_anything_is_typed(client, staff_user, seminar):
    client.force_login(staff_user)
    url = reverse("seminars:setup", args=[seminar.cohort.slug])

    response = client.post(url, page(seminar, ["Ruang Deli"], add_rows="yes", add_rooms="2", add_breaks="1"))

    assert [form.errors for form in response.context["rooms"].forms] == [{}, {}, {}]
    assert [form.errors for form in response.context["breaks"].forms] == [{}]
    assert "invalid-feedback" not in response.content.decode()


def test_a_new_room_without_an_order_number_goes_last(client, staff_user, seminar):
    client.force_login(staff_user)
    data = page(seminar, ["Ruang Deli", "Ruang Serdang"]) | {"rooms-1-order": ""}

    client.post(reverse("seminars:setup", args=[seminar.cohort.slug]), data)

    assert list(seminar.rooms.values_list("name", "order")) == [("Ruang Deli", 1), ("Ruang Serdang", 2)]


def test_a_score_above_100_is_said_once_with_one_full_stop(client, seminar, panel):
    room, examiners = panel
    plan = scheduled(seminar, room)
    rubric = ensure_rubric(seminar.cohort)
    first = rubric.criteria.first()
    client.force_login(examiners[0].user)

    response = client.post(
        reverse("seminars:score", args=[seminar.cohort.slug, plan.pk]),
        {**{f"criterion_{c.pk}": "80" for c in rubric.criteria.all()}, f"criterion_{first.pk}": "150", "version": 1},
        HTTP_HX_REQUEST="true",
    )

    status = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
    assert status == f"Not saved: {first.name} ({first.weight} %): Ensure this value is less than or equal to 100."


def test_the_recaps_spreadsheet_names_each_examiner_beside_their_score(client, staff_user, seminar, panel):
    room, examiners = panel
    plan = scheduled(seminar, room, title="Arsip Rapi")
    rubric = ensure_rubric(seminar.cohort)
    for examiner, value in zip(examiners, (80, 90), strict=True):
        values = {c.pk: Decimal(value) for c in rubric.criteria.all()}
        submit_sheet(
            plan.score_sheets.create(seminar=seminar, examiner=examiner), values=values, note="", by=examiner.user
        )
    client.force_login(staff_user)

    export = client.get(reverse("seminars:results", args=[seminar.cohort.slug]), {"format": "xlsx"})

    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[2][5:9] == ("Examiner 1", "Score 1", "Examiner 2", "Score 2")
    assert rows[3][5:9] == ("Dr. Andi Wahyudi, M.Si", 80, "Prof. Dr. Ir. Budi Santoso, M.Sc", 90)


def test_the_agenda_ends_with_the_last_expose_and_the_head_acknowledges_it(seminar, panel):
    room, _examiners = panel
    scheduled(seminar, room, 0, title="Arsip Rapi")
    last = scheduled(seminar, room, 1, title="Pojok Baca")

    agenda = services.agenda_of(seminar)
    pdf = agenda_pdf(seminar)  # the draft of the schedule as it stands

    assert [start for start, _end, _cells in agenda["rows"]][-1] == last.slot_in("design").starts_at
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    assert re.search(r"Mengetahui,\s+Kepala Badan", text.decode())


def test_the_agreements_milestone_table_keeps_its_width_for_the_milestones_and_names_stay_on_one_line(cohort):
    plan, examiner = examined_plan(cohort)
    mentor = plan.participant.mentor.user
    mentor.full_name = "Ahmad Rizal Lubis, S.STP, M.AP"
    mentor.save()
    agreement = agreements.prepare_agreement(plan, by=plan.participant.user)

    found = words(agreements.render_pdf(agreement))

    header = next(y for _x, y, text in found if text == "Tenggat")  # the table's header row: No., Jangka, ...
    columns = {text: x for x, y, text in found if y == header}
    assert columns["Jangka"] - columns["No."] < 40  # points: the number column is narrow, the milestones wide
    name = [y for _x, y, text in found if text in {"Ahmad", "M.AP"}]
    assert len(name) == 2
    assert name[0] == name[1]  # the mentor's name on one line


def test_the_examiners_panel_links_an_agreement_only_once_it_is_prepared(client, cohort):
    plan, examiner = examined_plan(cohort)
    link = f'href="{reverse("seminars:agreement", args=[plan.pk])}"'
    client.force_login(examiner.user)
    url = reverse("seminars:panel", args=[cohort.slug])

    before = client.get(url).content.decode()
    agreements.prepare_agreement(plan, by=plan.participant.user)
    after = client.get(url).content.decode()

    assert link not in before
    assert link in after


def test_a_get_on_a_step_taken_with_a_button_says_so_with_a_way_back(client, cohort):
    plan, _examiner = examined_plan(cohort)
    client.force_login(plan.participant.mentor.user)

    response = client.get(reverse("seminars:revision_confirm", args=[plan.pk]))

    body = response.content.decode()
    assert response.status_code == 405
    assert "This step is taken with its button" in body
    assert f'href="{reverse("portal:home")}"' in body
