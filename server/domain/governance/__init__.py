"""Process governance: a process's definition (purpose, scope, activities with their procedures
and RACI), the policies that govern it, and the versions of that definition over time."""
