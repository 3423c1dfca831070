"""The imports area: measurement imports from CSV files, checked, started and followed."""

from schema.core.areas import Area
from schema.imports.mutations import ImportsMutation
from schema.imports.queries import ImportsQuery

AREA = Area(name="imports", queries=(ImportsQuery,), mutations=(ImportsMutation,))
