"""Command-line tools for editors and maintainers (scaffolding, reports, benchmarks)."""
