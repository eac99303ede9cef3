"""The last Site this process assembled, kept for its next build (and saved in its state)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from builder.assemble.site import Site
    from builder.diagnostics import Diagnostic
    from builder.model import Annotations, Document

# The items a Site was assembled from: a preview's next build updates it for the articles
# whose results changed instead of assembling anew.
Items = list[tuple["Document", "Annotations"]]
# knowledge key -> (items, Site, its diagnostics); one entry at most.
SITES: dict[str, tuple[Items, Site, tuple[Diagnostic, ...]]] = {}
