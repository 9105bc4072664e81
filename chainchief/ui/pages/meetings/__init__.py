"""The meetings page: the year's plan, the month calendar and one meeting in full."""
