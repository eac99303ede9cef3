"""Typed views: the small frozen values each page template is given instead of the Site."""

from builder.render.views.article_page import article_view
from builder.render.views.dates import date_pages, dates_index_view, day_neighbours, period_pages
from builder.render.views.formatting import date_words
from builder.render.views.home import index_pages
from builder.render.views.listings import PERIOD_INLINE, Listings, Ref
from builder.render.views.paging import (
    PAGE_ARTICLES,
    PAGE_ROWS,
    LazyView,
    paginate,
    pagination,
    split_page,
)
from builder.render.views.places import place_pages, places_index_view
from builder.render.views.sources import source_pages, sources_index_view

__all__ = [
    "PAGE_ARTICLES",
    "PAGE_ROWS",
    "PERIOD_INLINE",
    "LazyView",
    "Listings",
    "Ref",
    "article_view",
    "date_pages",
    "date_words",
    "dates_index_view",
    "day_neighbours",
    "index_pages",
    "paginate",
    "pagination",
    "period_pages",
    "place_pages",
    "places_index_view",
    "source_pages",
    "sources_index_view",
    "split_page",
]
