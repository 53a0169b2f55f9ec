"""The main pages of every role in the demo's cohorts, for the accessibility and HTML checks."""

from typing import cast

from django.urls import reverse

from closing.models import Certificate
from impact.models import Dossier, FollowUp
from innovations.models import ActionPlan
from participants.models import Examiner, Mentor, Organisation, Participant, User
from portal.demo import deli_serdang, provinsi
from portal.demo import impact as after_the_cohort
from portal.demo.loader import ADMIN_EMAIL, COHORT_SLUG, load_demo
from seminars.models import Agreement

ROLES = [
    "public",
    "participant",
    "writer",
    "examinee",
    "mentor",
    "verifier",
    "confirmer",
    "record_confirmer",
    "examiner",
    "staff",
    "staff_elsewhere",
    "bureau",
    "coach",
    "latsar_participant",
    "latsar_staff",
    "superuser",
]


def _plan(roll: int) -> ActionPlan:
    return ActionPlan.objects.select_related("participant__user", "participant__mentor__user").get(
        participant__cohort__slug=COHORT_SLUG, participant__roll_number=roll
    )


def _mentor_of(plan: ActionPlan) -> Mentor:
    # Not None: every participant of the demo's cohort has a mentor.
    return cast(Mentor, plan.participant.mentor)


def main_pages() -> dict[str, tuple[User | None, list[str]]]:
    """Load the demo and return, per role, who signs in and the pages they use most."""
    load_demo()
    slug = COHORT_SLUG
    agreed = _plan(4)  # sealed agreement, milestones being reported
    writer = _plan(30)  # returned for revision: the plan form is open
    submitted = _plan(32)  # waiting for the mentor's review
    scored = _plan(1)  # one examiner's score sheet is still a draft
    examined = _plan(5)  # scored at the seminar; the agreement is still to prepare
    revised = _plan(7)  # its milestones revised after the seminar, waiting for the mentor to confirm or return them
    examiner_role = Examiner.objects.select_related("user").get(
        cohort__slug=slug, user__email="andi.wahyudi@lan.example"
    )
    examiner = examiner_role.user
    dropout = Participant.objects.filter(cohort__slug=slug, withdrawn_at__isnull=False).first() or scored.participant
    agreement = Agreement.objects.get(plan=agreed)
    # Not None: the demo issues its cohort's certificates.
    certificate = cast(Certificate, Certificate.objects.filter(participant__cohort__slug=slug, state="issued").first())
    staff = User.objects.get(email="staf@bkdpsdm.medan.example")
    medan = Organisation.objects.get(cohorts__slug=slug)
    elsewhere = Participant.objects.select_related("cohort__organisation").get(
        cohort__slug=deli_serdang.SLUG, roll_number=1
    )
    other = elsewhere.cohort.slug
    implemented = _plan(after_the_cohort.IMPLEMENTED)  # penerapan, confirmed, going forward to KIPP and the index
    initiative = _plan(after_the_cohort.INITIATIVE)  # its record waits for the mentor
    kipp = Dossier.objects.get(plan=implemented, form=Dossier.Form.KIPP)
    iid = Dossier.objects.get(plan=implemented, form=Dossier.Form.IID)
    on_trial = Dossier.objects.get(plan=agreed, form=Dossier.Form.IID)  # its checks still fail
    follow_up = FollowUp.objects.get(plan=agreed, respondent=FollowUp.Respondent.ALUMNUS)
    bureau = User.objects.get(email=after_the_cohort.BUREAU_STAFF[3])
    return {
        **_programme_pages(),
        **{
            "public": (
                None,
                [
                    reverse("participants:login"),
                    reverse("participants:password_reset"),
                    reverse("participants:password_reset_done"),
                    reverse("innovations:catalogue"),
                    reverse("innovations:catalogue") + "?q=arsip",
                    reverse("innovations:catalogue_detail", args=[agreed.pk]),
                    reverse("innovations:catalogue_detail", args=[implemented.pk]),
                    reverse("innovations:catalogue") + "?stage=penerapan",
                    reverse("seminars:verify_form"),
                    reverse("seminars:verify", args=[agreement.code]),
                    reverse("seminars:verify", args=[certificate.code]),
                ],
            ),
            "participant": (
                agreed.participant.user,
                [
                    reverse("portal:home"),
                    reverse("innovations:detail", args=[agreed.pk]),
                    reverse("innovations:history", args=[agreed.pk]),
                    reverse("innovations:progress", args=[agreed.pk]),
                    reverse("innovations:consultations", args=[agreed.pk]),
                    reverse("seminars:agreement", args=[agreed.pk]),
                    reverse("seminars:my_result", args=[slug]),
                    reverse("closing:my_certificates", args=[slug]),
                    reverse("participants:sharing"),
                    reverse("participants:notifications"),
                    reverse("participants:password_change"),
                    reverse("impact:record", args=[agreed.pk]),
                    reverse("impact:record_edit", args=[agreed.pk]),
                    reverse("impact:follow_up", args=[follow_up.pk]),
                    reverse("impact:replicate", args=[implemented.pk]),
                    reverse("impact:replication_add", args=[implemented.pk]),
                ],
            ),
            "writer": (
                writer.participant.user,
                [
                    reverse("innovations:edit", args=[writer.pk]),
                    reverse("innovations:issues", args=[writer.pk]),
                    reverse("innovations:detail", args=[writer.pk]),
                ],
            ),
            "examinee": (
                examined.participant.user,
                [
                    reverse("seminars:agreement", args=[examined.pk]),
                    reverse("seminars:agreement_revise", args=[examined.pk]),
                    reverse("innovations:print", args=[examined.pk]),
                    reverse("seminars:agenda", args=[slug]),
                ],
            ),
            "mentor": (
                _mentor_of(submitted).user,
                [
                    reverse("portal:home"),
                    reverse("innovations:mentees"),
                    reverse("participants:notifications"),
                    reverse("innovations:detail", args=[submitted.pk]),
                    reverse("innovations:review", args=[submitted.pk]),
                    reverse("innovations:version", args=[submitted.pk, submitted.versions.latest("number").number]),
                ],
            ),
            "verifier": (
                _mentor_of(agreed).user,
                [
                    reverse("innovations:progress", args=[agreed.pk]),
                    reverse("seminars:agreement", args=[agreed.pk]),
                    reverse("impact:record", args=[agreed.pk]),
                ],
            ),
            "confirmer": (
                _mentor_of(revised).user,
                [reverse("seminars:agreement", args=[revised.pk])],
            ),
            "record_confirmer": (
                _mentor_of(initiative).user,
                [reverse("portal:home"), reverse("impact:record", args=[initiative.pk])],
            ),
            "examiner": (
                examiner,
                [
                    reverse("portal:home"),
                    reverse("seminars:panel", args=[slug]),
                    reverse("seminars:score", args=[slug, scored.pk]),
                    reverse("seminars:agenda", args=[slug]),
                ],
            ),
            "staff": (
                staff,
                [
                    reverse("portal:home"),
                    reverse("participants:notifications"),
                    reverse("portal:cohort_list"),
                    reverse("portal:cohort_create"),
                    reverse("portal:cohort_detail", args=[slug]),
                    reverse("portal:cohort_edit", args=[slug]),
                    reverse("portal:dashboard", args=[slug]),
                    reverse("portal:participant_list", args=[slug]),
                    reverse("portal:participant_mentor", args=[slug, scored.participant.pk]),
                    reverse("portal:participant_detail", args=[slug, scored.participant.pk]),
                    reverse("portal:participant_edit", args=[slug, scored.participant.pk]),
                    reverse("portal:participant_detail", args=[slug, dropout.pk]),
                    reverse("portal:mentor_detail", args=[slug, _mentor_of(scored).pk]),
                    reverse("portal:mentor_edit", args=[slug, _mentor_of(scored).pk]),
                    reverse("portal:mentor_replace", args=[slug, _mentor_of(scored).pk]),
                    reverse("portal:examiner_detail", args=[slug, examiner_role.pk]),
                    reverse("portal:examiner_edit", args=[slug, examiner_role.pk]),
                    reverse("portal:mentor_list", args=[slug]),
                    reverse("portal:mentor_create", args=[slug]),
                    reverse("portal:examiner_list", args=[slug]),
                    reverse("portal:examiner_create", args=[slug]),
                    reverse("participants:roster_upload", args=[slug]),
                    reverse("participants:mentor_import_upload", args=[slug]),
                    reverse("participants:examiner_import_upload", args=[slug]),
                    reverse("portal:audit", args=[slug]),
                    reverse("seminars:setup", args=[slug]),
                    reverse("seminars:schedule", args=[slug]),
                    reverse("seminars:results", args=[slug]),
                    reverse("seminars:rubric", args=[slug]),
                    reverse("seminars:agreement_list", args=[slug]),
                    reverse("innovations:catalogue_entries", args=[slug]),
                    reverse("seminars:agenda", args=[slug]),
                    reverse("innovations:history", args=[agreed.pk]),
                    reverse("participants:cohort_jobs", args=[slug]),
                    reverse("participants:downloads"),
                    reverse("innovations:detail", args=[agreed.pk]),
                    reverse("innovations:progress", args=[agreed.pk]),
                    reverse("portal:organisation_detail", args=[medan.pk]),
                    reverse("portal:organisation_edit", args=[medan.pk]),
                    reverse("closing:grades", args=[slug]),
                    reverse("closing:grading_rules", args=[slug]),
                    reverse("closing:grade_import", args=[slug]),
                    reverse("closing:certificates", args=[slug]),
                    reverse("api:tokens", args=[medan.pk]),
                    reverse("impact:records"),
                    reverse("impact:record", args=[implemented.pk]),
                    reverse("impact:dossier", args=[iid.pk]),
                    reverse("impact:questionnaire", args=[slug]),
                ],
            ),
            "bureau": (
                bureau,
                [
                    reverse("portal:home"),
                    reverse("impact:region"),
                    reverse("impact:region") + "?stage=uji_coba",
                    reverse("impact:record", args=[implemented.pk]),
                    reverse("impact:dossier", args=[kipp.pk]),
                    reverse("impact:dossier", args=[on_trial.pk]),
                ],
            ),
            "staff_elsewhere": (
                User.objects.get(email=deli_serdang.STAFF[2]),
                [
                    reverse("portal:home"),
                    reverse("portal:cohort_detail", args=[other]),
                    reverse("portal:participant_list", args=[other]),
                    reverse("portal:participant_mentor", args=[other, elsewhere.pk]),
                    reverse("portal:mentor_list", args=[other]),
                    reverse("portal:mentor_create", args=[other]),
                    reverse("participants:roster_upload", args=[other]),
                    reverse("innovations:print", args=[elsewhere.plans.get().pk]),
                    reverse("innovations:consultations", args=[elsewhere.plans.get().pk]),
                ],
            ),
            "superuser": (
                User.objects.get(email=ADMIN_EMAIL),
                [
                    reverse("portal:organisation_list"),
                    reverse("portal:organisation_create"),
                    reverse("portal:organisation_detail", args=[elsewhere.cohort.organisation.pk]),
                    reverse("portal:organisation_staff_add", args=[medan.pk]),
                ],
            ),
        },
    }


def _programme_pages() -> dict[str, tuple[User | None, list[str]]]:
    """The pages of LAN's programmes in the demo: Latsar's coach, a participant with a report, its staff."""
    latsar = "latsar-sumut-2026"
    plans = {
        plan.participant.roll_number: plan
        for plan in ActionPlan.objects.filter(participant__cohort__slug=latsar).select_related(
            "participant__user", "participant__coach__user"
        )
    }
    # Report signed off, its work completed; design's sheet signed by its coach only; submitted to its coach.
    reported, half_signed, submitted = plans[1], plans[3], plans[4]
    coach = submitted.participant.coach
    assert coach is not None  # Latsar's roster names every coach
    return {
        "coach": (
            coach.user,
            [
                reverse("portal:home"),
                reverse("innovations:review", args=[submitted.pk]),
                reverse("innovations:consultations", args=[submitted.pk]),
                reverse("innovations:work_report_review", args=[reported.pk]),
                reverse("seminars:agreement", args=[reported.pk]),
            ],
        ),
        "latsar_participant": (
            reported.participant.user,
            [
                reverse("portal:home"),
                reverse("innovations:detail", args=[reported.pk]),
                reverse("innovations:work_report", args=[reported.pk]),
                reverse("seminars:agreement", args=[reported.pk]),
                reverse("seminars:report_sheet", args=[reported.pk]),
                reverse("innovations:consultations", args=[reported.pk]),
            ],
        ),
        "latsar_staff": (
            User.objects.get(email=provinsi.STAFF[2]),
            [
                reverse("portal:coach_list", args=[latsar]),
                reverse("portal:coach_detail", args=[latsar, coach.pk]),
                reverse("portal:coach_create", args=[latsar]),
                reverse("portal:cohort_detail", args=[latsar]),
                reverse("portal:dashboard", args=[latsar]),
                reverse("seminars:schedule", args=[latsar, "report"]),
                reverse("seminars:results", args=[latsar, "report"]),
                reverse("seminars:agreement", args=[half_signed.pk]),
                reverse("seminars:agreement_list", args=[latsar]),
                reverse("seminars:report_sheet_list", args=[latsar]),
            ],
        ),
    }
