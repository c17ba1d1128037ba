"""Writing reports: one module per output format, each a plain function of a report."""
