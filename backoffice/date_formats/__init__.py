"""The admin's one date format for every page Django renders (FORMAT_MODULE_PATH): the grids' columns, read-only
date fields, the bulk log, history; the same as ``backoffice.formats.format_datetime``."""
