"""Action pages: `pages` (the library, an action, a plan), `editing` (the editors' forms and history) and
`workbook` (a plan's actions downloaded as a workbook and uploaded back)."""
