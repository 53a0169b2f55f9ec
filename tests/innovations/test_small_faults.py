"""Small faults of the plan's pages and the catalogue: an empty list of attachments, a new row's number, the
catalogue's filters in both languages."""

import re

import pytest
from django.urls import reverse

from innovations.documents import plan_pdf
from tests.downloads import pdf_text
from tests.factories import complete_plan
from tests.innovations.test_catalogue import published_plan


@pytest.fixture
def plan(cohort):
    return complete_plan(participant__cohort=cohort)


def test_a_plan_without_attachments_says_so_instead_of_numbering_a_dash(client, plan):
    client.force_login(plan.participant.user)

    page = client.get(reverse("innovations:print", args=[plan.pk])).content.decode()
    text = " ".join(pdf_text(plan_pdf(plan)).split())

    assert '<ol class="attachments">' not in page
    assert "Lampiran Tidak ada lampiran." in text


def test_a_new_list_row_starts_without_a_number(client, plan):
    client.force_login(plan.participant.user)

    response = client.get(reverse("innovations:row", args=[plan.pk, "stakeholders"]), {"stakeholders-TOTAL_FORMS": 1})

    field = re.search(r'<input[^>]*name="stakeholders-1-order"[^>]*>', response.content.decode()).group(0)
    assert "value=" not in field


def test_the_catalogues_word_search_is_keywords_in_english_and_kata_kunci_in_indonesian(client, cohort):
    published_plan(cohort, title="Arsip digital")

    english = client.get(reverse("innovations:catalogue"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    indonesian = client.get(reverse("innovations:catalogue"), HTTP_ACCEPT_LANGUAGE="id").content.decode()

    assert re.search(r'<label[^>]*for="id_q"[^>]*>\s*Keywords\s*</label>', english)
    assert re.search(r'<label[^>]*for="id_q"[^>]*>\s*Kata kunci\s*</label>', indonesian)


def test_the_catalogues_filters_offer_one_kind_of_empty_choice(client, cohort):
    published_plan(cohort, title="Arsip digital")

    body = client.get(reverse("innovations:catalogue")).content.decode()

    empty = re.findall(r'<option value=""[^>]*>([^<]*)</option>', body)
    assert empty == ["—", "—", "—", "—", "—"]  # cluster, region, kecamatan, year, the innovation's stage
