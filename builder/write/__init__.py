"""The output folder: the site built aside, its search index added, swapped or patched in."""
