"""The public catalogue: published innovations, searched and filtered, each with its similar plans."""

from django.shortcuts import get_object_or_404, render

from core.pages import page_of

from .. import catalogue, progress


def catalogue_list(request):
    form = catalogue.CatalogueFilter(request.GET or None)
    plans = catalogue.search(form.cleaned_data if form.is_valid() else {})
    page = page_of(request, plans, 20)
    return render(request, "innovations/catalogue_list.html", {"form": form, "page": page})


def catalogue_detail(request, pk):
    plan = get_object_or_404(catalogue.published(), pk=pk)
    rows = progress.milestone_progress(plan.milestones.prefetch_related("reports"))
    return render(
        request,
        "innovations/catalogue_detail.html",
        {
            "plan": plan,
            "achieved": [row.milestone for row in rows if row.achieved],
            "similar": catalogue.similar_in_catalogue(plan),
        },
    )
