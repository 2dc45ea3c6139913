"""The check of an .ods file: calamine builds every sheet when the file is opened, so all are checked."""

import zipfile
from pathlib import Path

from django.utils.translation import gettext as _

from .archives import Refused, SheetLimits, local_name, refuse_area, refuse_value, stream, unreadable, xml_parser
from .errors import DataFileError


def check_ods(path: Path, archive: zipfile.ZipFile, bound: SheetLimits) -> None:
    """Every sheet of an .ods file (calamine reads them all on opening), repeated rows and cells counted."""
    state = {"sheet": "", "row": 0, "column": 0, "repeat": 1, "valued": False, "cell_end": 0, "in_cell": False}
    state.update(max_row=0, max_column=0)

    def attribute(attrs, local, default=""):
        return next((value for key, value in attrs.items() if local_name(key) == local), default)

    def repeated(attrs, local) -> int:
        text = attribute(attrs, local, "1")
        if not text.isdigit() or len(text) > 15:
            raise unreadable(path, f"{local}={text[:20]!r}")
        return max(int(text), 1)

    def valued():
        state["valued"] = True
        if state["cell_end"] > state["max_column"]:
            refuse_value(path.name, state["sheet"], state["row"] + 1, state["cell_end"], bound)
            state["max_column"] = state["cell_end"]

    def start(name, attrs):
        local = local_name(name)
        if local in ("table-cell", "covered-table-cell"):
            state["cell_end"] = state["column"] + repeated(attrs, "number-columns-repeated")
            state["column"] = state["cell_end"]
            state["in_cell"] = True
            if attribute(attrs, "value-type"):
                valued()
        elif local == "p" and state["in_cell"] and not state["valued"]:
            valued()
        elif local == "table-row":
            state.update(repeat=repeated(attrs, "number-rows-repeated"), column=0, valued=False)
        elif local == "table":
            state.update(sheet=attribute(attrs, "name"), row=0, max_row=0, max_column=0)

    def end(name):
        local = local_name(name)
        if local in ("table-cell", "covered-table-cell"):
            state["in_cell"] = False
        elif local == "table-row":
            state["row"] += state["repeat"]
            if state["valued"]:
                state["max_row"] = state["row"]
                if state["repeat"] > 1:  # a row of values repeated: its last copy is a value too
                    refuse_value(path.name, state["sheet"], state["row"], state["max_column"], bound)
                refuse_area(path.name, state["sheet"], state["row"], state["max_column"], bound)

    if "content.xml" not in archive.namelist():
        raise unreadable(path, _("no content.xml"))
    try:
        stream(path, archive, "content.xml", xml_parser(start, end))
    except Refused as refused:
        raise DataFileError([refused.problem]) from None
