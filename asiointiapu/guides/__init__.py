"""The guide engine: guides are data files; this package loads, checks and walks them."""
