"""The `serve` verb: build, serve under the base path, rebuild on save, reload the browser."""
