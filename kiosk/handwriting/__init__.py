"""Handwriting input: zinnia recognition off the UI thread, and next-character associations.

:mod:`.zinnia` binds Debian's ``libzinnia0`` through ctypes; :mod:`.recognizer` runs it on a worker
thread; :mod:`.strokes` reads and checks the stroke format (a list of strokes, each a list of ``[x, y]``
points in a 0-1000 square, y downwards); :mod:`.associations` proposes likely next characters.
"""
