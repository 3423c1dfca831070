"""The portfolio area: the decisions that move services through the portfolio, and what each
service costs, is worth and attains."""

from schema.core.areas import Area
from schema.portfolio import queries, relations, sources, types
from schema.portfolio.mutations import PortfolioMutation
from schema.portfolio.queries import PortfolioQuery

AREA = Area(
    name="portfolio",
    queries=(PortfolioQuery,),
    mutations=(PortfolioMutation,),
    types=(types.PortfolioDecision, types.SteeringMeeting),
    sources=(sources.DECISION, sources.MEETING),
    relations=relations.RELATIONS,
    lists={
        "portfolioDecisions": queries.decisions_list,
        "steeringMeetings": queries.meetings_list,
    },
)
