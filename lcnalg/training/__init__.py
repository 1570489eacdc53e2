"""Training: the squared loss, critical points and their classification, generic ED degrees,
gradient dynamics."""
