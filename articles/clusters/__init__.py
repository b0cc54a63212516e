"""Story clusters: the versions of one story that several outlets (or addresses) published."""
