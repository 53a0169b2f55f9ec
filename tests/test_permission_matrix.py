"""Every URL of the project against every role. A URL without a row here fails the suite, so no page forgets its rules.

One world is built for the whole module, inside a transaction rolled back at the end; each test runs in a savepoint
of it. The world: a cohort whose seminar has two panels; the owner's plan was scored by a panel of two examiners,
its milestones were revised, its agreement is sealed and it is published; one milestone has a report with evidence.
"""

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, TestCase, override_settings
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from PIL import Image

from api.tokens import issue_token
from closing.certificates import issue_certificates
from closing.grades import grade_book, save_scores
from impact import dossiers, followups
from impact import record as records
from impact.demo import demo_photo
from impact.models import Dossier, Questionnaire
from innovations import workflow
from innovations.models import ActionPlan, Attachment, Consultation, Evidence, ReportEvidence
from innovations.progress import report_progress
from innovations.reports import save_report, submit_report
from participants.jobs import request_job
from participants.models import Cohort, Job, Organisation, Region
from programmes.models import Programme
from seminars import agreements, revisions
from seminars.models import Slot
from seminars.scoring import ensure_rubric, submit_sheet
from seminars.services import seminar_times
from tests.factories import (
    PASSWORD,
    CohortFactory,
    ExaminerFactory,
    MentorFactory,
    OrganisationFactory,
    PanelFactory,
    ParticipantFactory,
    SeminarFactory,
    UserFactory,
    complete_plan,
)
from tests.participants.roster_files import person, roster, xlsx

ROLES = (
    "anonymous",
    "owner",
    "peer",
    "mentor",
    "other_mentor",
    "examiner",
    "other_examiner",
    "staff",
    "other_staff",
    "bureau",  # staff of the organisation bureau of the cohort's region
    "other_bureau",  # staff of another region's organisation bureau
)
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
MEMBERS = SIGNED_IN - {"other_staff", "bureau", "other_bureau"}  # everyone with a role in the cohort
READERS = frozenset({"owner", "mentor", "examiner", "staff"})  # ActionPlan.objects.visible_to
OWNER, MENTOR, STAFF = frozenset({"owner"}), frozenset({"mentor"}), frozenset({"staff"})
IS_STAFF = frozenset({"staff", "other_staff"})
REPORT_READERS = frozenset({"owner", "mentor", "staff"})  # the report's plan is on no panel
RECORD_READERS = frozenset({"owner", "mentor", "staff", "bureau"})  # impact.access.READERS
CURATORS = frozenset({"staff", "bureau"})  # impact.access.CURATORS
BUREAUS = frozenset({"bureau", "other_bureau"})
# Of these roles: only superusers, whose pages tests/portal/test_organisation_views.py checks.
NOBODY: frozenset[str] = frozenset()
LOGIN = "a redirect to sign in"


@dataclass(frozen=True)
class Rule:
    allowed: frozenset
    args: tuple  # names of the world's attributes that fill the URL
    method: str = "get"
    ok: int = 0  # what the allowed roles get; 0 means 200 on GET, and 302 after a POST
    content_type: str = "text/html"
    others: int = 404  # what every other signed-in role gets
    login_url: str = "participants:login"
    on_get: int = 405  # what the allowed roles get from a GET on a POST URL
    anonymous: int | str = LOGIN  # what a visitor who is not signed in gets, when not allowed

    @property
    def answer(self) -> int:
        return self.ok or (200 if self.method == "get" else 302)


def get(allowed, *args, **options) -> Rule:
    return Rule(frozenset(allowed), args, "get", **options)


def post(allowed, *args, **options) -> Rule:
    return Rule(frozenset(allowed), args, "post", **options)


PDF = {"content_type": "application/pdf"}
ICS = {"content_type": "text/calendar"}
PNG = {"content_type": "image/png"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON = "application/json"

MATRIX = {
    # Accounts. A valid invitation or reset link is first swapped for a token in the session: a redirect, for anyone.
    "portal:home": get(EVERYONE),
    "participants:login": get({"anonymous"}, others=302),
    "participants:logout": post(EVERYONE),
    "participants:password_change": get(SIGNED_IN),
    "participants:password_change_done": get(SIGNED_IN),
    "participants:password_reset": get(EVERYONE),
    "participants:password_reset_done": get(EVERYONE),
    "participants:password_reset_confirm": get(EVERYONE, "reset_uid", "reset_token", ok=302),
    "participants:password_reset_complete": get(EVERYONE),
    "participants:welcome": get(EVERYONE, "reset_uid", "reset_token", ok=302),
    "set_language": post(EVERYONE, on_get=302),  # a GET changes nothing and only redirects
    "admin:index": get(IS_STAFF, others=302, login_url="admin:login"),  # stands for the whole admin site
    # Organisations. Superusers create them and choose their staff; an organisation's staff keep its identity.
    "portal:organisation_list": get(NOBODY),
    "portal:organisation_create": get(NOBODY),
    "portal:organisation_detail": get(STAFF, "organisation"),
    "portal:organisation_edit": get(STAFF, "organisation"),
    "portal:organisation_letterhead": get(STAFF, "organisation", **PDF),
    "portal:organisation_staff_add": get(NOBODY, "organisation"),
    "portal:organisation_staff_remove": post(NOBODY, "organisation", "staff_user"),
    # Running a cohort. Any organiser may open the list of their cohorts and start a new one.
    "portal:cohort_list": get(IS_STAFF),
    "portal:cohort_create": get(IS_STAFF),
    "portal:cohort_detail": get(STAFF, "slug"),
    "portal:cohort_edit": get(STAFF, "slug"),
    "portal:participant_list": get(STAFF, "slug"),
    "portal:audit": get(STAFF, "slug"),
    "portal:participant_mentor": get(STAFF, "slug", "participant"),
    "portal:mentor_list": get(STAFF, "slug"),
    "portal:mentor_create": get(STAFF, "slug"),
    "portal:examiner_list": get(STAFF, "slug"),
    "portal:examiner_create": get(STAFF, "slug"),
    "portal:examiner_remove": post(STAFF, "slug", "other_examiner"),
    # Each person's page; the world's refusals (an agreed plan, a kecamatan's only Camat) answer with a message.
    "portal:participant_detail": get(STAFF, "slug", "participant"),
    "portal:participant_edit": get(STAFF, "slug", "participant"),
    "portal:participant_withdraw": post(STAFF, "slug", "participant"),
    "portal:participant_restore": post(STAFF, "slug", "participant"),
    "portal:mentor_detail": get(STAFF, "slug", "mentor"),
    "portal:mentor_edit": get(STAFF, "slug", "mentor"),
    "portal:mentor_replace": get(STAFF, "slug", "mentor"),
    "portal:mentor_remove": post(STAFF, "slug", "mentor"),
    "portal:examiner_detail": get(STAFF, "slug", "other_examiner"),
    "portal:examiner_edit": get(STAFF, "slug", "other_examiner"),
    # Coaches: in the world's Latsar cohort, run by the same organisation (the 2017 cohort has none: 404 there).
    "portal:coach_list": get(STAFF, "coach_slug"),
    "portal:coach_create": get(STAFF, "coach_slug"),
    "portal:coach_detail": get(STAFF, "coach_slug", "coach"),
    "portal:coach_edit": get(STAFF, "coach_slug", "coach"),
    "portal:participant_coach": get(STAFF, "coach_slug", "coachee"),
    "portal:invite": post(STAFF, "slug", "user"),
    "portal:invite_pending": post(STAFF, "slug"),
    "participants:roster_upload": get(STAFF, "slug"),
    "participants:roster_preview": get(STAFF, "slug", "preview_token"),
    "participants:roster_confirm": post(STAFF, "slug", "confirm_token"),
    "participants:import_template": get(STAFF, "slug", "import_kind", content_type=XLSX),
    "participants:mentor_import_upload": get(STAFF, "slug"),
    "participants:mentor_import_preview": get(STAFF, "slug", "mentor_preview_token"),
    "participants:mentor_import_confirm": post(STAFF, "slug", "mentor_confirm_token"),
    "participants:examiner_import_upload": get(STAFF, "slug"),
    "participants:examiner_import_preview": get(STAFF, "slug", "examiner_preview_token"),
    "participants:examiner_import_confirm": post(STAFF, "slug", "examiner_confirm_token"),
    "participants:coach_import_upload": get(STAFF, "coach_slug"),
    "participants:coach_import_preview": get(STAFF, "coach_slug", "coach_preview_token"),
    "participants:coach_import_confirm": post(STAFF, "coach_slug", "coach_confirm_token"),
    "portal:dashboard": get(STAFF, "slug"),
    "innovations:booklet": post(STAFF, "slug"),  # asks the worker for it: the file comes from the downloads
    # Background work: each person's requested downloads, the files (their requester and the cohort's staff only).
    "participants:downloads": get(SIGNED_IN),
    "participants:download_file": get(STAFF, "job", **PDF),
    "participants:job_retry": post(STAFF, "failed_job"),
    "participants:cohort_jobs": get(STAFF, "slug"),
    "participants:mail_retry": post(STAFF, "slug"),
    "core:health": get(EVERYONE, content_type="application/json"),
    "core:favicon": get(EVERYONE, ok=301),
    # The plan. An agreed plan is past editing: the edit page sends its owner back to the plan.
    "innovations:start": post(OWNER, "participant"),
    "innovations:mentees": get({"mentor", "other_mentor"}),
    "participants:notifications": get(SIGNED_IN),
    "participants:notifications_read": post(SIGNED_IN),
    "innovations:detail": get(READERS, "plan"),
    "innovations:edit": get(OWNER, "plan", ok=302),
    "innovations:autosave": post(OWNER, "plan", ok=422),  # an empty form, refused after the permission check
    "innovations:row": get(OWNER, "plan", "row_kind"),
    "innovations:issues": get(OWNER, "plan"),
    "innovations:issue_edit": get(OWNER, "plan", "issue"),
    "innovations:issue_choose": post(OWNER, "plan", "issue"),
    "innovations:attachment_add": post(OWNER, "plan"),
    "innovations:attachment": get(READERS, "plan", "attachment", **PNG),
    "innovations:attachment_delete": post(OWNER, "plan", "attachment"),
    "innovations:submit": post(OWNER, "plan"),
    "innovations:withdraw": post(READERS, "plan"),  # the workflow then decides who may withdraw
    "innovations:restore": post(READERS, "plan"),  # and who may restore
    "innovations:move": post(READERS, "plan", "move_action"),  # any other move: the workflow decides
    "innovations:review": get(MENTOR, "plan"),
    "innovations:approve": post(MENTOR, "plan"),
    "innovations:return": post(MENTOR, "plan"),
    "innovations:history": get(READERS, "plan"),
    "innovations:version": get(READERS, "plan", "version"),
    "innovations:print": get(READERS, "plan"),
    "innovations:pdf": get(READERS, "plan", **PDF),
    "innovations:progress": get(READERS, "plan"),
    "innovations:report": post(OWNER, "plan", "milestone", ok=422),  # an empty report: the form comes back, kept
    "innovations:publish": post(STAFF, "plan"),
    "innovations:review_report": post(MENTOR, "report"),
    "innovations:evidence": get(READERS, "evidence", **PNG),
    # The report stage's report, on the owner's plan in the world's PKP cohort (the mentor approves there); the world's
    # 2017 plan has no report stage: 404 there (tests/innovations/test_work_report_views.py).
    "innovations:work_report": get(REPORT_READERS, "report_plan"),
    "innovations:work_report_save": post(OWNER, "report_plan", ok=422),  # an empty form: the page comes back
    "innovations:work_report_review": get(MENTOR, "report_plan"),
    "innovations:work_report_move": post(MENTOR, "report_plan", "report_action"),
    "innovations:work_report_evidence": get(REPORT_READERS, "report_evidence", **PNG),
    # The world's report waits for review: the removal is refused with a message.
    "innovations:work_report_evidence_delete": post(OWNER, "report_plan", "report_evidence"),
    # Consultations: the participant records, the one met (here the mentor) confirms; a recorded one is not
    # corrected, so its edit page sends the owner back to the log.
    "innovations:consultations": get(READERS, "plan"),
    "innovations:consultation_add": post(OWNER, "plan", ok=422),  # an empty form: the page comes back
    "innovations:consultations_pdf": get(READERS, "plan", **PDF),
    "innovations:consultation_edit": get(OWNER, "consultation", ok=302),
    "innovations:consultation_file": get(READERS, "consultation", **PNG),
    "innovations:consultation_move": post(MENTOR, "consultation", "consultation_action"),
    "innovations:catalogue": get(EVERYONE),
    "innovations:catalogue_detail": get(EVERYONE, "plan"),
    "innovations:catalogue_entries": get(STAFF, "slug"),  # its POST publishes or withdraws the ticked entries
    # The seminar. Everyone in the cohort may read the agenda; only the plan's panel scores it.
    "seminars:setup": get(STAFF, "slug"),
    "seminars:schedule": get(STAFF, "slug"),
    "seminars:schedule_build": post(STAFF, "slug"),
    "seminars:slot_move": post(STAFF, "slug"),  # the exposé is chosen in the form
    "seminars:slot_swap": post(STAFF, "slug"),
    "seminars:slot_pin": post(STAFF, "slug"),  # the exposé is chosen in the form
    "seminars:agenda": get(MEMBERS, "slug"),
    "seminars:agenda_pdf": post(MEMBERS, "slug"),  # asks the worker for it: the file comes from the downloads
    "seminars:calendar_all": get(MEMBERS, "slug", **ICS),
    "seminars:calendar_mine": get(MEMBERS, "slug", **ICS),
    "seminars:panel": get({"examiner", "other_examiner"}, "slug"),
    "seminars:score": get({"examiner"}, "slug", "plan"),
    "seminars:sheet_reopen": post(STAFF, "slug", "sheet"),
    "seminars:results": get(STAFF, "slug"),
    "seminars:results_pdf": post(STAFF, "slug"),
    "seminars:results_publish": post(STAFF, "slug", ok=200),  # a sheet is missing: the page lists it and asks
    "seminars:my_result": get({"owner", "peer"}, "slug"),
    "seminars:rubric": get(STAFF, "slug"),
    # The agreement, addressed by its plan. Signing is open to the plan's readers; the service checks the party.
    "seminars:agreement": get(READERS, "plan"),
    "seminars:agreement_revise": get(OWNER, "plan"),
    "seminars:revision_confirm": post(MENTOR, "plan"),
    "seminars:revision_return": post(MENTOR, "plan"),
    "seminars:agreement_prepare": post({"owner", "mentor"}, "plan"),
    "seminars:agreement_sign": post(READERS, "plan"),
    "seminars:agreement_pdf": get(READERS, "plan", **PDF),
    # The report's lembar pengesahan, addressed by its plan (PKP's, whose report waits for review: not examined, so
    # nothing is prepared yet; preparing is refused in words, and there is no sheet to sign or download).
    "seminars:report_sheet": get(REPORT_READERS, "report_plan"),
    "seminars:report_sheet_prepare": post({"owner", "mentor", "staff"}, "report_plan"),
    "seminars:report_sheet_sign": post(REPORT_READERS, "report_plan", ok=404),
    "seminars:report_sheet_pdf": get(REPORT_READERS, "report_plan", ok=404),
    "seminars:agreement_list": get(STAFF, "slug"),
    "seminars:agreement_remind": post(STAFF, "slug"),
    "seminars:agreement_zip": post(STAFF, "slug"),
    "seminars:agreement_prepare_for": post(STAFF, "slug"),  # the plan is chosen in the form
    # The report's sheets of the PKP cohort, for its staff (a 2017 cohort has none: 404).
    "seminars:report_sheet_list": get(STAFF, "report_slug"),
    "seminars:report_sheet_prepare_for": post(STAFF, "report_slug"),  # no plan chosen: refused with a message
    "seminars:verify_form": get(EVERYONE),
    "seminars:verify": get(EVERYONE, "code"),
    # Closing the training: final grades, certificates, the national record (issue 25).
    "closing:grades": get(STAFF, "slug"),
    "closing:grading_rules": get(STAFF, "slug"),
    "closing:recap_pdf": post(STAFF, "slug"),  # asks the worker for it: the file comes from the downloads
    "closing:grade_import": get(STAFF, "slug"),
    "closing:grade_import_preview": get(STAFF, "slug", "grade_preview_token"),
    "closing:grade_import_confirm": post(STAFF, "slug", "grade_confirm_token"),
    "closing:grade_import_template": get(STAFF, "slug", content_type=XLSX),
    "closing:certificates": get(STAFF, "slug"),
    "closing:certificate_issue": post(STAFF, "slug"),  # everyone who passed holds one: refused with a message
    "closing:certificate_revoke": post(STAFF, "slug", "certificate"),  # without a reason: refused with a message
    "closing:certificate_reissue": post(STAFF, "slug", "certificate"),
    "closing:certificate_archive": post(STAFF, "slug"),
    "closing:siasn": get(STAFF, "slug", content_type=XLSX),
    "closing:my_certificates": get({"owner", "peer"}, "slug"),
    "closing:certificate_pdf": get({"owner", "staff"}, "certificate", **PDF),
    "participants:sharing": get(SIGNED_IN),
    # The read API: a token or nothing, whoever is signed in (tests/api say what a token reads); its tokens' pages.
    "api:tokens": get(STAFF, "organisation"),
    "api:token_revoke": post(STAFF, "organisation", "api_token"),
    "api:schema": get(EVERYONE, content_type="application/vnd.oai.openapi+json"),
    **{
        f"api:{name}": get(NOBODY, *args, others=401, anonymous=401, content_type=JSON)
        for name, args in [
            ("root", ()),
            ("cohorts", ()),
            ("cohort", ("slug",)),
            ("participants", ("slug",)),
            ("works", ("slug",)),
            ("seminar_results", ("slug",)),
            ("final_grades", ("slug",)),
            ("certificates", ("slug",)),
        ]
    },
    # The innovation after the cohort: its record, its dossiers, the region's bureau, replications, the follow-up.
    "impact:record": get(RECORD_READERS, "plan"),
    "impact:record_edit": get(OWNER, "plan"),
    "impact:indicator_add": post(OWNER, "plan", ok=422),  # an empty form: the page comes back, nothing kept
    "impact:measurement_add": post(OWNER, "plan", "indicator", ok=422),
    "impact:evaluation_add": post(OWNER, "plan", ok=422),
    "impact:record_move": post(RECORD_READERS, "plan", "record_action"),  # the lifecycle then decides
    "impact:record_file": get(RECORD_READERS, "plan", "file_kind", "measurement", **PNG),
    "impact:records": get(IS_STAFF),  # each organiser, their own cohorts' innovations
    "impact:dossier_choose": post(CURATORS, "plan", "dossier_form"),
    "impact:dossier": get(CURATORS, "dossier"),
    "impact:dossier_export": post(CURATORS, "dossier", "export_kind"),  # refused with a message: checks fail
    "impact:dossier_move": post(CURATORS, "dossier", "dossier_action"),  # the lifecycle then decides
    "impact:region": get(BUREAUS),  # each bureau, its own region
    "impact:replication_add": get(SIGNED_IN, "plan"),
    "impact:replicate": get(SIGNED_IN, "plan"),
    "impact:questionnaire": get(STAFF, "slug"),
    "impact:follow_up": get(OWNER, "follow_up"),
}


# The report seminar's pages, in the world's Latsar cohort (the 2017 flow has none), by their addresses with the
# stage: only the organisation's staff hold a role there; examiners and participants are the 2017 cohort's, so 404.
REPORT_SEMINAR = {
    "seminars:setup": get(STAFF),
    "seminars:rubric": get(STAFF),
    "seminars:schedule": get(STAFF),
    "seminars:schedule_build": post(STAFF),
    "seminars:slot_move": post(STAFF),  # no exposé of this seminar chosen: refused with a message
    "seminars:slot_swap": post(STAFF),
    "seminars:slot_pin": post(STAFF),
    "seminars:agenda": get(STAFF),
    "seminars:agenda_pdf": post(STAFF),
    "seminars:calendar_all": get(STAFF, **ICS),
    "seminars:calendar_mine": get(STAFF, **ICS),
    "seminars:panel": get(NOBODY),
    "seminars:score": get(NOBODY, "plan"),  # the 2017 plan is on no panel of this seminar
    "seminars:sheet_reopen": post(NOBODY, "sheet"),  # nor is its sheet this seminar's
    "seminars:results": get(STAFF),
    "seminars:results_pdf": post(STAFF),
    "seminars:results_publish": post(STAFF),
    "seminars:my_result": get(NOBODY),
}


def url_names(patterns, namespace=""):
    """The full name of every URL pattern; the admin site counts as one, and a nameless pattern shows its route."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern.url_patterns, inner)
        elif namespace.startswith("admin:"):
            yield "admin:index"
        else:
            yield f"{namespace}{pattern.name or f'<nameless {pattern.pattern}>'}"


def png_file(name):
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def client_of(sessions, role) -> Client:
    client = Client()
    if role != "anonymous":
        client.cookies[django_settings.SESSION_COOKIE_NAME] = sessions[role]
    return client


def upload_roster(sessions, cohort, url_name="participants:roster_upload") -> str:
    """Staff upload a roster (or a list of mentors or examiners) through the page; the redirect to its preview
    carries the upload's token."""
    upload = SimpleUploadedFile("peserta.xlsx", xlsx(roster(person(1, "Rina", "198001012005012001"), title=False)))
    response = client_of(sessions, "staff").post(reverse(url_name, args=[cohort.slug]), {"file": upload})
    return response["Location"].rstrip("/").rsplit("/", 1)[-1]


def upload_grades(sessions, cohort, nip) -> str:
    """Staff upload a list of scores through the page; the redirect to its preview carries the upload's token."""
    upload = SimpleUploadedFile("nilai.xlsx", xlsx([["NIP", "NILAI"], [nip, 80]]))
    response = client_of(sessions, "staff").post(
        reverse("closing:grade_import", args=[cohort.slug]), {"file": upload, "score_column": "attitude"}
    )
    return response["Location"].rstrip("/").rsplit("/", 1)[-1]


def close_training(cohort, owner, staff):
    """The final grade of the world's cohort: its seminar and an attitude score staff enter; the owner passed and
    holds a certificate (its PDF rendered), and the organisation has an API token."""
    cohort.spec = {
        **cohort.spec,
        "components": [
            {"key": "seminar", "label": "Seminar", "weight": 70, "source": "seminar:design"},
            {"key": "attitude", "label": "Sikap perilaku", "weight": 30, "source": "entered"},
        ],
        "lesson_hours": 40,
    }
    cohort.save(update_fields=["spec"])
    cohort = Cohort.objects.get(pk=cohort.pk)
    book = grade_book(cohort)
    book.training_type = "Diklat Teknis"
    book.save(update_fields=["training_type"])
    save_scores(cohort, version=book.version, values={owner.pk: {"attitude": Decimal(90)}}, by=staff)
    with TestCase.captureOnCommitCallbacks(execute=True):
        (certificate,) = issue_certificates(cohort, by=staff)
    token, _key = issue_token(cohort.organisation, name="Dashboard", by=staff)
    return certificate, token


def after_the_cohort(plan, staff):
    """The plan's record (a measured indicator, not yet sent to the mentor), a KIPP dossier, the follow-up asked
    of its participant; and two organisation bureaus, of the cohort's region and of another."""
    owner = plan.participant.user
    indicator = records.add_indicator(
        plan,
        by=owner,
        name="Waktu layanan",
        unit="hari",
        baseline=14,
        baseline_on=datetime.date(2017, 8, 1),
        lower_is_better=True,
    )
    records.add_measurement(
        indicator,
        by=owner,
        value=2,
        measured_on=datetime.date(2018, 8, 1),
        note="",
        evidence=demo_photo("KTP", (9, 9, 9)),
    )
    dossier, _created = dossiers.choose(
        plan, Dossier.Form.KIPP, by=staff, organisation=plan.participant.cohort.organisation
    )
    questionnaire = Questionnaire.objects.create(cohort=plan.participant.cohort)
    questionnaire.questions.create(text="Sejauh mana perubahan berjalan?", kind="scale", order=1)
    followups.send_cohort(plan.participant.cohort)
    follow_up = plan.follow_ups.get(respondent="alumnus")
    elsewhere, _ = Region.objects.get_or_create(
        code="12.07", defaults={"name": "Kabupaten Deli Serdang", "level": 2, "kind": "kabupaten", "parent_id": "12"}
    )
    people = []
    for region in (plan.participant.cohort.region, elsewhere):
        organisation = OrganisationFactory(
            kind=Organisation.Kind.BUREAU, region=region, short_name=f"Bagian Organisasi {region}"
        )
        person = UserFactory()
        organisation.staff_members.add(person)
        people.append(person)
    return *people, indicator, dossier, follow_up


def report_world(cohort, owner, mentor):
    """The same participant and mentor in a PKP cohort of the same organisation: an agreed plan whose report, with a
    photo as evidence, waits for the mentor's review."""
    pkp = Programme.objects.get(code="pkp")
    other = CohortFactory(organisation=cohort.organisation, programme=pkp, spec=pkp.spec)
    participant = ParticipantFactory(
        cohort=other, user=owner.user, mentor=MentorFactory(cohort=other, user=mentor.user)
    )
    plan = complete_plan(participant=participant)
    ActionPlan.objects.filter(pk=plan.pk).update(state=ActionPlan.State.AGREED)
    plan.refresh_from_db()
    entries = {
        m.pk: {"done": "SK tim terbit.", "output": "SK", "effect": "", "values": []} for m in plan.milestones.all()
    }
    report = save_report(plan, by=owner.user, version=0, summary="Selesai.", effect="", entries=entries)
    submit_report(report, by=owner.user, version=report.version)
    evidence = ReportEvidence.objects.create(
        entry=report.entries.get(), file=png_file("foto.png"), name="foto.png", content_type="image/png", size=10
    )
    return plan, evidence


def build_world():
    cohort, other_cohort = CohortFactory(), CohortFactory()
    staff, other_staff = UserFactory(is_staff=True), UserFactory(is_staff=True)
    cohort.organisation.staff_members.add(staff)
    other_cohort.organisation.staff_members.add(other_staff)
    seminar = SeminarFactory(cohort=cohort)
    criteria = ensure_rubric(cohort).criteria.all()
    # Named so that `examiner` comes first by name, and so signs the agreement for the panel.
    examiner = ExaminerFactory(cohort=cohort, user__full_name="Dr. Ani Lestari")
    panel_mate = ExaminerFactory(cohort=cohort, user__full_name="Dr. Budi Santoso")
    other_examiner = ExaminerFactory(cohort=cohort)
    rooms = [
        PanelFactory(room__seminar=seminar, examiners=[examiner, panel_mate]).room,
        PanelFactory(room__seminar=seminar, examiners=[other_examiner]).room,
    ]
    start, end = seminar_times(seminar)[0]
    plans = [complete_plan(participant__cohort=cohort) for _room in rooms]  # each in its kecamatan: two mentors
    for each, room in zip(plans, rooms, strict=True):
        workflow.submit_plan(each, by=each.participant.user)
        workflow.approve_plan(each, by=each.participant.mentor.user)
        Slot.objects.create(seminar=seminar, room=room, plan=each, starts_at=start, ends_at=end)
    the_plan, peer_plan = plans
    owner, mentor = the_plan.participant, the_plan.participant.mentor
    sheets = [the_plan.score_sheets.create(seminar=seminar, examiner=e) for e in (examiner, panel_mate)]
    for sheet in sheets:
        values = {c.pk: Decimal(85) for c in criteria}
        submit_sheet(sheet, values=values, note="Tambah tonggak evaluasi.", by=sheet.examiner.user)
    rows = [{"term": m.term, "deliverable": m.deliverable, "due_date": m.due_date} for m in the_plan.milestones.all()]
    rows.append({"term": "medium", "deliverable": "Evaluasi tiga bulan", "due_date": "2017-12-31"})
    revision = revisions.propose_revision(the_plan, milestones=rows, by=owner.user)
    agreement = revisions.confirm_revision(revision, by=mentor.user)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the worker renders the sealed PDF after commit
        for user in (owner.user, mentor.user, examiner.user):
            agreements.sign(agreement, by=user, password=PASSWORD, ip_address="10.0.0.1", user_agent="test")
        booklet, _created = request_job(Job.Kind.BOOKLET, cohort=cohort, by=staff)
    failed_job = Job.objects.create(
        kind=Job.Kind.MINUTES, cohort=cohort, requested_by=staff, state=Job.State.FAILED, params={"seminar": seminar.pk}
    )
    milestone = the_plan.milestones.first()
    report = report_progress(
        milestone, by=owner.user, status="in_progress", percent=50, narrative="SK tim disusun.", links=""
    )
    evidence = Evidence.objects.create(
        report=report, file=png_file("sk.png"), name="sk.png", content_type="image/png", size=10
    )
    attachment = Attachment.objects.create(
        plan=the_plan, file=png_file("a.png"), name="a.png", content_type="image/png", size=10, uploaded_by=owner.user
    )
    consultation = Consultation.objects.create(
        plan=the_plan,
        consultant="mentor",
        held_on=cohort.start_date,
        topic="Tonggak capaian",
        advice="Perjelas indikator.",
        file=png_file("notulen.png"),
        name="notulen.png",
        content_type="image/png",
        size=10,
    )
    ActionPlan.objects.filter(pk=the_plan.pk).update(published_at=timezone.now(), catalogue_state="published")
    the_plan.refresh_from_db()
    agreement.refresh_from_db()
    assert (the_plan.state, agreement.is_sealed) == (ActionPlan.State.AGREED, True)
    certificate, api_token = close_training(cohort, owner, staff)
    bureau, other_bureau, indicator, dossier, follow_up = after_the_cohort(the_plan, staff)
    report_plan, report_evidence = report_world(cohort, owner, mentor)
    latsar = Programme.objects.get(code="latsar-cpns")
    coachee = ParticipantFactory(
        cohort=CohortFactory(organisation=cohort.organisation, programme=latsar, spec=latsar.spec), with_coach=True
    )
    SeminarFactory(cohort=coachee.cohort, stage="report", title="Seminar Laporan Aktualisasi")
    users = {
        "owner": owner.user,
        "peer": peer_plan.participant.user,
        "mentor": mentor.user,
        "other_mentor": peer_plan.participant.mentor.user,
        "examiner": examiner.user,
        "other_examiner": other_examiner.user,
        "staff": staff,
        "other_staff": other_staff,
        "bureau": bureau,
        "other_bureau": other_bureau,
    }
    # Each role signs in once; its session is rolled back to this state after every test, even after a sign-out.
    sessions = {}
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        sessions[role] = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    # The world as the URLs need it: each name that a MATRIX row uses, with its value.
    return SimpleNamespace(
        slug=cohort.slug,
        organisation=cohort.organisation_id,
        staff_user=staff.pk,
        plan=the_plan.pk,
        participant=owner.pk,
        user=owner.user.pk,
        other_examiner=other_examiner.pk,
        mentor=mentor.pk,
        issue=the_plan.core_issue_id,
        row_kind="risks",
        move_action="withdraw",
        version=1,
        attachment=attachment.pk,
        milestone=milestone.pk,
        report=report.pk,
        evidence=evidence.pk,
        consultation=consultation.pk,
        consultation_action="confirm",
        slot=the_plan.slot_in("design").pk,
        sheet=sheets[0].pk,
        code=agreement.code,
        job=booklet.pk,
        failed_job=failed_job.pk,
        indicator=indicator.pk,
        record_action="submit",
        file_kind="measurement",
        measurement=indicator.measurements.get().pk,
        dossier=dossier.pk,
        dossier_form="iid",
        export_kind="pdf",
        dossier_action="drop",
        follow_up=follow_up.pk,
        # Two uploads: confirming one forgets its file, and no rollback brings that back.
        preview_token=upload_roster(sessions, cohort),
        confirm_token=upload_roster(sessions, cohort),
        mentor_preview_token=upload_roster(sessions, cohort, "participants:mentor_import_upload"),
        mentor_confirm_token=upload_roster(sessions, cohort, "participants:mentor_import_upload"),
        examiner_preview_token=upload_roster(sessions, cohort, "participants:examiner_import_upload"),
        examiner_confirm_token=upload_roster(sessions, cohort, "participants:examiner_import_upload"),
        import_kind="mentors",
        certificate=certificate.pk,
        api_token=api_token.pk,
        grade_preview_token=upload_grades(sessions, cohort, owner.user.nip),
        grade_confirm_token=upload_grades(sessions, cohort, owner.user.nip),
        # The panel mate never signs in, so a link made for them stays valid through the whole module.
        reset_uid=urlsafe_base64_encode(force_bytes(panel_mate.user.pk)),
        reset_token=default_token_generator.make_token(panel_mate.user),
        report_plan=report_plan.pk,
        report_slug=report_plan.participant.cohort.slug,
        report_evidence=report_evidence.pk,
        report_action="approve",
        coach_slug=coachee.cohort.slug,
        coach=coachee.coach_id,
        coachee=coachee.pk,
        coach_preview_token=upload_roster(sessions, coachee.cohort, "participants:coach_import_upload"),
        coach_confirm_token=upload_roster(sessions, coachee.cohort, "participants:coach_import_upload"),
        sessions=sessions,
    )


@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _private_media(settings, media_root):
    """Replaces conftest's fixture: the world's files live for the whole module, not for one test."""
    settings.MEDIA_ROOT = media_root


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, media_root):
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def checks(rule):
    """(role, method, expected answer) for every role. The rightful POSTs come last, as they may change the world."""
    first, last = [], []
    for role in ROLES:
        if role not in rule.allowed:
            first.append((role, rule.method, rule.anonymous if role == "anonymous" else rule.others))
        elif rule.method == "get":
            first.append((role, "get", rule.answer))
        else:
            first.append((role, "get", rule.on_get))
            last.append((role, "post", rule.answer))
    return first + last


def mismatch(rule, response, expected) -> str | None:
    if expected == LOGIN:
        location = response.get("Location", "")
        if response.status_code == 302 and location.startswith(reverse(rule.login_url)):
            return None
        return f"got {response.status_code} {location}, expected {LOGIN}"
    if response.status_code != expected:
        return f"got {response.status_code}, expected {expected}"
    if expected == 200 and not response["Content-Type"].startswith(rule.content_type):
        return f"got {response['Content-Type']}, expected {rule.content_type}"
    return None


def test_the_matrix_lists_every_url_and_no_other():
    names = set(url_names(get_resolver().url_patterns))

    unlisted, gone = sorted(names - MATRIX.keys()), sorted(MATRIX.keys() - names)

    assert (unlisted, gone) == ([], []), f"URLs with no row in MATRIX: {unlisted}; rows for no URL: {gone}"


def answers(world, rule, url) -> list[str]:
    """What went wrong for each role that did not get its answer from `url`."""
    clients = {role: client_of(world.sessions, role) for role in ROLES}

    wrong = []
    for role, method, expected in checks(rule):
        try:
            response = getattr(clients[role], method)(url)
        except Exception as error:  # a 500: name it with the rest
            wrong.append(f"{role} {method.upper()} {url}: raised {error!r}")
            continue
        if response.streaming:
            b"".join(response.streaming_content)  # the client closes the file once it is read to the end
        if problem := mismatch(rule, response, expected):
            wrong.append(f"{role} {method.upper()} {url}: {problem}")
    return wrong


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_gets_its_answer(world, name):
    rule = MATRIX[name]
    url = reverse(name, args=[getattr(world, arg) for arg in rule.args])

    wrong = answers(world, rule, url)

    assert wrong == [], f"{name}:\n" + "\n".join(wrong)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(REPORT_SEMINAR))
def test_each_role_gets_its_answer_at_the_report_seminar(world, name):
    rule = REPORT_SEMINAR[name]
    url = reverse(name, args=[world.coach_slug, "report", *(getattr(world, arg) for arg in rule.args)])

    wrong = answers(world, rule, url)

    assert "/seminar/report/" in url
    assert wrong == [], f"{name}:\n" + "\n".join(wrong)


def test_every_seminar_page_has_a_report_seminar_row():
    staged = {name for name, rule in MATRIX.items() if name.startswith("seminars:") and "slug" in rule.args}

    assert staged - {name for name in staged if "agreement" in name} == REPORT_SEMINAR.keys()
