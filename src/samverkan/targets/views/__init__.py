"""Target pages: `progress` (the progress section, the county table, the overview, the method) and `editing`
(an organization's targets added, changed, deleted, restored, and their history).

The sections the composition layer (samverkan.site) builds its pages from are re-exported here.
"""

from .progress import county_progress, progress_section

__all__ = ["county_progress", "progress_section"]
