"""The search area: `search`, across the register's things."""

from schema.core.areas import Area
from schema.search.queries import SearchQuery

AREA = Area(name="search", queries=(SearchQuery,))
