"""The planner dashboard: session state, target cards, widgets (``app``) and the Voilà server,
configuration, template and query string. Nothing here imports Voilà or ipywidgets at import
time."""
