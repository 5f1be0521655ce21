"""QR codes as vector drawings, so they print sharp at any size and on any printer."""

from __future__ import annotations

from typing import Any

from app.forms import fonts


def qr_drawing(value: str, size: float) -> Any:
    """A ``size``-point square QR code of ``value`` with its quiet zone.

    Error correction M: a receipt folded into a wallet still scans, and the code stays small.
    Returns a ``reportlab.graphics.shapes.Drawing`` (a flowable).
    """
    # Imported here, not at module level: reportlab.graphics is slow to import and most forms
    # never draw a QR code.
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(value, barLevel="M", barBorder=4)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    # The renderer's default state font is Helvetica, which would be referenced, not embedded.
    drawing.initialFontName = fonts.primary()
    return drawing
