"""ID card readers: resident ID card SAM module over serial, social security card over PC/SC.

Protocol code (no I/O): ``sam_frame`` (GA 467 frames), ``sam_protocol`` (commands, status words),
``text_block`` (the four 256-byte layouts), ``nations``, ``photo`` (WLT decoder plug-in), ``sscard``
(social security card APDUs and TLV records). Drivers: ``samv`` (serial, over ``sam_link`` and
``sam_session``), ``pcsc`` (pyscard), ``simulated`` (in process). Simulators: ``sam_module`` +
``sam_simulator`` (pty), ``virtual_sscard`` (pcscd + vsmartcard-vpcd); ``identities`` loads their
fictitious cards. ``scan`` lists serial ports and PC/SC readers.
"""
