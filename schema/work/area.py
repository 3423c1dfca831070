"""The work area: what awaits the viewer (`Viewer.work`), section by section."""

from schema.core.areas import Area
from schema.work import types

AREA = Area(name="work", types=(types.Work,))
