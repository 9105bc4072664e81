from .departments import (
    DepartmentRow,
    create_department,
    delete_department,
    department_deletion_summary,
    department_names,
    list_departments,
    update_department,
)
from .people import (
    PersonRow,
    create_person,
    delete_person,
    list_people,
    people_names,
    person_deletion_summary,
    update_person,
)

__all__ = [
    "DepartmentRow",
    "PersonRow",
    "create_department",
    "create_person",
    "delete_department",
    "delete_person",
    "department_deletion_summary",
    "department_names",
    "list_departments",
    "list_people",
    "people_names",
    "person_deletion_summary",
    "update_department",
    "update_person",
]
