"""Complete exports of a search (issue 15): CSV, JSON Lines and a ZIP of plain texts with a metadata CSV.

Every format streams: the matching ids come from the search in one call (no snippets), the rows from
the database in chunks of settings.ARCHIVE_EXPORT_CHUNK, so memory stays flat however many articles
match and there is no row limit. Options (query parameters beside the search's own):
- `text=1`: add the full text (lead and body) to CSV and JSON Lines rows (a ZIP always has it);
- `bom=1`: start CSV files with a byte-order mark, for old spreadsheet programs that otherwise read
  UTF-8 as a legacy code page (Python, R and pandas do not want it, so it is off by default).
"""

from .formats import FORMATS, export_ids_response, export_response

__all__ = ["FORMATS", "export_ids_response", "export_response"]
