"""Full-text search: Pagefind indexes the article pages into the site's pagefind/."""
