"""Technician screens behind the hidden gesture and PIN."""
