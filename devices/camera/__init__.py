"""Cameras: capture thread, face capture, document capture, QR reading."""
