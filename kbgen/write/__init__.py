"""Writing the output folder: the only package that writes it, below everything that renders.

writer (`SiteWriter`, the entry the pipeline calls), record (what the last build wrote),
linking (kept pages linked into the staging folder), swap (the atomic exchange), ownership
(the marker, folders refused always), removal (removing a tree, here or detached), leftovers
(a killed build's remains) and faults (the test-only kill points).
"""
