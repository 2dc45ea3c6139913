"""Network pages: `pages` (the list, each network), `applications` (the self-assessment, applying and deciding)
and `coordination` (the coordinators' edits and history)."""
