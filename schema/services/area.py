"""The services area: services, their offerings, and processes."""

from schema.core.areas import Area
from schema.services import relations, sources, types
from schema.services.mutations import ServicesMutation
from schema.services.queries import ServicesQuery, processes_list, services_list

AREA = Area(
    name="services",
    queries=(ServicesQuery,),
    mutations=(ServicesMutation,),
    types=(types.Service, types.Offering, types.Process),
    sources=(sources.SERVICE, sources.OFFERING, sources.PROCESS),
    relations=relations.RELATIONS,
    lists={"services": services_list, "processes": processes_list},
)
