"""ID card readers: resident ID card SAM module over serial, social security card over PC/SC."""
