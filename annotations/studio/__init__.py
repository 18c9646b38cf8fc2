"""Review predictions in Label Studio: push tasks with pre-annotations, pull corrections, serve the model.

The corpus counts offsets in Unicode code points; Label Studio counts UTF-16 code units (its
front end slices JavaScript strings). Every conversion happens at the server boundary, in
`offsets`; everything else in this package works in code points.
"""
