"""The user guide bundled as HTML (resources/help) and the windows that show it."""
