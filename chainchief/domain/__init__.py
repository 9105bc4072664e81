"""Pure rules of the chain-chief system: value objects, analysis, layout, calendar, scheduling."""
