"""Pages of the three-party agreement: reading, revising the milestones, preparing, signing; staff's list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.client import client_address
from core.forms import posted_id, posted_text
from core.responses import private_file_response
from innovations.access import own_plan, plan_as
from innovations.forms import MilestoneForm
from innovations.models import ActionPlan, WorkReport
from participants.access import cohort_for_staff
from participants.audit import Verb, record
from participants.jobs import request_job
from participants.models import Job
from participants.notifications import notify
from participants.passwords import confirmed_in
from participants.rules import person_path
from participants.views.jobs import job_requested

from .. import agreements, report_sheets, revisions
from ..access import plan_for_party
from ..forms import PasswordForm, RevisionFormSet
from ..models import Agreement, MilestoneRevision, ScoreSheet

State = ActionPlan.State
# The names of each stage's sheet's addresses (seminars.urls): "agreement", "agreement_prepare", ….
URLS = {agreements.DESIGN: "agreement", agreements.REPORT: "report_sheet"}
ACTIONS = ("prepare", "sign", "pdf")
# Who prepares the sheet on its page: staff prepare the design's from their list (prepare_for_participant), the
# report's here.
PREPARED_BY = {
    agreements.DESIGN: ["owner", "mentor", "coach"],
    agreements.REPORT: ["owner", "mentor", "coach", "staff"],
}


@login_required
def agreement_detail(request, pk, stage=agreements.DESIGN):
    """A plan's sheet of one stage (the design's agreement or approval sheet, the report's lembar pengesahan): its
    document, its signatures and the signing form; before it is prepared, what it waits for."""
    plan = plan_for_party(request, pk)
    agreement = (
        Agreement.objects.filter(plan=plan, stage=stage).select_related(person_path("examiner", "examiner")).first()
    )
    design = stage == agreements.DESIGN
    revision = MilestoneRevision.objects.filter(plan=plan).first() if design else None
    role = agreements.role_of(agreement, request.user) if agreement else None
    signatures = list(agreement.signatures.select_related("user")) if agreement else []
    # The revision as the mentor reviews it (and its participant reads it): against the agreed milestones.
    waiting = revision is not None and agreement is None and revision.is_waiting
    context = {
        "plan": plan,
        "agreement": agreement,
        "revision": revision,
        "revisable": design,
        "role": role,
        "content": agreement.content if agreement else None,
        "signatures": signatures,
        "signers": agreements.signers(agreement, signatures) if agreement else [],
        "has_signed": bool(agreement and role and agreement.signatures.filter(role=role).exists()),
        "is_owner": plan.held_by(request.user, "owner"),
        "prepares": any(plan.held_by(request.user, role) for role in PREPARED_BY[stage]),
        "sheet_title": agreements.title_of(plan.participant.cohort, stage),
        "labels": agreements.labels_of(plan.participant.cohort, plan.title, stage),
        # Prepared from the plan (the report) as examined: before the seminar's result there is nothing to prepare.
        "can_prepare": plan.state == ActionPlan.State.EXAMINED if design else _report_examined(plan),
        "urls": {name: reverse(f"seminars:{URLS[stage]}_{name}", args=[plan.pk]) for name in ACTIONS},
        "revision_moves": revisions.LIFECYCLE.allowed(revision, request.user) if revision else {},
        "changes": revisions.comparison(revision) if waiting else [],
        "examiner_notes": _examiner_notes(plan) if waiting else [],
        "sign_moves": agreements.LIFECYCLE.allowed(agreement, request.user) if agreement else {},
        "password_form": PasswordForm(),
        # Confirmed in this session a few minutes ago: signing is one click on a button that names the document.
        "password_confirmed_at": confirmed_in(request.session, request.user),
        "verification_url": agreements.verification_url(agreement) if agreement else "",
    }
    return render(request, "seminars/agreement_detail.html", context)


def _report_examined(plan) -> bool:
    return WorkReport.objects.filter(plan=plan, state=WorkReport.State.EXAMINED).exists()


def _examiner_notes(plan):
    return (
        plan.score_sheets.filter(state=ScoreSheet.State.SUBMITTED)
        .exclude(note="")
        .select_related(person_path("examiner", "examiner"))
    )


@login_required
def revise(request, pk):
    plan = own_plan(request, pk)
    returned = MilestoneRevision.objects.filter(plan=plan, state=MilestoneRevision.State.RETURNED).first()
    # Revised again after a return: from the revision the mentor read, not from the milestones agreed before it.
    initial = (
        sorted(returned.milestones, key=lambda m: m["due_date"])
        if returned
        else [{"term": m.term, "deliverable": m.deliverable, "due_date": m.due_date} for m in plan.milestones.all()]
    )
    formset = RevisionFormSet(request.POST or None, initial=initial, prefix="milestones")
    if request.method == "POST" and formset.is_valid():
        rows = [f.cleaned_data for f in formset if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        try:
            revisions.propose_revision(plan, milestones=rows, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The revised milestones are sent to your mentor for confirmation."))
        return redirect("seminars:agreement", pk=pk)
    return render(
        request,
        "seminars/agreement_revise.html",
        {
            "plan": plan,
            "formset": formset,
            "notes": _examiner_notes(plan),
            "form": MilestoneForm(),
            "returned": returned,
        },
    )


def _act(request, action, success):
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)


@require_POST
@login_required
def confirm(request, pk):
    revision = get_object_or_404(MilestoneRevision.objects.held_as("mentor", request.user), plan_id=pk)
    _act(
        request,
        lambda: revisions.confirm_revision(revision, by=request.user),
        _("The revision is confirmed and the agreement is ready to sign."),
    )
    return redirect("seminars:agreement", pk=pk)


@require_POST
@login_required
def return_revision(request, pk):
    revision = get_object_or_404(MilestoneRevision.objects.held_as("mentor", request.user), plan_id=pk)
    _act(
        request,
        lambda: revisions.return_revision(revision, by=request.user, note=posted_text(request, "note")),
        _("The revision is returned to the participant with your note."),
    )
    return redirect("seminars:agreement", pk=pk)


@require_POST
@login_required
def prepare(request, pk, stage=agreements.DESIGN):
    plan = plan_as(request, pk, PREPARED_BY[stage])
    if stage == agreements.REPORT:
        action, done = report_sheets.prepare_report_sheet, _("The sheet is ready to sign.")
    else:
        action, done = agreements.prepare_agreement, _("The agreement is ready to sign.")
    _act(request, lambda: action(plan, by=request.user), done)
    return redirect(f"seminars:{URLS[stage]}", pk=pk)


@require_POST
@login_required
def sign(request, pk, stage=agreements.DESIGN):
    plan = plan_for_party(request, pk)
    agreement = get_object_or_404(Agreement, plan=plan, stage=stage)
    form = PasswordForm(request.POST)
    password = form.data.get("password", "")
    _act(
        request,
        lambda: agreements.sign(
            agreement,
            by=request.user,
            password=password,
            ip_address=client_address(request),
            user_agent=request.headers.get("User-Agent", ""),
            session=request.session,
        ),
        _("You have signed the agreement.") if stage == agreements.DESIGN else _("You have signed the sheet."),
    )
    return redirect(f"seminars:{URLS[stage]}", pk=pk)


@login_required
def sealed_pdf(request, pk, stage=agreements.DESIGN):
    """The sealed PDF; while the worker is still rendering it, a page that says so."""
    plan = plan_for_party(request, pk)
    agreement = get_object_or_404(Agreement, plan=plan, stage=stage, state=Agreement.State.SEALED)
    if not agreement.pdf:
        job = agreements.pdf_job(agreement)
        context = {
            "plan": plan,
            "agreement": agreement,
            "job_failed": job is not None and job.state == Job.State.FAILED,
        }
        return render(request, "seminars/agreement_pdf_pending.html", context, status=202)
    return private_file_response(agreement.pdf, agreements.file_name(agreement), "application/pdf")


# Staff ------------------------------------------------------------------------------------------


# The names of each stage's staff list and of its "prepare for the participant" address (seminars.urls).
LISTS = {agreements.DESIGN: "seminars:agreement_list", agreements.REPORT: "seminars:report_sheet_list"}
PREPARE_FOR = {
    agreements.DESIGN: "seminars:agreement_prepare_for",
    agreements.REPORT: "seminars:report_sheet_prepare_for",
}


def _cohort_with_sheet(request, slug, stage):
    """The cohort its staff run, where its programme closes `stage` with a sheet; else 404 (the design's list
    stays open to every programme, as it always was)."""
    cohort = cohort_for_staff(request, slug)
    if stage != agreements.DESIGN and agreements.sign_off_of(cohort, stage) is None:
        raise Http404
    return cohort


def _ready_for_sheet(cohort, stage):
    """The plans whose sheet of `stage` may be prepared and is not: examined plans for the design's, plans whose
    report is examined for the report's."""
    plans = ActionPlan.objects.filter(participant__cohort=cohort)
    if stage == agreements.REPORT:
        plans = plans.filter(work_report__state=WorkReport.State.EXAMINED)
    else:
        plans = plans.filter(state=State.EXAMINED)
    return plans.exclude(sheets__stage=stage).select_related(person_path("owner", "participant"))


def sheet_tabs(cohort, stage) -> list[dict]:
    """A tab per stage's sheet list, named by the programme's sheet titles; none for a programme with one."""
    if agreements.sign_off_of(cohort, agreements.REPORT) is None:
        return []
    return [
        {"title": agreements.title_of(cohort, key), "url": reverse(name, args=[cohort.slug]), "active": key == stage}
        for key, name in LISTS.items()
    ]


@login_required
def agreement_list(request, slug, stage=agreements.DESIGN):
    """Staff's list of one stage's sheets (the design's agreements or approval sheets, the report's lembar
    pengesahan): whom each waits for, and the plans ready for one that nobody has prepared yet."""
    cohort = _cohort_with_sheet(request, slug, stage)
    rows = [
        (agreement, agreements.waiting_for(agreement))
        for agreement in Agreement.objects.filter(plan__participant__cohort=cohort, stage=stage)
        .select_related(
            "plan__participant__cohort",  # its programme orders the parties (agreements.ordered_parties)
            person_path("owner", "plan__participant"),
            person_path("mentor", "plan__participant"),
            person_path("examiner", "examiner"),
        )
        .prefetch_related("signatures")
    ]
    tabs = sheet_tabs(cohort, stage)
    context = {
        "cohort": cohort,
        "rows": rows,
        "not_prepared": _ready_for_sheet(cohort, stage),
        "stage": stage,
        "is_design": stage == agreements.DESIGN,
        "tabs": tabs,
        "heading": _("Sign-off sheets") if tabs else _("Agreements"),
        "sheet_title": agreements.title_of(cohort, stage),
        "labels": agreements.labels_of(cohort, "", stage),
        "sheet_page": agreements.PAGES[stage]["page"],
        "prepare_for": PREPARE_FOR[stage],
    }
    return render(request, "seminars/agreement_list.html", context)


@require_POST
@login_required
def remind(request, slug):
    """Tell everyone who still has to sign, once each, with every agreement they have left: notifications, which
    the worker mails."""
    cohort = cohort_for_staff(request, slug)
    people, titles, approvals = {}, {}, {}
    for agreement in (
        Agreement.objects.filter(plan__participant__cohort=cohort)
        .exclude(state=Agreement.State.SEALED)
        .select_related(
            person_path("owner", "plan__participant"),
            person_path("mentor", "plan__participant"),
            person_path("coach", "plan__participant"),
            person_path("examiner", "examiner"),
            "plan__participant__cohort__organisation",
        )
        .prefetch_related("signatures", "plan__participant__cohort__organisation__staff_members")
    ):
        waiting = agreements.waiting_for(agreement)
        sign_off = agreements.sign_off_of(cohort, agreement.stage)
        # An approval sheet is named by its title (a Latsar work has two); an agreement by its plan's title alone.
        approval = bool(sign_off and sign_off.is_approval)
        named = f"{sign_off.title}: {agreement.plan.title}" if sign_off and approval else agreement.plan.title
        for role, users in agreements.signers_by_role(agreement).items():
            for user in users if role in waiting else []:
                people[user.pk] = user
                titles.setdefault(user.pk, []).append(named)
                approvals[user.pk] = approvals.get(user.pk, False) or approval
    with transaction.atomic():
        for pk, user in people.items():
            listed = "; ".join(titles[pk])
            notify(
                user,
                lambda listed=listed, approval=approvals[pk]: (
                    (_("Please sign: %(titles)s.") if approval else _("Please sign the agreement of: %(titles)s."))
                    % {"titles": listed}
                ),
                cohort=cohort,
                url=reverse("portal:home"),
            )
        record(Verb.AGREEMENT_REMIND, cohort=cohort, actor=request.user, data={"count": len(people)})
    messages.success(request, _("%(count)d reminders sent.") % {"count": len(people)})
    # Back to the list it was asked from: every stage's sheets are reminded of at once.
    back = agreements.REPORT if posted_text(request, "stage") == agreements.REPORT else agreements.DESIGN
    return redirect(LISTS[back], slug=slug)


@require_POST
@login_required
def prepare_for_participant(request, slug, stage=agreements.DESIGN):
    """Staff prepare a stage's sheet for a plan whose participant has not (the design's once the plan is examined,
    the report's once its report is): the plan is chosen in the form."""
    cohort = _cohort_with_sheet(request, slug, stage)
    pk = posted_id(request, "plan")
    plan = (
        ActionPlan.objects.filter(participant__cohort=cohort, pk=pk)
        .select_related(person_path("owner", "participant"))
        .first()
    )
    if plan is None:
        messages.error(request, _("Choose an examined plan of this cohort."))
        return redirect(LISTS[stage], slug=slug)
    name = plan.participant.user.full_name
    if stage == agreements.REPORT:
        action = report_sheets.prepare_report_sheet
        done = _("“%(sheet)s” of %(name)s is ready to sign; its signers are told.") % {
            "sheet": agreements.title_of(cohort, stage),
            "name": name,
        }
    else:
        action = agreements.prepare_agreement
        done = _("The agreement of %(name)s is ready to sign; the three parties are told.") % {"name": name}
    _act(request, lambda: action(plan, by=request.user), done)
    return redirect(LISTS[stage], slug=slug)


@require_POST
@login_required
def sealed_zip(request, slug):
    """Ask for the ZIP of every sealed PDF: the worker writes it to private storage; staff download it when told."""
    cohort = cohort_for_staff(request, slug)
    job, created = request_job(Job.Kind.SEALED_ARCHIVE, cohort=cohort, by=request.user)
    return job_requested(request, job, created)
