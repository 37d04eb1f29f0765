"""ESC/POS receipt printer: backends, profiles, layout, status, preview renderer and simulator.

- ``profile``: what a printer model can do (``config/printers/*.toml``, loaded by path).
- ``document`` / ``layout``: printer-neutral blocks → the exact ESC/POS bytes of a job for a profile.
- ``encoding``: text in GB18030/GBK/UTF-8, never a silent '?'; ``textwidth``: wrapping by columns.
- ``driver`` + ``backends/``: status before printing, one delivery per job id (``ledger``), reprints.
- ``status``: ``DLE EOT`` replies; ``result``: what the UI shows; ``scan``: printers on this machine.
- ``preview``: job bytes → PNG; ``simulator`` / ``simulated``: TCP and pty printer with faults.
"""
