"""Spreadsheet imports: reading uploads safely (`reading`), the all-or-nothing
engine every import is built on (`base`), and the admin pages that stage an
upload and confirm it once (`admin`).

Reusable API (the imports of cells and meetings use it)::

    from core.imports.reading import Column, ImportFailed, UploadError, read_table

    COLUMNS = [
        Column("full_name", "Họ và tên", required=True),
        Column("birth_date", "Ngày sinh"),
    ]
    try:
        table = read_table(uploaded_file, COLUMNS)   # UploadError: the file itself is bad
    except UploadError as error:
        ...  # str(error) is a Vietnamese sentence for the user
    for row in table.rows:                         # Row: .number is the sheet row
        name = row.text("full_name")                # parse, recording errors on table.errors
        born = row.date("birth_date")
        if born and born.year < 1900:
            row.error("birth_date", "Năm sinh không hợp lý.")
    table.raise_errors()                            # ImportFailed(errors) if any row failed

`read_table` accepts .xlsx and UTF-8 .csv decided by content, never by name,
and refuses macro workbooks, zip bombs, XML entities, legacy encodings, files
over PORTAL_MAX_UPLOAD_BYTES and sheets over PORTAL_MAX_IMPORT_ROWS rows.
Errors are `RowError(row, column, message)` triples: the row as the user sees
it in the sheet, the column header as written in the file, a Vietnamese message.

The imports themselves (cells.imports: `hamlets`, `people`, `members`;
meetings.imports) validate every row, collect every error, and write nothing
unless all rows are good.
"""
