"""Every main page of every role: each POST form carries a CSRF token, and text people typed is always escaped."""

from html.parser import HTMLParser

import pytest

from innovations.models import ActionPlan
from participants.models import User
from tests.pages import main_pages

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


class Forms(HTMLParser):
    """Counts POST forms, and those with Django's CSRF field."""

    def __init__(self):
        super().__init__()
        self.posts, self.protected, self.inside = 0, 0, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = (attrs.get("method") or "get").lower() == "post"
            self.posts += self.inside
        elif tag == "input" and self.inside and attrs.get("name") == "csrfmiddlewaretoken":
            self.protected += 1
            self.inside = False  # one token per form is enough

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def pages(client):
    """Yield (role, url, html) for every main page, as its role sees it."""
    for role, (user, urls) in main_pages().items():
        client.logout()
        if user:
            client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (role, url)
            yield role, url, response.content.decode()


@pytest.mark.django_db
def test_every_post_form_carries_a_csrf_token(client):
    unprotected, total = [], 0
    for role, url, html in pages(client):
        forms = Forms()
        forms.feed(html)
        total += forms.posts
        if forms.protected != forms.posts:
            unprotected.append(f"{role} {url}: {forms.posts - forms.protected} of {forms.posts} POST forms")

    assert total > 40  # the pages hold many forms: this checks them, not an empty list
    assert not unprotected, "\n".join(unprotected)


@pytest.mark.django_db
def test_text_people_typed_is_escaped_on_every_page(client):
    main_pages()  # the demo, then the same texts overwritten with markup
    ActionPlan.objects.update(title=PAYLOAD, problem=PAYLOAD, background=PAYLOAD)
    User.objects.update(full_name=PAYLOAD)

    raw, escaped = [], 0
    for role, url, html in pages(client):
        if "<script>alert" in html or "<img src=x" in html:
            raw.append(f"{role} {url}")
        escaped += "&lt;script&gt;alert(" in html

    assert escaped > 20  # the payload is on most pages, shown as text
    assert not raw, "\n".join(raw)
