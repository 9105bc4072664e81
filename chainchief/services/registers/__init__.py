"""The registers of the plan besides the chain map: firm figures per quarter, the leading-firm
cultivation library with its visits, and where the target firms come from (招商地图).

The names below are the package's use cases; callers outside ``services`` import them from
here. Modules inside ``services`` import each other's modules directly.
"""
