"""The shipped model components; importing this module registers them."""

from . import digital_teams, economy, enterprise, households, programmes, research, sme

__all__ = ["digital_teams", "economy", "enterprise", "households", "programmes", "research", "sme"]
