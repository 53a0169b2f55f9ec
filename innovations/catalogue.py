"""The public catalogue of innovations, its search, and which plans resemble one another."""

import math
import re
from collections import Counter

from django import forms
from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from participants.models import Kecamatan

from .models import ActionPlan, Cluster

PUBLISHABLE = (ActionPlan.State.AGREED, ActionPlan.State.COMPLETED)
TEXT_FIELDS = ["title", "problem", "innovation", "objectives", "benefits"]
# Words too common in action plans to tell them apart.
STOPWORDS = {
    "dan",
    "di",
    "ke",
    "dari",
    "yang",
    "untuk",
    "dengan",
    "dalam",
    "pada",
    "ini",
    "itu",
    "atau",
    "oleh",
    "sebagai",
    "adalah",
    "akan",
    "agar",
    "serta",
    "juga",
    "para",
    "tidak",
    "belum",
    "sudah",
    "lebih",
    "warga",
    "layanan",
    "pelayanan",
    "kelurahan",
    "kecamatan",
    "kantor",
    "medan",
}


def published():
    return (
        ActionPlan.objects.filter(published_at__isnull=False, state__in=PUBLISHABLE)
        .select_related("cluster", "participant__user", "participant__kecamatan", "participant__cohort")
        .order_by("-published_at", "pk")
    )


class CatalogueFilter(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=200)
    cluster = forms.ChoiceField(label=_("Cluster"), required=False)
    kecamatan = forms.ModelChoiceField(label=_("Kecamatan"), required=False, queryset=Kecamatan.objects.all())
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = Cluster.objects.filter(plans__published_at__isnull=False).values_list("name", flat=True).distinct()
        self.fields["cluster"].choices = [("", "—"), *((name, name) for name in sorted(set(names)))]


def search(filters: dict):
    """Published plans matching words (PostgreSQL full-text search; a plain match elsewhere) and filters."""
    plans = published()
    if filters.get("cluster"):
        plans = plans.filter(cluster__name=filters["cluster"])
    if filters.get("kecamatan"):
        plans = plans.filter(participant__kecamatan=filters["kecamatan"])
    if filters.get("year"):
        plans = plans.filter(participant__cohort__start_date__year=filters["year"])
    words = (filters.get("q") or "").strip()
    if words and connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector(*TEXT_FIELDS, config="simple")
        query = SearchQuery(words, config="simple", search_type="websearch")
        plans = plans.annotate(rank=SearchRank(vector, query)).filter(rank__gt=0).order_by("-rank", "pk")
    elif words:
        for word in words.split():
            plans = plans.filter(
                Q(title__icontains=word)
                | Q(problem__icontains=word)
                | Q(innovation__icontains=word)
                | Q(objectives__icontains=word)
                | Q(benefits__icontains=word)
            )
    return plans


def _terms(text: str) -> Counter:
    return Counter(w for w in re.findall(r"[a-z0-9]{3,}", text.lower()) if w not in STOPWORDS)


def _text(plan) -> str:
    return " ".join(getattr(plan, name) or "" for name in TEXT_FIELDS) + " " + plan.title  # the title counts twice


def similar_to(plan, candidates, limit: int = 5, minimum: float = 0.01) -> list[tuple[ActionPlan, float]]:
    """The candidates closest to a plan by TF-IDF cosine similarity of their words, best first."""
    candidates = list(candidates[:2000])
    documents = [_terms(_text(plan))] + [_terms(_text(c)) for c in candidates]
    frequency = Counter(term for doc in documents for term in set(doc))
    count = len(documents)

    def weights(doc):
        vector = {t: n * math.log((1 + count) / (1 + frequency[t])) for t, n in doc.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {t: v / norm for t, v in vector.items()}

    target = weights(documents[0])
    scored = []
    for candidate, doc in zip(candidates, documents[1:], strict=True):
        vector = weights(doc)
        score = sum(value * vector.get(term, 0.0) for term, value in target.items())
        if score >= minimum:
            scored.append((candidate, round(score, 3)))
    return sorted(scored, key=lambda item: -item[1])[:limit]
