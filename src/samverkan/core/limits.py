"""Every size limit on files the platform reads, in one place (the README's "Limits" lists them).

A hostile file can be small and still declare a huge sheet: calamine allocates 32 bytes for every
cell of a sheet's area before a single row reaches Python (a cell at XFD1048576 asks for 512 GiB).
The limits keep a process under about 300 MB while it refuses such a file. The bundled files'
sizes, measured, are noted beside each limit so that the headroom is visible.
"""

MB = 1024 * 1024

# --- workbooks (.xlsx, .ods, .xls) -----------------------------------------------------------
WORKBOOK_MAX_BYTES = 50 * MB  # largest bundled: SMHI Länsrapport, 2.1 MB
# Rows read from one sheet, by default and for the larger published files.
WORKBOOK_ROWS = 10_000  # bundled: population 336 and 312, SMHI totals 326, JRC signatories 316
LARGE_WORKBOOK_ROWS = 60_000  # bundled: SMHI Länsrapport 19 350, JRC data brief 12 308, GCoM 11 974
PLAN_WORKBOOK_ACTIONS = 2_000  # actions in one uploaded plan workbook
PLAN_WORKBOOK_ROWS = PLAN_WORKBOOK_ACTIONS + 1  # and its header row
WORKBOOK_COLUMNS = 500  # bundled: at most 74 (SCB population 1950–2022)
# Cells of a sheet's area from A1 to its last value: 32 bytes each in calamine, more in Python.
WORKBOOK_CELLS = 2_000_000  # bundled: at most 309 600 (SMHI Länsrapport, 19 350 x 16)
# Loaded whole when an .xlsx file is opened: shared strings (<si>), and the sheet list, defined names,
# relationships and styles (<sheet>, <definedName>, <Relationship>, <xf>, <numFmt>) of each such part.
WORKBOOK_SHARED_STRINGS = 500_000  # bundled: at most 35 001 (the GCoM list); counting 500 000 takes about 0.3 s
WORKBOOK_PART_ENTRIES = 10_000  # bundled: at most 288 (the GCoM list's defined names)
# The archive of an .xlsx or .ods file.
ZIP_MAX_MEMBERS = 1_000  # bundled: at most 56
ZIP_MAX_MEMBER_BYTES = 40 * MB  # uncompressed; bundled: at most 13.5 MB (a sheet)
ZIP_MAX_TOTAL_BYTES = 80 * MB  # uncompressed; bundled: at most 13.6 MB
ZIP_MAX_RATIO = 200  # uncompressed / compressed; bundled: at most 9.1; a zip bomb: about 1 000
ZIP_RATIO_FROM_BYTES = 1 * MB  # tiny members (a sheet of blanks) may compress better

# --- CSV -------------------------------------------------------------------------------------
CSV_MAX_BYTES = 20 * MB  # bundled: at most 38 KB
CSV_ROWS = 100_000  # bundled: at most 290 (a municipality a row)
CSV_COLUMNS = 200  # bundled: at most 12
CSV_FIELD_CHARACTERS = 131_072  # Python's csv default field_size_limit

# --- JSON ------------------------------------------------------------------------------------
JSON_MAX_BYTES = 5 * MB  # bundled: at most 1.6 MB; 5 MB of "[[],[],…]" peaks at about 200 MB read (10 MB: 330 MB)
JSON_MAX_DEPTH = 64  # bundled: at most 4
JSON_MAX_NUMBER_DIGITS = 100  # characters of one number; bundled: at most 19

# --- uploads ---------------------------------------------------------------------------------
UPLOAD_MAX_BYTES = 5 * MB  # an edited plan workbook of 2 000 actions is about 0.5 MB
