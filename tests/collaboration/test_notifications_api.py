"""Notifications through the API: whoever must decide hears that something waits; the owner
hears the decision; a mention reaches the person mentioned; a comment reaches those who watch
the thing, and no longer once they stop; nobody hears of their own doing or of anything they
may not see; read and unread, one at a time or all at once."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db import make_sync_engine
from server.domain.collaboration import notifications
from server.domain.core.viewer import viewer_from_rows, viewer_query
from server.models import Initiative, Plan
from server.models.enums import NotificationKind, PlanKind
from tests.support.demo import MAIL_ROUTING, STRATEGIC, person_id

ERRORS = "errors { field code message }"
INBOX = """query($unread: Boolean) { viewer { unreadNotificationCount
  notifications(first: 20, unread: $unread) { totalCount nodes { id kind message link actorName
    readAt initiative { title } suggestion { title } } } } }"""
PROPOSE = f"""mutation($input: ProposeInitiativeInput!) {{ proposeInitiative(input: $input) {{
  initiative {{ id version }} {ERRORS} }} }}"""
APPROVE = f"""mutation($input: ApproveInitiativeInput!) {{ approveInitiative(input: $input) {{
  initiative {{ id version }} {ERRORS} }} }}"""
COMMENT = f"""mutation($input: AddCommentInput!) {{ addComment(input: $input) {{
  comment {{ id }} {ERRORS} }} }}"""
WATCH = f"""mutation($input: SetWatchingInput!) {{ setWatching(input: $input) {{ watching
  {ERRORS} }} }}"""
READ = f"""mutation($input: MarkNotificationsReadInput!) {{ markNotificationsRead(input: $input)
  {{ unreadCount {ERRORS} }} }}"""
SUBMIT = f"""mutation($input: SubmitSuggestionInput!) {{ submitSuggestion(input: $input) {{
  suggestion {{ id version }} {ERRORS} }} }}"""
ACCEPT = f"""mutation($input: AcceptSuggestionInput!) {{ acceptSuggestion(input: $input) {{
  suggestion {{ id }} {ERRORS} }} }}"""


def inbox(api, person: str, unread: bool | None = None) -> dict:
    return api.query(person, INBOX, {"unread": unread})["viewer"]


def test_a_proposal_waits_for_the_committee_and_its_approval_reaches_the_owner(api):
    before = {p: inbox(api, p)["unreadNotificationCount"] for p in ("margaret", "tom")}
    proposed = api.mutate("ada", PROPOSE, {"input": {"planId": STRATEGIC,
                                                     "title": "A data platform"}})  # fmt: skip
    initiative = proposed["initiative"]
    for person in ("margaret", "tom"):
        seen = inbox(api, person)
        assert seen["unreadNotificationCount"] == before[person] + 1, person
        (first, *_) = seen["notifications"]["nodes"]
        assert first["kind"] == "AWAITING_DECISION"
        assert first["message"] == (
            "Ada Lindqvist proposed “A data platform” in Strategic plan 2026-2028: approve or "
            "reject it."
        )
        assert first["link"] == f"/initiatives/{initiative['id']}"
    assert inbox(api, "ada")["notifications"]["totalCount"] == 0  # not of her own doing
    assert inbox(api, "nora")["notifications"]["totalCount"] == 0
    api.mutate(
        "margaret",
        APPROVE,
        {"input": {"id": initiative["id"], "expectedVersion": initiative["version"]}},
    )
    told = inbox(api, "ada")["notifications"]["nodes"]
    assert [(n["kind"], n["message"]) for n in told] == [
        ("DECIDED", "Margaret Okafor approved “A data platform”."),
    ]


def test_a_mention_and_a_comment_reach_the_mentioned_and_the_watchers(api):
    # Priya owns the initiative (she watches it); Tom mentions Margaret.
    written = api.mutate(
        "tom", COMMENT,
        {"input": {"subjectId": MAIL_ROUTING, "body": "Over to you.",
                   "mentionIds": [person_id("margaret")]}},
    )  # fmt: skip
    margaret = inbox(api, "margaret")["notifications"]["nodes"][0]
    assert margaret["kind"] == "MENTIONED"
    assert margaret["message"] == "Tom Becker mentioned you on “Upgrade the mail routing cluster”."
    assert margaret["link"] == f"/initiatives/{MAIL_ROUTING}#comment-{written['comment']['id']}"
    priya = inbox(api, "priya")["notifications"]["nodes"][0]
    assert priya["kind"] == "COMMENTED" and priya["initiative"]["title"].startswith("Upgrade")
    # Nora starts watching, hears of the next comment, stops, and hears no more.
    assert api.mutate("nora", WATCH, {"input": {"subjectId": MAIL_ROUTING, "watching": True}})[
        "watching"] is True  # fmt: skip
    api.mutate("priya", COMMENT, {"input": {"subjectId": MAIL_ROUTING, "body": "Done."}})
    assert inbox(api, "nora")["notifications"]["nodes"][0]["message"] == (
        "Priya Raman commented on “Upgrade the mail routing cluster”."
    )
    api.mutate("nora", WATCH, {"input": {"subjectId": MAIL_ROUTING, "watching": False}})
    api.mutate("tom", COMMENT, {"input": {"subjectId": MAIL_ROUTING, "body": "Thanks."}})
    assert inbox(api, "nora")["notifications"]["totalCount"] == 1
    # Tom commented, so he watches it now; Priya's answer reached him.
    assert "Priya Raman commented" in inbox(api, "tom")["notifications"]["nodes"][0]["message"]


def test_a_suggestion_waits_for_triage_and_its_author_hears_the_outcome(api):
    submitted = api.mutate("nora", SUBMIT, {"input": {"kind": "STRATEGIC",
                                                      "title": "A mobile app"}})  # fmt: skip
    suggestion = submitted["suggestion"]
    waiting = inbox(api, "tom")["notifications"]["nodes"][0]
    assert waiting["kind"] == "AWAITING_DECISION"
    assert waiting["suggestion"] == {"title": "A mobile app"}
    api.mutate("tom", ACCEPT, {"input": {"id": suggestion["id"]}})
    (told, *_) = inbox(api, "nora")["notifications"]["nodes"]
    assert (told["kind"], told["message"]) == (
        "DECIDED",
        "Tom Becker accepted your suggestion “A mobile app”.",
    )


def test_read_and_unread(api):
    api.mutate("ada", PROPOSE, {"input": {"planId": STRATEGIC, "title": "One"}})
    api.mutate("ada", PROPOSE, {"input": {"planId": STRATEGIC, "title": "Two"}})
    nodes = inbox(api, "tom")["notifications"]["nodes"]
    count = inbox(api, "tom")["unreadNotificationCount"]
    marked = api.mutate("tom", READ, {"input": {"ids": [nodes[0]["id"]]}})
    assert marked == {"unreadCount": count - 1, "errors": []}
    assert inbox(api, "tom", unread=False)["notifications"]["nodes"][0]["id"] == nodes[0]["id"]
    refused = api.mutate("tom", READ, {"input": {}})
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [(["input", "ids"], "INVALID")]
    # Someone else's notification is not theirs to mark: nothing changes.
    api.mutate("margaret", READ, {"input": {"ids": [nodes[1]["id"]]}})
    assert inbox(api, "tom")["unreadNotificationCount"] == count - 1
    assert api.mutate("tom", READ, {"input": {"all": True}})["unreadCount"] == 0
    assert inbox(api, "tom", unread=True)["notifications"]["totalCount"] == 0


def test_nobody_is_told_of_what_they_may_not_see(demo_url):
    engine = make_sync_engine(demo_url, pooled=False)
    with Session(engine) as session:
        secret = session.scalars(
            select(Initiative).join(Plan, Plan.id == Initiative.plan_id)
            .where(Plan.kind == PlanKind.SECURITY_IMPROVEMENT)
        ).first()  # fmt: skip
        omar = viewer_from_rows(session.execute(viewer_query(9)).all())
        assert secret is not None and omar is not None and omar.name == "Omar Haddad"
        everyone = set(range(1, 15))
        told = notifications.notify(session, omar, everyone, NotificationKind.CHANGED,
                                    "Secret news", ("Initiative", secret.id))  # fmt: skip
        # Ada (administrator), Margaret and Tom (steering committee); not Omar himself.
        assert told == 3
        session.rollback()
    engine.dispose()
