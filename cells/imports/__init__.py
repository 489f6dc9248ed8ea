"""The imports of the cells domain: hamlets, people with their posts, party
members. Each is a `core.imports.base.Importer`: every row validated, every
error collected, nothing written unless all rows are good."""
