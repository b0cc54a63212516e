"""The embedded engine: a Whoosh index on disk, matched and ranked with numpy (engine.py)."""
