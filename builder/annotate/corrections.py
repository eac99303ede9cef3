"""Annotator pass: corrections (first stub; replaced by its owner)."""

from __future__ import annotations

from builder.annotate import Context
from builder.model import Annotations


def annotate(ctx: Context, ann: Annotations) -> Annotations:
    return ann
