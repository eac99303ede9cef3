"""Claims: quotes, reported speech and figures, each tied to the source that made it."""

from builder.annotate.claims.ids import claim_ids
from builder.annotate.claims.passes import annotate

__all__ = ["annotate", "claim_ids"]
