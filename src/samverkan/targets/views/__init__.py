"""Target pages: `progress` (the progress section, the county table, the overview, the method) and `editing`
(an organization's targets added, changed, deleted, restored, and their history).

The sections the composition layer (samverkan.site) builds its pages from are in targets/sections.py.
"""
