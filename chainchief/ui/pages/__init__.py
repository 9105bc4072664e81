"""The workspace's pages beside the map: tables, meetings, action items, indicators, the audit
log. Each is built the first time it is shown (``ui.lazy_page``)."""
