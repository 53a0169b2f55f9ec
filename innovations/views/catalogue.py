"""The public catalogue: published innovations, searched and filtered, each with its similar plans; and the staff's
list of a cohort's entries, published and withdrawn in bulk."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from core.forms import posted_text
from core.lifecycle import Publication
from core.pages import page_of
from participants.access import cohort_for_staff

from .. import catalogue, progress, public_record

# What the list's two buttons ask for.
BULK_ACTIONS = {"publish": Publication.PUBLISHED, "withdraw": Publication.WITHDRAWN}


def catalogue_list(request):
    """The form and the page of results are the same for every reader of one language: kept in the cache under the
    catalogue's generation (innovations.catalogue), so that a page asked again costs two cache reads. The layout
    around them (menu, language form, CSRF token) is rendered for each request."""
    generation = catalogue.current_generation()
    key = catalogue.page_key(generation, request.GET, get_language())
    results = cache.get(key)
    if results is None:
        form = catalogue.CatalogueFilter(request.GET or None, generation=generation)
        plans = catalogue.search(form.cleaned_data if form.is_valid() else {})
        page = page_of(request, plans, 20)
        results = render_to_string("innovations/_catalogue_results.html", {"form": form, "page": page}, request)
        cache.set(key, results, catalogue.CATALOGUE_CACHE_SECONDS)
    return render(request, "innovations/catalogue_list.html", {"results": mark_safe(results)})  # noqa: S308


def catalogue_detail(request, pk):
    # The organiser comes along: its office is the entry's contact (see the template).
    plan = get_object_or_404(catalogue.published().select_related("participant__cohort__organisation"), pk=pk)
    rows = progress.milestone_progress(plan.milestones.prefetch_related("reports"))
    achieved = [row for row in rows if row.achieved]
    return render(
        request,
        "innovations/catalogue_detail.html",
        {
            "plan": plan,
            "achieved": [row.milestone for row in achieved],
            "similar": catalogue.similar_in_catalogue(plan),
            **public_record.public_record(plan, achieved),
        },
    )


@login_required
def catalogue_entries(request, slug):
    """A cohort's agreed and completed plans, each with its place in the catalogue; staff tick several and publish
    them, or take them out with one reason."""
    cohort = cohort_for_staff(request, slug)
    entries = catalogue.entries_of(cohort)
    if request.method == "POST":
        target = BULK_ACTIONS.get(request.POST.get("action", ""))
        chosen = [value for value in request.POST.getlist("plans") if value.isdigit() and len(value) < 19]
        plans = list(entries.filter(pk__in=chosen))
        if target is None or not plans:
            messages.error(request, _("Tick at least one plan, then choose what to do with them."))
            return redirect("innovations:catalogue_entries", slug=slug)
        try:
            changed = catalogue.transition_many(
                plans, to=target, by=request.user, note=posted_text(request, "note", max_length=500)
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if target == Publication.PUBLISHED:
                text = ngettext(
                    "%(count)d plan is now in the public catalogue.",
                    "%(count)d plans are now in the public catalogue.",
                    changed,
                )
            else:
                text = ngettext(
                    "%(count)d plan was taken out of the public catalogue.",
                    "%(count)d plans were taken out of the public catalogue.",
                    changed,
                )
            messages.success(request, text % {"count": changed})
        return redirect("innovations:catalogue_entries", slug=slug)
    rows = [(plan, catalogue.allowed_moves(plan, request.user, roles={"staff"})) for plan in entries]
    return render(request, "innovations/catalogue_entries.html", {"cohort": cohort, "rows": rows})
