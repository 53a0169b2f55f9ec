"""The public catalogue of innovations: what is published in it (one lifecycle), its search, and which plans
resemble one another."""

import functools
import hashlib
import math
import re
import time
from collections import Counter
from collections.abc import Iterable
from typing import TypeVar
from urllib.parse import urlencode

from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, F, Max, Q, Sum
from django.db.models.signals import post_delete, post_save
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.lifecycle import Publication
from core.widgets import PlainSelect
from participants.lifecycle import Lifecycle
from participants.models import Cohort, Participant, Region, User
from participants.notifications import notify
from participants.rules import person_path

from . import public_record
from .models import ActionPlan, Cluster
from .records import InnovationRecord

# Only a plan that its three parties have signed, or carried out, goes to the public.
PUBLISHABLE = ActionPlan.State.AGREED_OR_LATER  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
TEXT_FIELDS = ["title", "problem", "innovation", "objectives", "benefits"]
SIMILARITY_CORPUS = 2000  # the most recently published plans that similar plans are looked for in
SIMILAR_CACHE_SECONDS = 600
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
}


LIFECYCLE = Lifecycle(
    Publication,
    model=ActionPlan,
    kind="catalogue",
    route=ActionPlan.ROUTE,
    noun=_("catalogue entry"),
    field="catalogue_state",
    related=["participant__cohort", person_path("owner", "participant")],
    touch=["updated_at"],
)


def allowed_moves(plan: ActionPlan, user: User, *, roles=None) -> dict[str, str]:
    if plan.state not in PUBLISHABLE:
        return {}
    return LIFECYCLE.allowed(plan, user, roles=roles)


@transaction.atomic
def transition(plan: ActionPlan, *, to: str, by: User, note: str = "") -> ActionPlan:
    """Staff put an agreed or completed plan in the public catalogue, or take it out with a reason.

    Audited; the participant is told either way.
    """
    with LIFECYCLE.moving(plan, to=to, by=by, note=note) as change:
        plan = change.obj
        if to == Publication.PUBLISHED and plan.state not in PUBLISHABLE:
            raise ValidationError(gettext("Only agreed or completed plans can be published."), code="not_publishable")
        change.set(published_at=timezone.now() if to == Publication.PUBLISHED else None)
    title = plan.title
    published = to == Publication.PUBLISHED
    notify(
        plan.participant.user,
        lambda: (
            (
                gettext("Your innovation “%(title)s” is now in the public catalogue.")
                if published
                else gettext("Your innovation “%(title)s” was taken out of the public catalogue.")
            )
            % {"title": title}
        ),
        cohort=plan.participant.cohort,
        url=reverse("innovations:catalogue_detail", args=[plan.pk]) if published else plan.get_absolute_url(),
        detail=note,
    )
    return plan


def published():
    return (
        ActionPlan.objects.filter(
            published_at__isnull=False, catalogue_state=Publication.PUBLISHED, state__in=PUBLISHABLE
        )
        .select_related(
            "cluster",
            person_path("owner", "participant"),
            "participant__kecamatan__parent",
            "participant__cohort",
            "record",
        )
        .order_by("-published_at", "pk")
    )


class CatalogueFilter(forms.Form):
    q = forms.CharField(label=_("Keywords"), required=False, max_length=200)
    cluster = forms.ChoiceField(label=_("Cluster"), required=False)
    region = forms.ModelChoiceField(
        label=_("Region"), required=False, queryset=Region.objects.none(), widget=PlainSelect, empty_label="—"
    )
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"), required=False, queryset=Region.objects.none(), widget=PlainSelect, empty_label="—"
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    stage = public_record.stage_field()

    def __init__(self, *args, generation=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what has published plans: a filter that can only find nothing is not offered.
        offered = facets(generation if generation is not None else current_generation())
        self.fields["cluster"].choices = [("", "—"), *((name, name) for name in offered["clusters"])]
        self.fields["year"].choices = [("", "—"), *((year, year) for year in offered["years"])]
        # Indonesia has 7,285 kecamatan, and a name can repeat in another kabupaten, so each says where it lies.
        self.fields["region"].queryset = Region.objects.filter(pk__in=offered["regions"])
        self.fields["kecamatan"].queryset = Region.objects.filter(pk__in=offered["kecamatan"]).select_related("parent")
        self.fields["kecamatan"].label_from_instance = lambda k: f"{k.name}, {k.parent}" if k.parent_id else k.name


# The catalogue's cache. Every page of the list, and the choices its filters offer, are kept under the catalogue's
# generation: a number that changes whenever something the list shows may have changed (a published or publishable
# plan, a cluster, a participant, a cohort, a region, an innovation's record: the signals below). A page kept under
# an older generation is never read again, and goes when it expires.
GENERATION_KEY = "catalogue-generation"
CATALOGUE_CACHE_SECONDS = 600


def current_generation() -> int:
    """The catalogue's generation; a new one begins if the cache has none (emptied, or its entry culled)."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = time.time_ns()
        cache.add(GENERATION_KEY, generation, None)
    return generation


def new_generation() -> None:
    """Everything cached of the catalogue is out of date. Written in the caller's transaction (the cache is a table
    of the same database): a change rolled back leaves the generation as it was."""
    cache.set(GENERATION_KEY, time.time_ns(), None)


def facets(generation: int) -> dict[str, list]:
    """What the filters offer: the clusters, years, regions and kecamatan that have published plans. Read from the
    published plans once per generation, each as a DISTINCT of ids, and cached."""
    key = f"catalogue-facets:{generation}"
    offered = cache.get(key)
    if offered is None:
        plans = published().order_by()
        offered = {
            "clusters": sorted(filter(None, plans.values_list("cluster__name", flat=True).distinct())),
            "years": sorted(set(plans.values_list("participant__cohort__start_date__year", flat=True)), reverse=True),
            "regions": sorted(filter(None, plans.values_list("participant__cohort__region", flat=True).distinct())),
            "kecamatan": sorted(filter(None, plans.values_list("participant__kecamatan", flat=True).distinct())),
        }
        cache.set(key, offered, CATALOGUE_CACHE_SECONDS)
    return offered


def page_key(generation: int, query: QueryDict, language: str) -> str:
    """The cache key of one page of the list: the generation, the reader's language, and the query (every parameter
    in order, the page included)."""
    asked = urlencode(sorted((name, value) for name, values in query.lists() for value in values))
    return f"catalogue-page:{generation}:{language}:{hashlib.sha256(asked.encode()).hexdigest()[:32]}"


def _plan_saved(sender, instance, update_fields=None, **kwargs):
    # A plan being written (autosaved every few seconds) is not in the catalogue and cannot enter it: leave the cache.
    moved = update_fields is not None and {"catalogue_state", "published_at", "state"} & set(update_fields)
    if instance.published_at is not None or instance.state in PUBLISHABLE or moved:
        new_generation()


def _shown_changed(sender, **kwargs):
    new_generation()


def connect_signals() -> None:
    """Called once by InnovationsConfig.ready()."""
    for signal in (post_save, post_delete):
        signal.connect(_plan_saved, sender=ActionPlan, dispatch_uid=f"catalogue-plan-{signal}")
        for model in (Cluster, Participant, Cohort, Region, InnovationRecord):
            signal.connect(_shown_changed, sender=model, dispatch_uid=f"catalogue-{model.__name__}-{signal}")


def search(filters: dict):
    """Published plans matching words (PostgreSQL full-text search; a plain match elsewhere) and filters, with what
    the list shows of each: fewer joins than the entry's, which took PostgreSQL 25 ms to plan at national size."""
    plans = (
        published()
        .select_related(None)
        .select_related("cluster", "participant__kecamatan__parent", "participant__cohort")
    )
    if filters.get("cluster"):
        plans = plans.filter(cluster__name=filters["cluster"])
    if filters.get("region"):
        region = filters["region"]
        plans = plans.filter(
            Q(participant__cohort__region=region) | Q(participant__kecamatan__code__startswith=f"{region.code}.")
        )
    if filters.get("kecamatan"):
        plans = plans.filter(participant__kecamatan=filters["kecamatan"])
    if filters.get("year"):
        plans = plans.filter(participant__cohort__start_date__year=filters["year"])
    plans = public_record.with_stage(plans, filters.get("stage"))
    words = (filters.get("q") or "").strip()
    if words and connection.vendor == "postgresql":
        query = SearchQuery(words, config=SEARCH_CONFIG, search_type="websearch")
        # The stored vector (migration 0015's trigger keeps it): its GIN index serves the match (@@), and the rank
        # reads it rather than turning each matching plan's text into a vector again.
        plans = (
            plans.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "pk")
        )
    elif words:
        for word in (root_of(word) for word in words.split()):
            plans = plans.filter(
                Q(title__icontains=word)
                | Q(problem__icontains=word)
                | Q(innovation__icontains=word)
                | Q(objectives__icontains=word)
                | Q(benefits__icontains=word)
            )
    return plans


# PostgreSQL's own Indonesian stemmer: "pengarsipan", "kearsipan" and "arsip" are one word to it. Migration 0015's
# trigger stores each plan's vector in exactly this configuration.
SEARCH_CONFIG = "indonesian"
PREFIXES = (
    "meng",
    "meny",
    "mem",
    "men",
    "me",
    "peng",
    "peny",
    "pem",
    "pen",
    "pe",
    "ber",
    "be",
    "ter",
    "di",
    "ke",
    "se",
)
SUFFIXES = ("nya", "kan", "an", "i")


def root_of(word: str) -> str:
    """A rough root of an Indonesian word, for databases without a stemmer (SQLite): one suffix and one prefix
    taken off when at least four letters remain, so that "pengarsipan" finds "arsip". PostgreSQL stems properly."""
    word = word.lower()
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    for prefix in PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 4:
            return word[len(prefix) :]
    return word


def _terms(text: str) -> Counter:
    return Counter(w for w in re.findall(r"[a-z0-9]{3,}", text.lower()) if w not in STOPWORDS)


def _text(plan) -> str:
    return " ".join(getattr(plan, name) or "" for name in TEXT_FIELDS) + " " + plan.title  # the title counts twice


def _vectors(documents: list[Counter]) -> tuple[list[dict[str, float]], Counter]:
    """TF-IDF vectors of unit length, the inverse document frequency taken over these documents, and the
    document frequency of each term."""
    frequency = Counter(term for doc in documents for term in set(doc))
    return [_vector(doc, frequency, len(documents)) for doc in documents], frequency


def _vector(doc: Counter, frequency: Counter, count: int) -> dict[str, float]:
    vector = {t: n * math.log((1 + count) / (1 + frequency[t])) for t, n in doc.items()}
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {t: v / norm for t, v in vector.items()}


Candidate = TypeVar("Candidate")


def _ranked(
    target: dict[str, float], candidates: Iterable[tuple[Candidate, dict[str, float]]], limit: int, minimum: float
) -> list[tuple[Candidate, float]]:
    scored = []
    for candidate, vector in candidates:
        score = sum(value * vector.get(term, 0.0) for term, value in target.items())
        if score >= minimum:
            scored.append((candidate, round(score, 3)))
    return sorted(scored, key=lambda item: -item[1])[:limit]


def similar_to(plan, candidates, limit: int = 5, minimum: float = 0.01) -> list[tuple[ActionPlan, float]]:
    """The candidates closest to a plan by TF-IDF cosine similarity of their words, best first."""
    candidates = list(candidates[:SIMILARITY_CORPUS])
    (target, *vectors), _frequency = _vectors([_terms(_text(plan))] + [_terms(_text(c)) for c in candidates])
    return _ranked(target, zip(candidates, vectors, strict=True), limit, minimum)


def catalogue_version() -> str:
    """A key that changes whenever a plan enters or leaves the catalogue, or a published plan is saved."""
    figures = (
        ActionPlan.objects.filter(
            published_at__isnull=False, catalogue_state=Publication.PUBLISHED, state__in=PUBLISHABLE
        )
        .order_by()
        .aggregate(count=Count("pk"), ids=Sum("pk"), published=Max("published_at"), saved=Max("updated_at"))
    )
    return hashlib.sha256("{count}:{ids}:{published}:{saved}".format(**figures).encode()).hexdigest()[:32]


@functools.lru_cache(maxsize=1)
def _catalogue_vectors(version: str) -> tuple[dict[int, dict[str, float]], Counter, int]:
    """The word vectors of the catalogue's most recent plans, computed once per version of the catalogue and
    kept in this process: reading and splitting 2,000 plans takes about 0.1 s. Only public text is kept."""
    rows = list(published().values_list("pk", *TEXT_FIELDS)[: SIMILARITY_CORPUS + 1])
    # As _text(): every field, and the title (the first of them) once more.
    vectors, frequency = _vectors([_terms(" ".join(text or "" for text in row[1:]) + " " + row[1]) for row in rows])
    return dict(zip([row[0] for row in rows], vectors, strict=True)), frequency, len(rows)


def similar_in_catalogue(plan, limit: int = 5, minimum: float = 0.01) -> list[tuple[ActionPlan, float]]:
    """similar_to() over the catalogue's most recent plans. The answer is cached for as long as the catalogue
    stays as it is, and 10 minutes at most: only what the page shows of them, all of it public."""
    version = catalogue_version()
    key = f"catalogue-similar:{version}:{plan.pk}:{limit}:{minimum}"
    similar = cache.get(key)
    if similar is None:
        vectors, frequency, count = _catalogue_vectors(version)
        target = vectors.get(plan.pk) or _vector(_terms(_text(plan)), frequency, count)
        candidates = [(pk, vector) for pk, vector in vectors.items() if pk != plan.pk][:SIMILARITY_CORPUS]
        ranked = _ranked(target, candidates, limit, minimum)
        plans = ActionPlan.objects.filter(pk__in=[pk for pk, _score in ranked], published_at__isnull=False)
        by_pk = {p.pk: p for p in plans.select_related("participant").only("title", "participant__work_unit")}
        similar = [(by_pk[pk], score) for pk, score in ranked if pk in by_pk]
        cache.set(key, similar, SIMILAR_CACHE_SECONDS)
    return similar


def entries_of(cohort: Cohort):
    """The plans of a cohort that may have a catalogue entry (agreed or completed), in roll-number order."""
    return (
        ActionPlan.objects.filter(participant__cohort=cohort, state__in=PUBLISHABLE)
        .select_related(person_path("owner", "participant"), "cluster")
        .order_by("participant__roll_number", "pk")
    )


@transaction.atomic
def transition_many(plans, *, to: str, by: User, note: str = "") -> int:
    """Publish several plans, or take them out of the catalogue with one reason: each through transition(), so
    each gets its own audit event and its participant is told. All or none: a plan that may not make the move
    undoes the others, and the error names it. Plans already where they are asked to go are left as they are.

    Returns how many plans changed.
    """
    if to == Publication.WITHDRAWN and not note.strip():
        raise ValidationError(gettext("Say why: write a note."), code="note_required")
    changed = 0
    for plan in plans:
        if plan.catalogue_state == to:
            continue
        try:
            transition(plan, to=to, by=by, note=note)
        except ValidationError as error:
            raise ValidationError(
                gettext("“%(title)s”: %(reason)s") % {"title": plan.title, "reason": " ".join(error.messages)},
                code="refused",
            ) from error
        changed += 1
    return changed
