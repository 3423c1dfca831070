"""Plans: the registers of initiatives, one per kind or per service and process."""
