"""Voilà dashboard infrastructure: server launch, configuration, template, query string.

Nothing here imports Voilà or ipywidgets at import time.
"""
