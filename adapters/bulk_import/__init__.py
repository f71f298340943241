"""Bulk import of historical work orders (工单) from CSV and Excel exports.

`smartbrain import FILE --channel C [--mapping M.yaml] [--dry-run]` → `cli.import_command`.
`source` holds what every source format shares (timestamps, field names in errors); it stays free
of database imports because the JSON channels use it too.
"""
