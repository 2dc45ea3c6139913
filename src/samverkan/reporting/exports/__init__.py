"""A report's content (a draft or a frozen submission, the dict of `reporting.frameworks`) as files.

Each renderer takes the content only, so a frozen submission renders from its snapshot with the same code and gives
the same figures whatever releases arrive later: `xlsx_bytes` (xlsx.py) and `pdf_bytes` (pdf.py).
"""

from .pdf import PDF_CONTENT_TYPE, pdf_bytes
from .xlsx import XLSX_CONTENT_TYPE, file_name, xlsx_bytes

__all__ = ["PDF_CONTENT_TYPE", "XLSX_CONTENT_TYPE", "file_name", "pdf_bytes", "xlsx_bytes"]
