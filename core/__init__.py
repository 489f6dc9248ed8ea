"""What every app of the portal is built from, and no domain of its own:
the REST base classes (`rest`), admin scoping (`admin_scope`), list exports
(`admin_exports`, `resources`, `exports`), the sections that figures are
built from (`sections`), the audit trail's helpers (`audit`), stored files
(`files`), spreadsheet reading and importing (`imports`) and writing
(`spreadsheets`), periods (`periods`), Vietnamese text (`vietnamese`) and
command options (`commands`).

Scoping hangs every record under a place of the administrative tree, so the
admin and REST bases read `cells.models.Place`; apart from that tree, nothing
here imports a domain app, and every domain app may import this package.
"""
