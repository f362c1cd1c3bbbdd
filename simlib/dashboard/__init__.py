"""The planner dashboard: session state, target cards, widgets and the Voilà server."""
