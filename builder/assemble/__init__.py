"""Annotated articles → the Site: slugs, order, indexes by place, source and date."""
