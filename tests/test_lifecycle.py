"""core.lifecycle: the table check every transition uses, and the moves it offers to templates."""

from typing import cast

import pytest
from django.core.exceptions import ValidationError
from django.db import models

from core.lifecycle import Lifecycle, Publication, move


class Door(models.TextChoices):
    SHUT = "shut", "Shut"
    OPEN = "open", "Open"
    GONE = "gone", "Gone"


Door.MOVES = {  # type: ignore[attr-defined]  # see core.lifecycle.Lifecycle.moves
    (Door.SHUT, Door.OPEN): move("open", "owner"),
    (Door.OPEN, Door.SHUT): move("close", "owner", "porter"),
    (Door.OPEN, Door.GONE): move("remove", "porter", note_required=True),
    (Door.SHUT, Door.GONE): move("decay", "porter", automatic=True),
}


class Thing:
    def __init__(self, state, owner):
        self.state, self.owner = state, owner


LIFECYCLE = Lifecycle(
    Door,
    # A rule is asked of any object; this table's are always Things.
    roles={
        "owner": lambda thing, user: user == cast(Thing, thing).owner,
        "porter": lambda thing, user: user == "porter",
    },
    noun="door",
)


def test_check_returns_the_move_for_a_rightful_actor():
    assert LIFECYCLE.check(Thing("shut", "ana"), to="open", by="ana").action == "open"


def test_check_refuses_a_move_the_table_lacks_and_names_both_states():
    with pytest.raises(ValidationError) as refused:
        LIFECYCLE.check(Thing("gone", "ana"), to="open", by="ana")

    assert refused.value.messages == ["A door that is gone cannot become open."]
    assert refused.value.error_list[0].code == "illegal_transition"


def test_check_refuses_an_actor_without_the_role():
    with pytest.raises(ValidationError) as refused:
        LIFECYCLE.check(Thing("shut", "ana"), to="open", by="bob")

    assert refused.value.messages == ["You may not make this change to this door."]


def test_check_asks_for_a_note_where_the_move_needs_one():
    with pytest.raises(ValidationError, match="write a note"):
        LIFECYCLE.check(Thing("open", "ana"), to="gone", by="porter", note="  ")

    assert LIFECYCLE.check(Thing("open", "ana"), to="gone", by="porter", note="Rusak").action == "remove"


def test_a_lifecycle_may_say_who_may_move_it():
    strict = Lifecycle(Door, roles=LIFECYCLE.roles, noun="door", not_allowed="Only the owner opens it.")

    with pytest.raises(ValidationError) as refused:
        strict.check(Thing("shut", "ana"), to="open", by="bob")

    assert refused.value.messages == ["Only the owner opens it."]


def test_allowed_gives_the_manual_moves_of_each_person():
    thing = Thing("open", "ana")

    assert LIFECYCLE.allowed(thing, "ana") == {"close": "shut"}
    assert LIFECYCLE.allowed(thing, "porter") == {"close": "shut", "remove": "gone"}
    assert LIFECYCLE.allowed(Thing("shut", "ana"), "porter") == {}  # decay is automatic, never a button
    assert LIFECYCLE.allowed(thing, None, roles={"owner"}) == {"close": "shut"}


def test_a_table_naming_a_role_without_a_rule_is_refused_at_once():
    with pytest.raises(ValueError, match="porter"):
        Lifecycle(Door, roles={"owner": LIFECYCLE.roles["owner"]}, noun="door")


def test_publication_needs_a_reason_to_withdraw_and_may_publish_again():
    moves = Publication.MOVES

    assert moves["published", "withdrawn"].note_required
    assert moves["withdrawn", "published"].action == "publish"
    assert ("unpublished", "withdrawn") not in moves
