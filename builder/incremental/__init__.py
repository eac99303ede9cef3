"""What a rebuild reuses, so it costs what changed: cache, manifest, seed stats, state."""
