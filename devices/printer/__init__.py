"""ESC/POS receipt printer backends, status, preview renderer and simulator."""
