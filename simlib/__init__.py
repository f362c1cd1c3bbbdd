"""simlib."""
