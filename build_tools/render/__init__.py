"""Stage 5, rendering: a checked project's pages, addresses and maps, and what every way out shares."""
