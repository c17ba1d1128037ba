"""Writing reports: ``policy.view`` decides what a report shows; one module per output format formats it."""
