"""The one-year follow-up: the organiser's questionnaire for a cohort, and each person's page to answer it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from participants.access import cohort_for_staff

from .. import followups
from ..access import answerable_follow_up
from ..forms import AnswersForm, QuestionFormSet, QuestionnaireForm
from ..models import FollowUp, Questionnaire


@login_required
def questionnaire(request, slug):
    """Staff set the short questionnaire their cohort's alumni and mentors answer a year after it ends; a new one
    starts from the usual questions. It cannot change once sent."""
    cohort = cohort_for_staff(request, slug)
    current = Questionnaire.objects.filter(cohort=cohort).first() or Questionnaire(cohort=cohort)
    sent = FollowUp.objects.filter(cohort=cohort).exists()
    initial = (
        []
        if current.pk
        else [
            {"order": n, "text": str(text), "kind": kind}
            for n, (text, kind) in enumerate(followups.DEFAULT_QUESTIONS, 1)
        ]
    )
    form = QuestionnaireForm(request.POST or None, instance=current)
    questions = QuestionFormSet(request.POST or None, instance=current, prefix="questions", initial=initial)
    if not current.pk:
        questions.extra = len(initial) + 1
    if request.method == "POST" and form.is_valid() and questions.is_valid():
        try:
            followups.save_questionnaire(cohort, by=request.user, form=form, questions=questions)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            due = followups.due_on(cohort)
            if due <= timezone.localdate():
                text = _("The questionnaire is saved. The cohort ended a year ago or more: it goes out within minutes.")
            else:
                text = _("The questionnaire is saved. It goes out on %(date)s.") % {"date": date_format(due, "j F Y")}
            messages.success(request, text)
            return redirect("impact:questionnaire", slug=slug)
    context = {
        "cohort": cohort,
        "form": form,
        "questions": questions,
        "sent": sent,
        "due_on": followups.due_on(cohort),
        "figures": followups.figures(cohort),
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "impact/questionnaire.html", context, status=status)


@login_required
def follow_up(request, pk):
    """The alumnus or the mentor asked answers, once; the page shows the answers afterwards."""
    found = answerable_follow_up(request, pk)
    questions = found.cohort.follow_up_questionnaire.questions.all()
    form = AnswersForm(request.POST or None, questions=questions)
    if request.method == "POST" and found.answered_at is None and form.is_valid():
        try:
            followups.answer(found, by=request.user, answers=form.answers())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you: your answers join the innovation's record."))
        return redirect("impact:follow_up", pk=pk)
    if request.method == "POST" and found.answered_at is not None:
        messages.error(request, _("This follow-up is already answered: your first answers stand."))
        return redirect("impact:follow_up", pk=pk)
    context = {"follow_up": found, "form": form, "answers": found.answers.all() if found.answered_at else []}
    return render(request, "impact/follow_up.html", context, status=422 if request.method == "POST" else 200)
