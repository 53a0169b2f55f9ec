from contextlib import contextmanager

import pytest

from programmes import builtin
from programmes.models import Programme
from tests.conftest import ARTIFACTS


@pytest.fixture
def browser_locale():
    """Browser tests of the later pages read the English source strings; the sign-in test keeps Indonesian."""
    return "en-US"


def sign_in(page, live_server, user, password):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address or NIP").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def fill_form(page, data):
    """Fill a form's fields by name, whatever their kind: text, date, select or radio buttons."""
    for name, value in data.items():
        field = page.locator(f"[name={name}]")
        kind = field.first.evaluate("element => element.tagName + ':' + (element.type || '')")
        if kind.startswith("SELECT"):
            field.select_option(str(value))
        elif kind.endswith(":radio"):
            page.locator(f"[name={name}][value={value}]").check()
        else:
            field.fill(str(value))


def confirm(page, button):
    """Answer yes in the dialog that a step hard to undo opens first."""
    page.get_by_role("dialog").get_by_role("button", name=button).click()


SECTIONS = [
    "Background",
    "Problem",
    "Ideal state",
    "The innovation (terobosan)",
    "Objectives",
    "Benefits",
    "Outputs and outcomes",
    "Resources",
    "Success indicators",
]


def choose_issue(page, work, issue):
    """From the participant's home: start the `work` (its programme's name), add `issue` passing APKL, choose it
    and go on to write."""
    page.get_by_role("button", name=f"Start my {work}").click()
    page.get_by_label("Issue").fill(issue)
    for name in ["Aktual", "Problematik", "Kekhalayakan", "Layak"]:
        page.get_by_label(name, exact=True).check()
    page.get_by_label("Urgency").select_option("5")
    page.get_by_role("button", name="Add", exact=True).click()
    page.get_by_role("button", name="Choose").click()
    page.get_by_role("link", name="Go on to write the plan").click()


def write_plan(page, *, title, cluster, due_date):
    """From the participant's home: choose the core issue, fill every part of the plan with one stakeholder,
    risk and milestone, and save it."""
    choose_issue(page, "rencana aksi inovasi", "Antrian surat pengantar panjang setiap pagi")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Cluster").select_option(label=cluster)
    for section in SECTIONS:
        page.get_by_label(section, exact=True).fill(f"{section} dari rencana ini.")
    page.get_by_text("Saved at").wait_for()  # autosave answered while typing
    page.get_by_role("button", name="Add a stakeholder").click()
    page.locator("[name=stakeholders-0-name]").fill("Kepala lingkungan")
    page.locator("[name=stakeholders-0-role]").fill("Penghubung warga")
    page.get_by_role("button", name="Add a risk").click()
    page.locator("[name=risks-0-description]").fill("Petugas cuti")
    page.locator("[name=risks-0-mitigation]").fill("Petugas cadangan")
    page.get_by_role("button", name="Add a milestone").click()
    page.locator("[name=milestones-0-deliverable]").fill("SOP baru disahkan")
    page.locator("[name=milestones-0-due_date]").fill(due_date)
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("The plan is saved.").wait_for()


@pytest.fixture
def programmes(db):
    """The built-in programmes, loaded again: a transactional test before this one flushed what the migration
    loaded."""
    builtin.load(Programme)


@pytest.fixture
def step(page, request):
    """`with step(name):` around each step of a long journey keeps its screenshot, saved under test-artifacts/ if
    the test fails."""
    shots = []

    @contextmanager
    def run(name):
        try:
            yield
        finally:
            shots.append((name, page.screenshot(full_page=True)))

    yield run
    if getattr(request.node, "failed_call", False):
        folder = ARTIFACTS / request.node.name
        folder.mkdir(parents=True, exist_ok=True)
        for number, (name, png) in enumerate(shots, start=1):
            (folder / f"{number:02d}-{name}.png").write_bytes(png)


def submit_scores(page, title, value, note):
    """On the examiner's panel: open the exposé of `title`, give every criterion `value`, write `note` and submit."""
    page.get_by_role("link", name=title).click()
    for field in page.locator("input.js-score").all():
        field.fill(value)
    page.get_by_label("Note for the participant").fill(note)
    page.get_by_role("button", name="Submit scores").click()
    confirm(page, "Submit")
    page.get_by_text(f"Your scores for {title} are submitted.").wait_for()


def home_says(page, live_server, text):
    """The signed-in person's home page shows `text` (their to-do list, their next step)."""
    page.goto(f"{live_server.url}/")
    page.get_by_text(text).first.wait_for()
