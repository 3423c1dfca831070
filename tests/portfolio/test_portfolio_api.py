"""The service portfolio through the API: a service moves only by a decision of the steering
committee, proposed by its owner or the service strategy manager; the history stays; what a
service costs, is worth and attains; bad input refused with nothing written."""

from __future__ import annotations

from tests.support.demo import demo_id, service_id

ERRORS = "errors { field code message }"
PROPOSE = f"""mutation($input: ProposePortfolioDecisionInput!) {{
  proposePortfolioDecision(input: $input) {{ decision {{ id version move status case
    service {{ lifecycle }} initiative {{ title }} }} {ERRORS} }} }}"""
DECIDE = f"""mutation($input: DecidePortfolioDecisionInput!) {{
  decidePortfolioDecision(input: $input) {{ decision {{ status decisionNote decidedBy {{ name }}
    service {{ name lifecycle }} }} {ERRORS} }} }}"""
SERVICE = """query($id: ID!) { node(id: $id) { ... on Service { lifecycle annualCost costCurrency
  valueStatement availableMoves openWorkCount serviceLevels { met total }
  pendingDecision { move case } portfolioDecisions(first: 10) { totalCount
    nodes { move status } } } } }"""
QUANTIFY = f"""mutation($input: QuantifyServiceInput!) {{ quantifyService(input: $input) {{
  service {{ annualCost costCurrency valueStatement }} {ERRORS} }} }}"""


def service(api, person: str, key: str) -> dict:
    """The service as the person sees it with a token that may write (what they may do)."""
    body = api.post(person, SERVICE, {"id": service_id(key)}, scope="read_write").json()
    return body["data"]["node"]


def test_a_service_goes_live_by_the_committees_decision(api):
    portal = service(api, "lena", "portal")
    assert portal["lifecycle"] == "PIPELINE" and portal["pendingDecision"]["move"] == "GO_LIVE"
    assert portal["availableMoves"] == []  # one waits already
    waiting = api.post(
        "margaret",
        "{ portfolioDecisions(first: 5, filter: {status: [PROPOSED]}) { nodes { id version "
        "service { name } viewerMayDecide } } }",
        scope="read_write",
    ).json()["data"]["portfolioDecisions"]["nodes"]
    (decision,) = waiting
    assert decision["service"]["name"] == "Self-Service Portal" and decision["viewerMayDecide"]
    for person in ("lena", "ada", "nora"):
        refused = api.mutate(person, DECIDE, {"input": {"id": decision["id"], "approve": True}})
        assert refused["errors"][0]["code"] == "FORBIDDEN", person
    approved = api.mutate(
        "margaret", DECIDE,
        {"input": {"id": decision["id"], "approve": True, "note": "Go.",
                   "expectedVersion": decision["version"]}},
    )  # fmt: skip
    assert approved["errors"] == []
    assert approved["decision"]["service"] == {"name": "Self-Service Portal", "lifecycle": "LIVE"}
    again = api.mutate("tom", DECIDE, {"input": {"id": decision["id"], "approve": False,
                                                  "note": "No"}})  # fmt: skip
    assert again["errors"][0]["code"] == "INVALID_TRANSITION"
    live = service(api, "lena", "portal")
    assert live["availableMoves"] == ["RETIRE"]
    assert live["portfolioDecisions"]["nodes"][0]["status"] == "APPROVED"


def test_moves_follow_the_lifecycle_and_a_rejection_needs_a_reason(api):
    refused = api.mutate(
        "priya", PROPOSE,
        {"input": {"serviceId": service_id("email"), "move": "GO_LIVE", "case": "Again"}},
    )  # fmt: skip
    assert refused["errors"][0]["code"] == "INVALID_TRANSITION"
    for person in ("jonas", "nora", "margaret"):
        forbidden = api.mutate(
            person, PROPOSE,
            {"input": {"serviceId": service_id("email"), "move": "RETIRE", "case": "x"}},
        )  # fmt: skip
        assert forbidden["errors"][0]["code"] == "FORBIDDEN", person
    caseless = api.mutate(
        "priya", PROPOSE,
        {"input": {"serviceId": service_id("email"), "move": "RETIRE", "case": " "}},
    )  # fmt: skip
    assert caseless["errors"][0]["field"] == ["input", "case"]
    proposed = api.mutate(
        "priya", PROPOSE,
        {"input": {"serviceId": service_id("email"), "move": "RETIRE",
                   "case": "Everyone moved to the collaboration suite's mail."}},
    )  # fmt: skip
    assert proposed["errors"] == [] and proposed["decision"]["status"] == "PROPOSED"
    twice = api.mutate(
        "ada", PROPOSE,
        {"input": {"serviceId": service_id("email"), "move": "RETIRE", "case": "Me too"}},
    )  # fmt: skip
    assert "waits for the steering committee already" in twice["errors"][0]["message"]
    reasonless = api.mutate(
        "tom", DECIDE, {"input": {"id": proposed["decision"]["id"], "approve": False}}
    )
    assert reasonless["errors"][0]["field"] == ["input", "note"]
    rejected = api.mutate(
        "tom", DECIDE,
        {"input": {"id": proposed["decision"]["id"], "approve": False,
                   "note": "Sales still depend on it."}},
    )  # fmt: skip
    assert rejected["decision"]["status"] == "REJECTED"
    assert rejected["decision"]["service"]["lifecycle"] == "LIVE"
    fax = api.mutate(
        "ada", PROPOSE,
        {"input": {"serviceId": service_id("fax"), "move": "CHARTER", "case": "Regulator asks",
                   "initiativeId": demo_id("Upgrade the mail routing cluster")}},
    )  # fmt: skip
    assert fax["errors"][0]["field"] == ["input", "initiativeId"]  # not a strategic initiative
    chartered = api.mutate(
        "ada", PROPOSE,
        {"input": {"serviceId": service_id("fax"), "move": "CHARTER", "case": "Regulator asks",
                   "initiativeId": demo_id("Introduce a self-service portal")}},
    )  # fmt: skip
    assert chartered["decision"]["initiative"] == {"title": "Introduce a self-service portal"}


def test_update_service_no_longer_changes_the_lifecycle(api):
    refused = api.mutate(
        "ada",
        """mutation($id: ID!) { updateService(input: {id: $id, lifecycle: RETIRED}) {
          service { lifecycle } errors { field code message } } }""",
        {"id": service_id("collab")},
    )
    assert refused["errors"][0]["field"] == ["input", "lifecycle"]
    assert service(api, "ada", "collab")["lifecycle"] == "LIVE"


def test_a_service_is_quantified_by_its_owner(api):
    desk = service(api, "jonas", "desk")
    assert desk["annualCost"] == "420000.00" and desk["costCurrency"] == "EUR"
    assert desk["serviceLevels"]["total"] == 2 and desk["openWorkCount"] > 0
    done = api.mutate(
        "jonas", QUANTIFY,
        {"input": {"serviceId": service_id("desk"), "annualCost": "431000.50",
                   "valueStatement": "Help within a minute, day and night."}},
    )  # fmt: skip
    assert done["service"] == {
        "annualCost": "431000.50",
        "costCurrency": "EUR",
        "valueStatement": "Help within a minute, day and night.",
    }
    for given, field in (({"annualCost": "-1"}, "annualCost"),
                         ({"annualCost": "1.234"}, "annualCost"),
                         ({"currency": "euro"}, "currency")):  # fmt: skip
        bad = api.mutate("jonas", QUANTIFY, {"input": {"serviceId": service_id("desk"), **given}})
        assert bad["errors"][0]["field"] == ["input", field], given
    assert api.mutate("priya", QUANTIFY, {"input": {"serviceId": service_id("desk"),
                      "annualCost": "1"}})["errors"][0]["code"] == "FORBIDDEN"  # fmt: skip
    assert service(api, "jonas", "desk")["annualCost"] == "431000.50"
