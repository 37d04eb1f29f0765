"""Spoken prompts: espeak-ng and a silent backend for tests."""
