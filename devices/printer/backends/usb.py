"""A printer on USB, found by vendor and product id (needs pyusb and libusb)."""

from __future__ import annotations

from typing import Any

from escpos.printer import Usb

from devices.printer.driver import EscposPrinter


class UsbPrinter(EscposPrinter):
    """ESC/POS over USB bulk endpoints."""

    backend_label = "USB printer"

    def __init__(
        self,
        name: str | None = None,
        *,
        usb_vendor_id: int = 0,
        usb_product_id: int = 0,
        usb_in_ep: int = 0x82,
        usb_out_ep: int = 0x01,
        **options: Any,
    ) -> None:
        super().__init__(name, **options)
        self.vendor_id = int(usb_vendor_id)
        self.product_id = int(usb_product_id)
        self.in_ep = int(usb_in_ep)
        self.out_ep = int(usb_out_ep)

    @property
    def target(self) -> str:
        """``usb:VVVV:PPPP``."""
        return f"usb:{self.vendor_id:04x}:{self.product_id:04x}"

    def _connect(self) -> Usb:
        if not self.vendor_id or not self.product_id:
            raise ValueError("usb_vendor_id and usb_product_id must be set (see `kiosk devices scan`)")
        return Usb(
            self.vendor_id, self.product_id, timeout=int(self.timeout_s * 1000), in_ep=self.in_ep, out_ep=self.out_ep
        )
