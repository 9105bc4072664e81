"""Dialogs of the quarter's work: files in and out, settings, resolutions and their closing."""
