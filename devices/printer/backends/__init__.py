"""One small module per way of reaching a printer: network, serial, usb, cups, file."""
