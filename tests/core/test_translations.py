"""Swedish is complete: every message has a translation and the compiled catalogue is current."""

from pathlib import Path

import polib
from django.conf import settings
from django.utils import translation

PO_FILE = Path(settings.LOCALE_PATHS[0]) / "sv" / "LC_MESSAGES" / "django.po"


def test_every_message_has_a_swedish_translation():
    catalogue = polib.pofile(str(PO_FILE))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []
    assert len(catalogue) > 100


def test_compiled_catalogue_matches_the_po_file():
    catalogue = polib.pofile(str(PO_FILE))
    with translation.override("sv"):
        for entry in catalogue.translated_entries():
            if entry.msgid_plural:
                assert translation.ngettext(entry.msgid, entry.msgid_plural, 2) == entry.msgstr_plural[1]
            elif entry.msgctxt:
                assert translation.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr, entry.msgid
            elif "%(" not in entry.msgid:
                assert translation.gettext(entry.msgid) == entry.msgstr, entry.msgid
