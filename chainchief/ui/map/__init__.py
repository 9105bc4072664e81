"""The chain map: the scene and its items, the view, editing on the map, the inspector, the
chain navigator and the search box."""
