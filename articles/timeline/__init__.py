"""Coverage over time (issue 12): counts per period of any search, comparisons, server-rendered charts."""
