"""Result tables: catalogues, the atomic cache, the killable runner, one spec per table,
output formats and figures.  ``lcnalg tables`` (:func:`run_tables`) regenerates them."""
from lcnalg.tables.formats import Column, to_csv, to_latex, to_markdown, write_table
from lcnalg.tables.make import DEFAULT_TIMEOUTS, TABLES, run_tables

__all__ = ["Column", "to_csv", "to_latex", "to_markdown", "write_table", "DEFAULT_TIMEOUTS",
           "TABLES", "run_tables"]
