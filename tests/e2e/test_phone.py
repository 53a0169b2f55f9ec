"""Every main page of every role, on a phone (390 × 844): nothing scrolls sideways, neither the page nor a table
that would hide its key column or its action off screen. A wide grid that must scroll (the schedule by room) is
marked .scroll-x-ok and keeps its first column in view."""

import pytest

from tests.pages import ROLES, main_pages

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
OVERFLOW = """() => {
  const page = document.documentElement.scrollWidth;
  const tables = [...document.querySelectorAll(".table-responsive:not(.scroll-x-ok)")]
    .filter((box) => box.scrollWidth > box.clientWidth + 1)
    .map((box) => (box.querySelector("caption, th, td") || box).textContent.trim().slice(0, 40));
  const wide = [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
    .filter((el) => !el.closest(".table-responsive, .visually-hidden, .visually-hidden-focusable, dialog"))
    .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`).slice(0, 5);
  return { page, tables, wide };
}"""


@pytest.mark.parametrize("role", ROLES)
def test_no_main_page_scrolls_sideways_on_a_phone(page, live_server, role):
    page.set_viewport_size(PHONE)
    user, urls = main_pages()[role]
    if user:
        page.goto(f"{live_server.url}/accounts/login/")
        page.locator("[name=username]").fill(user.email)
        page.locator("[name=password]").fill("inovasi2017")
        page.locator("[name=password]").press("Enter")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)

    problems = []
    for url in urls:
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        found = page.evaluate(OVERFLOW)
        if found["page"] > PHONE["width"] or found["tables"] or found["wide"]:
            problems.append(f"{url}: page {found['page']} px; tables {found['tables']}; wider {found['wide']}")

    assert not problems, "\n".join(problems)
