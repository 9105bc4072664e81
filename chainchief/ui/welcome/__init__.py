"""The welcome shown in place of the map while the database holds no chain."""
