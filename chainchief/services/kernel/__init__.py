"""The steps every writing use case shares: find a row, check its version, write it, remove it
with what goes with it, and log each change in the audit.

Internal to ``services``: the subject packages build on it; nothing outside ``services`` imports
it.
"""
