"""Reading the inputs: site.yaml and the seeds, parsed by format and cleaned into Documents."""
