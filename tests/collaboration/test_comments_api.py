"""Comments through the API: anyone who may see a thing comments on it in Markdown, mentioning
people who may see it too; the author edits (marked edited) and deletes; administrators delete;
comments on confidential work stay hidden with it; bad input is refused with nothing written."""

from __future__ import annotations

from sqlalchemy import text

from server.db import make_sync_engine
from server.demo import content
from tests.support.demo import EMAIL_METRIC, MAIL_ROUTING, SHORTEN, person_id, suggestion_id

ERRORS = "errors { field code message }"
ADD = f"""mutation($input: AddCommentInput!) {{ addComment(input: $input) {{
  comment {{ id body bodyHtml authorName editedAt version viewerMayEdit viewerMayDelete
    mentions {{ nodes {{ name }} }} initiative {{ title }} metric {{ name }} }} {ERRORS} }} }}"""
EDIT = f"""mutation($input: EditCommentInput!) {{ editComment(input: $input) {{
  comment {{ body editedAt version mentions {{ nodes {{ name }} }} }} {ERRORS} }} }}"""
DELETE = f"""mutation($input: DeleteCommentInput!) {{ deleteComment(input: $input) {{
  deletedCommentId {ERRORS} }} }}"""
COMMENTS = """query($id: ID!) { node(id: $id) { ... on Initiative { comments(first: 10) {
  totalCount nodes { body authorName } } } ... on Metric { comments(first: 10) { totalCount
  nodes { body } } } } }"""
MENTIONABLE = """query($s: ID!, $q: String) { mentionable(subject: $s, search: $q, first: 50) {
  nodes { name } } }"""


def count(api, table: str) -> int:
    engine = make_sync_engine(api.url, pooled=False)
    try:
        with engine.connect() as connection:
            return connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
    finally:
        engine.dispose()


def security_initiative(api) -> str:
    found = api.query("omar", '{ initiatives(first: 1, filter: {planKind: [SECURITY_IMPROVEMENT]})'
                      " { nodes { id } } }")  # fmt: skip
    return found["initiatives"]["nodes"][0]["id"]


def test_a_comment_with_a_mention_is_written_edited_and_deleted(api):
    written = api.mutate(
        "nora", ADD,
        {"input": {"subjectId": SHORTEN, "body": "Is the **cut-over** date fixed, "
                   "@Priya Raman? <script>alert(1)</script>",
                   "mentionIds": [person_id("priya")]}},
    )  # fmt: skip
    assert written["errors"] == []
    comment = written["comment"]
    assert comment["authorName"] == "Nora Quinn"
    assert comment["initiative"] == {"title": "Shorten mailbox provisioning to one hour"}
    assert "<strong>cut-over</strong>" in comment["bodyHtml"]
    assert "<script>" not in comment["bodyHtml"]
    assert comment["mentions"]["nodes"] == [{"name": "Priya Raman"}]
    assert comment["editedAt"] is None
    listed = api.query("tom", COMMENTS, {"id": SHORTEN})["node"]["comments"]
    assert listed["totalCount"] == 1 and listed["nodes"][0]["authorName"] == "Nora Quinn"
    for person in ("priya", "ada"):
        refused = api.mutate(person, EDIT, {"input": {"id": comment["id"], "body": "x"}})
        assert refused["errors"][0]["code"] == "FORBIDDEN", person
    edited = api.mutate(
        "nora", EDIT,
        {"input": {"id": comment["id"], "body": "Is the cut-over date fixed?", "mentionIds": [],
                   "expectedVersion": comment["version"]}},
    )  # fmt: skip
    assert edited["errors"] == [] and edited["comment"]["editedAt"] is not None
    assert edited["comment"]["mentions"]["nodes"] == []
    stale = api.mutate("nora", DELETE, {"input": {"id": comment["id"], "expectedVersion": 1}})
    assert stale["errors"][0]["code"] == "CONFLICT"
    assert api.mutate("priya", DELETE, {"input": {"id": comment["id"]}})["errors"][0][
        "code"] == "FORBIDDEN"  # fmt: skip
    deleted = api.mutate("ada", DELETE, {"input": {"id": comment["id"]}})
    assert deleted == {"deletedCommentId": comment["id"], "errors": []}
    assert api.query("tom", COMMENTS, {"id": SHORTEN})["node"]["comments"]["totalCount"] == 0


def test_comments_on_confidential_work_stay_hidden_and_mention_only_who_may_see(api):
    secret = security_initiative(api)
    mentionable = api.query("omar", MENTIONABLE, {"s": secret})["mentionable"]["nodes"]
    assert {n["name"] for n in mentionable} == {
        "Ada Lindqvist", "Margaret Okafor", "Tom Becker", "Omar Haddad",
    }  # fmt: skip
    assert api.query("nora", MENTIONABLE, {"s": secret})["mentionable"]["nodes"] == []
    refused = api.mutate("omar", ADD, {"input": {"subjectId": secret, "body": "Heads up",
                                                 "mentionIds": [person_id("priya")]}})  # fmt: skip
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [
        (["input", "mentionIds", "0"], "INVALID")
    ]
    assert refused["errors"][0]["message"] == "Priya Raman may not see this initiative"
    written = api.mutate("omar", ADD, {"input": {"subjectId": secret, "body": "Heads up",
                                                 "mentionIds": [person_id("tom")]}})  # fmt: skip
    assert written["errors"] == []
    hidden = api.mutate("nora", ADD, {"input": {"subjectId": secret, "body": "Me too"}})
    assert hidden["errors"][0]["code"] == "NOT_FOUND"
    assert api.query("nora", "query($id: ID!) { node(id: $id) { id } }",
                     {"id": written["comment"]["id"]})["node"] is None  # fmt: skip
    assert api.query("tom", "query($id: ID!) { node(id: $id) { id } }",
                     {"id": written["comment"]["id"]})["node"] is not None  # fmt: skip
    searched = api.query("nora", MENTIONABLE, {"s": EMAIL_METRIC, "q": "pri"})
    assert [n["name"] for n in searched["mentionable"]["nodes"]] == ["Priya Raman"]


def test_every_kind_of_thing_takes_comments(api):
    reviews = api.query("ada", "{ serviceReviews(first: 1) { nodes { id } } }")
    assessments = api.query("ada", "{ balanceAssessments(first: 1) { nodes { id } } }")
    subjects = [
        SHORTEN, EMAIL_METRIC, suggestion_id(api_suggestion_title()),
        reviews["serviceReviews"]["nodes"][0]["id"],
        assessments["balanceAssessments"]["nodes"][0]["id"],
    ]  # fmt: skip
    for subject in subjects:
        written = api.mutate("sam", ADD, {"input": {"subjectId": subject, "body": "Noted."}})
        assert written["errors"] == [], subject
    assert count(api, "comments") == len(content.COMMENTS) + 5


def api_suggestion_title() -> str:
    return content.SUGGESTIONS[0][1]


def test_bad_comments_are_refused_with_nothing_written(api):
    api.token("nora", "read_write")  # issuing the token is audited: before counting
    before = count(api, "comments"), count(api, "comment_mentions"), count(api, "audit_log")
    for variables, field, code in [
        ({"subjectId": SHORTEN, "body": "  "}, ["input", "body"], "INVALID"),
        ({"subjectId": person_id("ada"), "body": "Hi"}, ["input", "subjectId"], "NOT_FOUND"),
        ({"subjectId": "nonsense", "body": "Hi"}, ["input", "subjectId"], "NOT_FOUND"),
        ({"subjectId": SHORTEN, "body": "Hi", "mentionIds": ["nonsense"]},
         ["input", "mentionIds", "0"], "NOT_FOUND"),
        ({"subjectId": SHORTEN, "body": "Hi", "mentionIds": [SHORTEN]},
         ["input", "mentionIds", "0"], "NOT_FOUND"),
    ]:  # fmt: skip
        refused = api.mutate("nora", ADD, {"input": variables})
        assert [(e["field"], e["code"]) for e in refused["errors"]] == [(field, code)], variables
    assert (count(api, "comments"), count(api, "comment_mentions"), count(api, "audit_log")) == (
        before
    )


def test_the_demo_conversation_shows_with_its_mentions(api):
    found = api.query("nora", COMMENTS, {"id": MAIL_ROUTING})["node"]["comments"]
    assert [n["authorName"] for n in found["nodes"]] == ["Tom Becker", "Priya Raman"]


def test_one_edit_is_one_new_version(api):
    written = api.mutate("nora", ADD, {"input": {"subjectId": SHORTEN, "body": "First"}})
    comment = written["comment"]
    edited = api.mutate(
        "nora", EDIT,
        {"input": {"id": comment["id"], "body": "Second", "mentionIds": [person_id("priya")],
                   "expectedVersion": comment["version"]}},
    )  # fmt: skip
    assert edited["comment"]["version"] == comment["version"] + 1


AUDIT = """{ auditLog(first: 50, filter: {entityType: ["Comment"]}) { nodes { entityLabel } } }"""
LINK = f"""mutation($input: UpdateMetricInput!) {{ updateMetric(input: $input) {{ {ERRORS} }} }}"""


def test_a_comment_on_a_metric_hidden_by_confidential_work_is_hidden_in_the_audit_log(api):
    secret = security_initiative(api)
    written = api.mutate("omar", ADD, {"input": {"subjectId": EMAIL_METRIC,
                                                 "body": "Secret remark"}})  # fmt: skip
    assert written["errors"] == []
    seen = [n["entityLabel"] for n in api.query("nora", AUDIT)["auditLog"]["nodes"]]
    assert seen  # open while the metric is open
    linked = api.mutate("ada", LINK, {"input": {"id": EMAIL_METRIC, "initiativeIds": [secret]}})
    assert linked["errors"] == []
    assert api.query("nora", AUDIT)["auditLog"]["nodes"] == []
    assert api.query("tom", AUDIT)["auditLog"]["nodes"] != []
