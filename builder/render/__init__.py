"""The Site → every output file in memory: Jinja pages, highlighted text, JSON, feeds."""
