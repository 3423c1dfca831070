"""The work area: what awaits the viewer, section by section. `Work` is reached through
`Viewer.work` (schema/people/types.py), so the area has nothing to list."""

from schema.core.areas import Area

AREA = Area(name="work")
