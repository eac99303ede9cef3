"""Later references to sources: pronouns, "the ministry", "the briefing", "Moscow said"."""

from builder.annotate.resolve.resolver import Resolver
from builder.annotate.resolve.shared import PERSON_ROLES
from builder.annotate.resolve.speakers import speakers_for_claims

__all__ = ["PERSON_ROLES", "Resolver", "speakers_for_claims"]
