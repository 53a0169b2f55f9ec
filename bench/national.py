"""Inovasi at national scale, measured: one table, every figure from this run.

Two PostgreSQL databases, apart from the test database:
- `inovasi_bench_demo` holds only the Medan 2017 demo cohort (`seed_demo`): the "demo size" column;
- `inovasi_bench` holds 500 cohorts (the demo and 499 generated ones, see bench/dataset.py): national size.
Each is built once; a marker table names the shape of the data, so a second run goes straight to measuring.

Measured, in this order:
- each main page in-process with Django's test client (DEBUG off): its queries on both databases, and the
  median and 95th percentile of its server time over BENCH_REQUESTS requests at national size; beside them the
  two anchors: the floor (the product's lightest signed-in page, the password change) and the peer (Django
  admin's changelist of the same plans, which a Django team would hand staff instead);
- the heavy POSTs (sign and seal, submit, a 1,000-row import confirm) and every button that enqueues background
  work, each in a transaction rolled back afterwards, its after-commit enqueues included; and the sign-in flood:
  a wrong password (hashed) against a refused one (locked out before the hash);
- the worker's side: the agreement PDF and the booklet of a cohort of 37 approved plans;
- throughput: gunicorn (2 sync workers) serving each page and both anchors to wrk on loopback for BENCH_SECONDS,
  beside a bare view that answers "ok" on the same server (bench/urls.py);
- the roster import of 10,000 rows against openpyxl's bare read (bench/roster_import.py).

`--smoke` (make bench-smoke, run by CI) asks every page of the demo database a few times in-process and once through
gunicorn, and fails on any answer but 200 or any exception: no wrk, no national data.

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/inovasi_bench), BENCH_REQUESTS (50),
BENCH_SECONDS (5), BENCH_PORT (8765). Progress goes to stderr, the table to stdout.
"""

import contextlib
import http.client
import io
import json
import os
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NATIONAL_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/inovasi_bench")
DEMO_URL = NATIONAL_URL + "_demo"
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "50"))
WRK_SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
PORT = int(os.environ.get("BENCH_PORT", "8765"))
DEMO_SHAPE = "demo-v1"
AIM_P95_MS = 150
AIM_CATALOGUE_P95_MS = 100  # the public catalogue, the page anyone on the internet can ask (issue 27)
AIM_PAGE_VS_FLOOR = 0.20  # every main page at least a fifth of the floor's requests per second (compass: 50 %)
AIM_FLOOR_VS_BARE = 0.15  # and the floor at least 15 % of the bare view's
AIM_POST_P95_MS = 500  # heavy POSTs and enqueuing background work
AIM_REFUSED_SIGN_IN = 0.20  # a refused sign-in costs at most a fifth of one whose password is checked
AIM_IMPORT = 3.0
AIM_AGREEMENT_S = 1.0
AIM_BOOKLET_S = 15.0
POST_REPEATS = int(os.environ.get("BENCH_POSTS", "15"))
SMOKE_REQUESTS = 3
FLOOR, PEER = "Floor: password change", "Peer: Django admin, plan changelist"
ADMIN_EMAIL = "bench.admin@lan.example"

# Production settings (DEBUG off, cached templates, hashed static files) with plain HTTP on loopback.
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-" + "k" * 50,
    "ALLOWED_HOSTS": "127.0.0.1,testserver",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_HSTS_SECONDS": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    # As in production: requests enqueue, a worker (not run here) would do the work.
    "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    "MEDIA_ROOT": "/tmp/inovasi-bench-media",
    "BENCH_STATIC_ROOT": "/tmp/inovasi-bench-static",
    "LOG_LEVEL": "ERROR",
}


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# Databases ---------------------------------------------------------------------------------------


def _admin_connection(url: str):
    import psycopg2

    parts = urlsplit(url)
    connection = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password, dbname="postgres"
    )
    connection.autocommit = True
    return connection, parts.path.lstrip("/")


def create_database(url: str, *, fresh: bool = False) -> None:
    connection, name = _admin_connection(url)
    if "test" in name:
        raise SystemExit(f"Refusing to use {name}: it looks like a test database.")
    with connection.cursor() as cursor:
        if fresh:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def setup_django(database_url: str) -> None:
    os.environ.update(SERVER_ENV)
    os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()


def prepare(shape: str, fill) -> bool:
    """Migrate; unless the marker says this shape is built, start from an empty database and fill it.
    Returns whether it built."""
    from django.core.management import call_command
    from django.db import connection, transaction

    from bench import dataset

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    if dataset.is_built(shape):
        run_waiting_tasks()
        return False
    from participants.models import Cohort

    if Cohort.objects.exists():  # a different or half-built shape: begin again
        connection.close()
        create_database(os.environ["DATABASE_URL"], fresh=True)
        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
    with transaction.atomic():
        fill()
        dataset.mark_built(shape)
    run_waiting_tasks()
    # As after any bulk load: statistics for the planner, and no autovacuum catching up during the measurements.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return True


def run_waiting_tasks() -> None:
    """What the data asked the worker for (the demo's sealed PDFs and booklet), done as a worker would, once."""
    from django.core.management import call_command

    call_command("db_worker", batch=True, reload=False, startup_delay=False, queue_name="*", verbosity=0)


def seed_demo() -> None:
    from django.core.management import call_command

    call_command("seed_demo", stdout=io.StringIO())


def build_national() -> None:
    from bench import dataset

    seed_demo()
    dataset.build()


# Pages -------------------------------------------------------------------------------------------


@dataclass
class Page:
    label: str
    role: str  # staff, mentor, examiner, participant or anonymous
    path: str


def actors(national: bool) -> tuple[dict, dict]:
    """The people who open the pages, and what the pages are about, on one of the two databases."""
    from bench.dataset import NATIONAL_STAFF_EMAIL
    from innovations import catalogue
    from innovations.models import ActionPlan
    from participants.models import Cohort, User
    from participants.rules import person_path
    from seminars.models import Seminar

    if national:
        staff = User.objects.get(email=NATIONAL_STAFF_EMAIL)
    else:
        staff = Cohort.objects.get(slug="medan-2017").staff_members.order_by("pk").first()
    cohort, finished = cohorts_of(staff, posts=national)
    plan = (
        ActionPlan.objects.filter(participant__cohort=cohort, state=ActionPlan.State.AGREED)
        .select_related(person_path("owner", "participant"), person_path("mentor", "participant"))
        .order_by("participant__roll_number")
        .first()
    )
    # The dataset made each of these.
    assert plan is not None
    assert plan.participant.mentor is not None
    slot = plan.slot_in(Seminar.Stage.DESIGN)
    assert slot is not None
    examiner = slot.room.panel.examiners.order_by("pk").first()
    assert examiner is not None
    admin = User.objects.filter(email=ADMIN_EMAIL).first() or User.objects.create_superuser(
        ADMIN_EMAIL, None, full_name="Admin Bench"
    )
    users = {
        "staff": staff,
        "participant": plan.participant.user,
        "mentor": plan.participant.mentor.user,
        "examiner": examiner.user,
        "admin": admin,
        "anonymous": None,
    }
    things = {"cohort": cohort, "plan": plan, "published": catalogue.published().first(), "finished": finished}
    return users, things


def cohorts_of(staff, *, posts: bool) -> tuple:
    """Two cohorts that `staff` runs, picked by what they are rather than by their place in a table: the most recent
    one with a plan agreed on (the pages) and, for the POSTs, one examined and not yet in an agreement and one
    returned for revision; and the oldest finished one (every plan approved or later), whose booklet and sealed
    agreements are asked for."""
    from django.db.models import Count, Exists, F, OuterRef, Q

    from innovations.models import ActionPlan
    from participants.models import Cohort

    State = ActionPlan.State
    run = Cohort.objects.run_by(staff)

    def having(*conditions, **lookups):
        return Exists(ActionPlan.objects.filter(*conditions, participant__cohort=OuterRef("pk"), **lookups))

    current = run.filter(having(state=State.AGREED))
    if posts:
        current = current.filter(having(~Q(sheets__stage="design"), state=State.EXAMINED)).filter(
            having(state=State.REVISION)
        )
    current = current.order_by("-start_date", "-pk").first()
    finished = (
        run.annotate(
            plans=Count("participants__plans"),
            done=Count("participants__plans", filter=Q(participants__plans__state__in=State.APPROVED_OR_LATER)),  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
        )
        .filter(plans__gt=0, done=F("plans"))
        .order_by("start_date", "pk")
        .first()
    )
    if not posts:  # the pages need no finished cohort
        finished = finished or current
    if current is None or finished is None:
        raise SystemExit(f"{staff.email} runs no cohort with plans in every state, or none finished.")
    return current, finished


def pages(things: dict) -> list[Page]:
    from django.urls import reverse

    slug = things["cohort"].slug
    # Searches that find the demo's published plans too, so that both databases answer with a page of plans.
    published = things["published"]
    filters = {"cluster": published.cluster.name, "year": published.participant.cohort.start_date.year}
    return [
        Page("Home (staff)", "staff", reverse("portal:home")),
        Page("Cohort list", "staff", reverse("portal:cohort_list")),
        Page("Cohort overview", "staff", reverse("portal:cohort_detail", args=[slug])),
        Page("Participants", "staff", reverse("portal:participant_list", args=[slug])),
        Page(
            "Participants, filtered and sorted",
            "staff",
            reverse("portal:participant_list", args=[slug]) + "?q=a&sort=name",
        ),
        Page("Mentors", "staff", reverse("portal:mentor_list", args=[slug])),
        Page("Examiners", "staff", reverse("portal:examiner_list", args=[slug])),
        Page("Agreements", "staff", reverse("seminars:agreement_list", args=[slug])),
        Page("Audit trail", "staff", reverse("portal:audit", args=[slug])),
        Page("Dashboard", "staff", reverse("portal:dashboard", args=[slug])),
        Page("Results (recap)", "staff", reverse("seminars:results", args=[slug])),
        Page("Schedule", "staff", reverse("seminars:schedule", args=[slug])),
        Page("Agenda", "staff", reverse("seminars:agenda", args=[slug])),
        Page("Mentees (mentor)", "mentor", reverse("innovations:mentees")),
        Page("Panel (examiner)", "examiner", reverse("seminars:panel", args=[slug])),
        Page("Home (participant)", "participant", reverse("portal:home")),
        Page("Plan (participant)", "participant", reverse("innovations:detail", args=[things["plan"].pk])),
        Page("Catalogue", "anonymous", reverse("innovations:catalogue")),
        Page("Catalogue, word search", "anonymous", reverse("innovations:catalogue") + "?q=layanan+kepuasan"),
        Page("Catalogue, filtered", "anonymous", reverse("innovations:catalogue") + "?" + urlencode(filters)),
        Page("Catalogue entry", "anonymous", reverse("innovations:catalogue_detail", args=[published.pk])),
        Page(FLOOR, "participant", reverse("participants:password_change")),
        Page(PEER, "admin", reverse("admin:innovations_actionplan_changelist")),
    ]


def client_for(user):
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user, backend="participants.backends.EmailOrNipBackend")
    return client


def get(client, path: str):
    response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"GET {path} answered {response.status_code}")
    return response


def measure_pages(national: bool, requests: int) -> dict:
    """Per page: queries of one warm request, and server times in ms over `requests` requests."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    users, things = actors(national)
    clients = {role: client_for(user) for role, user in users.items()}
    results = {}
    for page in pages(things):
        client = clients[page.role]
        for _ in range(5):
            get(client, page.path)
        with CaptureQueriesContext(connection) as queries:
            get(client, page.path)
        count = len(queries)  # now: the next request empties the log it reads from
        times = []
        for _ in range(requests):
            start = time.perf_counter()
            get(client, page.path)
            times.append((time.perf_counter() - start) * 1000)
        results[page.label] = {"queries": count, "times": times, "path": page.path, "role": page.role}
    return results


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


# Documents ---------------------------------------------------------------------------------------


def measure_documents(things: dict) -> dict:
    """The worker's side: what the booklet and a sealed PDF cost to render, away from any request."""
    from innovations.documents import booklet_pdf
    from innovations.models import ActionPlan
    from seminars.agreements import render_pdf
    from seminars.models import Agreement

    agreement = Agreement.objects.filter(plan__participant__cohort__slug="medan-2017", sealed_at__isnull=False).first()
    assert agreement is not None  # the demo seals some
    render_pdf(agreement)  # fonts load once per process
    agreement_times = []
    for _ in range(5):
        start = time.perf_counter()
        render_pdf(agreement)
        agreement_times.append(time.perf_counter() - start)

    cohort = things["finished"]
    plans = ActionPlan.objects.filter(participant__cohort=cohort, state__in=ActionPlan.State.APPROVED_OR_LATER).count()  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
    booklet_times = []
    for _ in range(3):
        start = time.perf_counter()
        assert booklet_pdf(cohort).startswith(b"%PDF-")
        booklet_times.append(time.perf_counter() - start)
    return {
        "agreement": statistics.median(agreement_times),
        "booklet": statistics.median(booklet_times),
        "booklet_plans": plans,
    }


# Heavy POSTs, background work, sign-in ----------------------------------------------------------------------------


def in_rollback(action, *, setup=None, repeat: int) -> list[float]:
    """ms of `action(prepared)`, each time in a transaction rolled back afterwards, the after-commit work it
    queues (enqueuing tasks) included; `setup()` prepares each round and is not timed."""
    from django.db import transaction
    from django.test import TestCase

    times = []
    for _ in range(repeat):
        with transaction.atomic():
            prepared = setup() if setup else None
            start = time.perf_counter()
            with TestCase.captureOnCommitCallbacks(execute=True):
                action(prepared)
            times.append((time.perf_counter() - start) * 1000)
            transaction.set_rollback(True)
    return times


def post(client, path, data=None, expect=302):
    response = client.post(path, data or {})
    if response.status_code != expect:
        raise SystemExit(f"POST {path} answered {response.status_code}, not {expect}")
    return response


def measure_posts(users: dict, things: dict) -> dict:
    """Per action: (role, times in ms). Everything it writes is rolled back; the national data set stays as built."""
    import uuid
    from pathlib import Path as FilePath

    from django.conf import settings
    from django.contrib.auth.hashers import check_password
    from django.db import transaction
    from django.urls import reverse

    from bench.roster_import import build_roster, empty_roster_cohort
    from innovations.models import ActionPlan
    from participants.models import User
    from participants.passwords import confirm_password
    from participants.rules import person_path
    from participants.services import invite_people
    from seminars import agreements

    State = ActionPlan.State
    cohort, finished, staff = things["cohort"], things["finished"], users["staff"]
    staff_client = client_for(staff)
    results = {}

    # Sign and seal: a plan examined at the seminar, its agreement signed by two; the third signature is timed.
    examined = (
        ActionPlan.objects.filter(participant__cohort=cohort, state=State.EXAMINED)
        .exclude(sheets__stage="design")
        .select_related(person_path("owner", "participant"), person_path("mentor", "participant"))
        .order_by("participant__roll_number")
        .first()
    )
    # The dataset made it, with its mentor.
    assert examined is not None
    assert examined.participant.mentor is not None
    password = "inovasi2017"  # every generated person's (bench/dataset.py)

    def two_signatures():
        agreement = agreements.prepare_agreement(examined, by=examined.participant.user)
        for person in (examined.participant.user, examined.participant.mentor.user):
            agreements.sign(agreement, by=person, password=password, ip_address=None, user_agent="bench")
        return agreement.examiner.user

    sign_url = reverse("seminars:agreement_sign", args=[examined.pk])
    results["Sign and seal, a session's first (password typed)"] = (
        "examiner",
        in_rollback(
            lambda client: post(client, sign_url, {"password": password}),
            setup=lambda: client_for(two_signatures()),
            repeat=POST_REPEATS,
        ),
    )
    password_hash = examined.participant.user.password
    results["Of which the password check alone"] = (
        "",
        [timed_ms(lambda: check_password(password, password_hash)) for _ in range(POST_REPEATS)],
    )

    # As a signer does it: an examiner signs one agreement after another in one session; the first signature took
    # the password, the next ones, within PASSWORD_CONFIRMED_FOR, are a click (participants/passwords.py).
    with transaction.atomic():
        examiner = two_signatures()
        transaction.set_rollback(True)
    in_session = client_for(examiner)
    session = in_session.session
    confirm_password(examiner, password, session=session)  # what the session's first signature did
    session.save()

    def click(_examiner):
        post(in_session, sign_url)
        if not agreements.Signature.objects.filter(agreement__plan=examined, role="examiner").exists():
            raise SystemExit("A signature later in the session was refused: the session's password confirmation?")

    results["Sign and seal, later in the session (a click)"] = (
        "examiner",
        in_rollback(click, setup=two_signatures, repeat=POST_REPEATS),
    )

    returned = (
        ActionPlan.objects.filter(participant__cohort=cohort, state=State.REVISION)
        .select_related(person_path("owner", "participant"))
        .first()
    )
    assert returned is not None  # the dataset made it
    owner = client_for(returned.participant.user)
    submit_url = reverse("innovations:submit", args=[returned.pk])
    results["Submit a plan (after revision)"] = (
        "participant",
        in_rollback(lambda _prepared: post(owner, submit_url), repeat=POST_REPEATS),
    )

    # A roster of 1,000 new people confirmed from its preview: written, audited, 1,000 invitations enqueued.
    roster_cohort = empty_roster_cohort()
    roster_cohort.organisation.staff_members.add(staff)
    roster = build_roster(rows=1000)

    def uploaded():
        token = uuid.uuid4().hex
        path = FilePath(settings.MEDIA_ROOT) / "imports" / str(roster_cohort.pk) / f"{token}.upload"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(roster)
        return reverse("participants:roster_confirm", args=[roster_cohort.slug, token])

    results["Roster import confirm, 1,000 new people"] = (
        "staff",
        in_rollback(lambda url: post(staff_client, url), setup=uploaded, repeat=max(5, POST_REPEATS // 3)),
    )

    # Every button that asks the worker for something: the request writes the job and enqueues it, nothing more.
    asks = [
        ("Ask for the booklet (37 plans)", reverse("innovations:booklet", args=[finished.slug])),
        ("Ask for the minutes", reverse("seminars:results_pdf", args=[cohort.slug])),
        ("Ask for the agenda on the letterhead", reverse("seminars:agenda_pdf", args=[cohort.slug])),
        ("Ask for the ZIP of sealed PDFs", reverse("seminars:agreement_zip", args=[finished.slug])),
        ("Invite everyone not signed in yet", reverse("portal:invite_pending", args=[cohort.slug])),
        ("Remind everyone who has not signed", reverse("seminars:agreement_remind", args=[cohort.slug])),
    ]
    for label, url in asks:
        results[label] = ("staff", in_rollback(lambda _prepared, url=url: post(staff_client, url), repeat=POST_REPEATS))
    people = list(User.objects.exclude(email=None).order_by("pk")[:10_000])
    results["Enqueue invitations to 10,000 people"] = (
        "staff",
        in_rollback(lambda _prepared: invite_people(cohort, people, by=staff), repeat=max(5, POST_REPEATS // 3)),
    )
    return results


def timed_ms(function) -> float:
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1000


def measure_sign_in(users: dict) -> dict:
    """A wrong password (the hash is computed) against a refused attempt once the account is locked out."""
    from django.db import transaction
    from django.test import Client
    from django.urls import reverse

    url = reverse("participants:login")
    person = users["participant"]
    wrong, refused = [], []
    for _ in range(4):  # fewer than the lock-out's five, each rolled back
        with transaction.atomic():
            start = time.perf_counter()
            response = Client().post(url, {"username": person.email, "password": "salah"})
            wrong.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"A wrong password answered {response.status_code}, not 200")
            transaction.set_rollback(True)
    with transaction.atomic():
        for _ in range(5):
            Client().post(url, {"username": person.email, "password": "salah"})
        for _ in range(POST_REPEATS):
            client = Client()
            start = time.perf_counter()
            response = client.post(url, {"username": person.email, "password": "inovasi2017"})
            refused.append((time.perf_counter() - start) * 1000)
            if response.status_code != 429:
                raise SystemExit(f"A locked-out sign-in answered {response.status_code}, not 429")
        transaction.set_rollback(True)
    return {"wrong": wrong, "refused": refused}


# Throughput --------------------------------------------------------------------------------------


def session_cookie(user) -> str:
    """A signed-in session for `user`, as the login view would store it."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "participants.backends.EmailOrNipBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"sessionid={session.session_key}"


def check_ok(path: str, cookie: str) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status != 200:
        raise SystemExit(f"gunicorn answered {response.status} to {path}")


def wrk(path: str, cookie: str) -> float:
    check_ok(path, cookie)
    command = ["wrk", "-t2", "-c8", f"-d{WRK_SECONDS}s", "--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{PORT}{path}"], capture_output=True, text=True, check=True
    ).stdout
    if "Non-2xx" in output or "Socket errors" in output:
        raise SystemExit(f"wrk saw errors on {path}:\n{output}")
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    assert rate is not None  # wrk prints it on every run without errors
    return float(rate[1])


def wait_for_server(process) -> None:
    for _ in range(150):
        if process.poll() is not None:
            raise SystemExit("gunicorn stopped at start")
        try:
            check_ok("/bench/ok/", "")
            return
        except (ConnectionError, OSError):
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within 30 s")


@contextlib.contextmanager
def gunicorn():
    """gunicorn with 2 sync workers on BENCH_PORT, with the bench's settings, for as long as the block runs."""
    env = os.environ | {"ALLOWED_HOSTS": "127.0.0.1"}
    process = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "config.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--chdir",
            str(ROOT),
            "--log-level",
            "warning",
        ],
        env=env,
    )
    try:
        wait_for_server(process)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def measure_throughput(national_pages: dict, users: dict) -> tuple[dict, float]:
    """Requests per second of each page, and of the bare view (the median of three runs spread over the pages)."""
    cookies = {role: session_cookie(user) if user else "" for role, user in users.items()}
    with gunicorn():
        labels = list(national_pages)
        bare, rates = [wrk("/bench/ok/", "")], {}
        for index, label in enumerate(labels):
            page = national_pages[label]
            rates[label] = wrk(page["path"], cookies[page["role"]])
            if index == len(labels) // 2:
                bare.append(wrk("/bench/ok/", ""))
            say(f"  {label}: {rates[label]:.0f} req/s")
        bare.append(wrk("/bench/ok/", ""))
        return rates, statistics.median(bare)


def smoke() -> None:
    """`--smoke` (make bench-smoke, CI): the demo database alone, each page a few times in-process and once through
    gunicorn, as its person. Exits non-zero on any answer but 200 and on any exception; no wrk, no figures kept."""
    started = time.perf_counter()
    create_database(DEMO_URL)
    setup_django(DEMO_URL)
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    say("Demo database: migrating, loading the demo if needed…")
    prepare(DEMO_SHAPE, seed_demo)
    results = measure_pages(national=False, requests=SMOKE_REQUESTS)
    users, _things = actors(national=False)
    cookies = {role: session_cookie(user) if user else "" for role, user in users.items()}
    say("The same pages through gunicorn…")
    with gunicorn():
        for result in results.values():
            check_ok(result["path"], cookies[result["role"]])
    print(f"Bench smoke: {len(results)} pages on the demo database, {SMOKE_REQUESTS} requests each, all 200.")
    print("| Page | As | Queries | Median |")
    print("|---|---|--:|--:|")
    for label, result in results.items():
        print(f"| {label} | {result['role']} | {result['queries']} | {statistics.median(result['times']):.1f} ms |")
    say(f"Done in {time.perf_counter() - started:.0f} s.")


# Roster import -----------------------------------------------------------------------------------


def measure_import() -> dict:
    from bench.roster_import import build_roster, empty_roster_cohort, measure

    seconds = measure(empty_roster_cohort, build_roster())
    empty_roster_cohort().delete()  # leave the national data set as it was
    return seconds


# The table ---------------------------------------------------------------------------------------


def machine() -> str:
    from django.db import connection

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        "?",
    )
    memory = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
    assert memory is not None  # Linux's meminfo always has it
    memory_kb = int(memory[1])
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]
    return f"{os.cpu_count()} cores ({cpu}), {memory_kb / 1024**2:.0f} GB RAM, PostgreSQL {postgres}"


def sizes() -> str:
    from innovations.models import ActionPlan, Milestone
    from participants.models import Cohort, Participant, User
    from seminars.models import Score, ScoreSheet

    return (
        f"{Cohort.objects.count():,} cohorts, {Participant.objects.count():,} participants, "
        f"{ActionPlan.objects.count():,} plans, {Milestone.objects.count():,} milestones, "
        f"{ScoreSheet.objects.count():,} score sheets, {Score.objects.count():,} scores, {User.objects.count():,} users"
    )


def met(missed: list[str]) -> str:
    return "missed: " + ", ".join(missed) if missed else "met"


def table(demo: dict, national: dict, rates: dict, bare: float) -> str:
    floor = rates[FLOOR]
    lines = [
        "| Page | As | Queries, demo | Queries, national | Median | p95 | Req/s | vs floor | Aims |",
        "|---|---|--:|--:|--:|--:|--:|--:|---|",
    ]
    for label, result in national.items():
        median, p95 = statistics.median(result["times"]), percentile(result["times"], 0.95)
        share = rates[label] / floor
        missed = []
        if demo[label]["queries"] != result["queries"]:
            missed.append("queries")
        if p95 >= (AIM_CATALOGUE_P95_MS if label.startswith("Catalogue") else AIM_P95_MS):
            missed.append("p95")
        if label == FLOOR:
            aims = met(["throughput"] if floor / bare < AIM_FLOOR_VS_BARE else [])
            aims += f" ({floor / bare:.1%} of bare)"
        elif label == PEER:
            aims = "anchor"
        else:
            if share < AIM_PAGE_VS_FLOOR:
                missed.append("throughput")
            aims = met(missed)
        lines.append(
            f"| {label} | {result['role']} | {demo[label]['queries']} | {result['queries']} | {median:.1f} ms "
            f"| {p95:.1f} ms | {rates[label]:.0f} | {share:.0%} | {aims} |"
        )
    lines.append(f"| Bare view (`/bench/ok/`) | anonymous | | | | | {bare:.0f} | {bare / floor:.0%} | |")
    return "\n".join(lines)


def posts_table(posts: dict, sign_in: dict) -> str:
    lines = ["| Action | As | Median | p95 | Aims |", "|---|---|--:|--:|---|"]
    for label, (role, times) in posts.items():
        p95 = percentile(times, 0.95)
        aims = "" if not role else met(["p95"] if p95 >= AIM_POST_P95_MS else [])
        lines.append(f"| {label} | {role} | {statistics.median(times):.0f} ms | {p95:.0f} ms | {aims} |")
    wrong, refused = sign_in["wrong"], sign_in["refused"]
    share = statistics.median(refused) / statistics.median(wrong)
    lines += [
        f"| Sign-in with a wrong password (hashed) | anonymous | {statistics.median(wrong):.0f} ms "
        f"| {percentile(wrong, 0.95):.0f} ms | |",
        f"| Sign-in refused, account locked out | anonymous | {statistics.median(refused):.0f} ms "
        f"| {percentile(refused, 0.95):.0f} ms | {met(['cost'] if share > AIM_REFUSED_SIGN_IN else [])} "
        f"({share:.0%} of a hashed one) |",
    ]
    return "\n".join(lines)


def work_table(documents: dict, roster: dict) -> str:
    ratio = roster["new"] / roster["read"]
    return "\n".join(
        [
            "| Work | Time | vs bare read | Aims |",
            "|---|--:|--:|---|",
            f"| openpyxl bare read, 10,000 rows | {roster['read']:.2f} s | 1.0× | |",
            f"| Roster import, 10,000 new rows | {roster['new']:.2f} s | {ratio:.2f}× | "
            f"{met(['ratio'] if ratio > AIM_IMPORT else [])} |",
            f"| Roster import again, all unchanged | {roster['again']:.2f} s "
            f"| {roster['again'] / roster['read']:.2f}× | |",
            f"| Roster preview (dry run) | {roster['preview']:.2f} s | {roster['preview'] / roster['read']:.2f}× | |",
            f"| Agreement PDF (worker) | {documents['agreement']:.2f} s | | "
            f"{met(['time'] if documents['agreement'] >= AIM_AGREEMENT_S else [])} |",
            f"| Booklet PDF, {documents['booklet_plans']} plans (worker) | {documents['booklet']:.2f} s | | "
            f"{met(['time'] if documents['booklet'] >= AIM_BOOKLET_S else [])} |",
        ]
    )


def main() -> None:
    started = time.perf_counter()
    if "--smoke" in sys.argv:
        smoke()
        return
    if "--demo-pages" in sys.argv:  # the child process that measures the demo database
        setup_django(DEMO_URL)
        prepare(DEMO_SHAPE, seed_demo)
        print(json.dumps(measure_pages(national=False, requests=5)))
        return

    for url in (NATIONAL_URL, DEMO_URL):
        create_database(url)
    setup_django(NATIONAL_URL)
    from django.core.management import call_command

    from bench import dataset

    call_command("collectstatic", interactive=False, verbosity=0)
    say("Demo database: migrating, loading the demo if needed, counting queries…")
    child = subprocess.run(
        [sys.executable, __file__, "--demo-pages"], capture_output=True, text=True, env=os.environ.copy()
    )
    if child.returncode:
        raise SystemExit(child.stderr)
    demo = json.loads(child.stdout.strip().splitlines()[-1])

    say("National database: migrating, building the data set if needed…")
    build_start = time.perf_counter()
    if prepare(dataset.SHAPE, build_national):
        say(f"  built in {time.perf_counter() - build_start:.0f} s")
    say(f"  {sizes()}")

    say(f"Pages: {REQUESTS} requests each…")
    national = measure_pages(national=True, requests=REQUESTS)
    users, things = actors(national=True)
    say(f"Heavy POSTs and background jobs: {POST_REPEATS} each, rolled back…")
    posts = measure_posts(users, things)
    sign_in = measure_sign_in(users)
    say("Documents, as the worker renders them…")
    documents = measure_documents(things)
    say(f"Throughput: gunicorn, 2 workers, wrk {WRK_SECONDS} s per page…")
    rates, bare = measure_throughput(national, users)
    say("Roster import…")
    roster = measure_import()

    print(f"Inovasi at national scale, {time.strftime('%Y-%m-%d')}: {sizes()}.")
    print(f"Machine: {machine()}.")
    print(f"Server time: {REQUESTS} requests a page, in-process; throughput: wrk -t2 -c8 -d{WRK_SECONDS}s.")
    print()
    print(table(demo, national, rates, bare))
    print()
    print(f"Heavy POSTs and background jobs: {POST_REPEATS} times each in-process, each rolled back afterwards.")
    print()
    print(posts_table(posts, sign_in))
    print()
    print(work_table(documents, roster))
    say(f"Done in {time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    main()
