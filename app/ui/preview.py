"""Print preview for every form: the PDF's pages on screen, print to a printer, save as PDF.

The PDF is made and its pages turned into pixels on the background runner (the window never
freezes, however long the form); the pages are drawn on the GUI thread. Printing renders the
pages again at the printer's resolution (at most 300 dpi) and paints them onto the printer page.
QtPdf is not part of PySide6-Essentials, so pages are rendered with pdfium
(:func:`app.services.printing.rasterize`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.services.printing import PageImage, rasterize, render_form, save_pdf
from app.ui.intake.fields import describe_error, submit_for

if TYPE_CHECKING:
    from app.services.session import Session
    from app.ui.context import UiContext

PREVIEW_DPI = 110.0
PRINT_DPI_MAX = 300
ZOOM_STEPS = (0.5, 0.66, 0.8, 1.0, 1.25, 1.5, 2.0)


def to_qimage(page: PageImage) -> QImage:
    """A deep copy, so the image no longer depends on the Python bytes it was made from."""
    return QImage(page.pixels, page.width, page.height, page.stride, QImage.Format.Format_RGB888).copy()


class PreviewDialog(QDialog):
    """Shows a PDF made by *produce* (run on the database thread); print or save it from here."""

    pages_ready = Signal(int)
    failed = Signal(str)
    printed = Signal(int)
    saved = Signal(str)

    def __init__(
        self, ctx: UiContext, title: str, produce: Callable[[Session], bytes], *, file_name: str = "form.pdf",
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self._ctx = ctx
        self._file_name = file_name
        self.pdf: bytes = b""
        self.pages: list[QImage] = []
        self._zoom = ZOOM_STEPS.index(1.0)
        self.setWindowTitle(self.tr("Print preview — %1").replace("%1", title))
        self.resize(1000, 720)
        self.print_button = QPushButton(self.tr("&Print…"), self)
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.setToolTip(self.tr("Print (Ctrl+P)"))
        self.save_button = QPushButton(self.tr("&Save as PDF…"), self)
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.setToolTip(self.tr("Save as PDF (Ctrl+S)"))
        self.zoom_out = QPushButton(self.tr("Zoom out"), self)
        self.zoom_out.setShortcut(QKeySequence.StandardKey.ZoomOut)
        self.zoom_in = QPushButton(self.tr("Zoom in"), self)
        self.zoom_in.setShortcut(QKeySequence.StandardKey.ZoomIn)
        QShortcut(QKeySequence("Ctrl+="), self, self._bigger)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.status = QLabel(self.tr("Preparing the form…"), self)
        for b in (self.print_button, self.save_button, self.zoom_in, self.zoom_out):
            b.setEnabled(False)
        self.canvas = QWidget(self)
        self.column = QVBoxLayout(self.canvas)
        self.column.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.column.setSpacing(14)
        self.scroller = QScrollArea(self)
        self.scroller.setWidget(self.canvas)
        self.scroller.setWidgetResizable(True)
        self.scroller.setStyleSheet(
            "QScrollArea { background: #5f6368; } QWidget#canvas { background: #5f6368; }"
        )
        self.canvas.setObjectName("canvas")
        bar = QHBoxLayout()
        for b in (self.print_button, self.save_button, self.zoom_out, self.zoom_in):
            bar.addWidget(b)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.close_button)
        box = QVBoxLayout(self)
        box.addLayout(bar)
        box.addWidget(self.scroller, 1)
        self.print_button.clicked.connect(self.choose_printer)
        self.save_button.clicked.connect(self.choose_file)
        self.zoom_in.clicked.connect(self._bigger)
        self.zoom_out.clicked.connect(self._smaller)
        self.close_button.clicked.connect(self.reject)

        def make(session: Session) -> tuple[bytes, list[PageImage]]:
            pdf = produce(session)
            return pdf, rasterize(pdf, PREVIEW_DPI)

        submit_for(
            ctx,
            self,
            make,
            on_done=self._ready,
            on_error=self._failed,
            label=self.tr("Preparing the form…"),
        )

    # -- showing ------------------------------------------------------------------------------
    def _ready(self, result: tuple[bytes, list[PageImage]]) -> None:
        self.pdf, pages = result
        self.pages = [to_qimage(p) for p in pages]
        for b in (self.print_button, self.save_button, self.zoom_in, self.zoom_out):
            b.setEnabled(True)
        self.status.setText(self.tr("%n page(s)", "", len(self.pages)))
        self._layout_pages()
        self.print_button.setFocus()
        self.pages_ready.emit(len(self.pages))

    def _failed(self, exc: BaseException) -> None:
        text = describe_error(exc, self._ctx.lang, self.tr("The form could not be made"))
        self.status.setText(text)
        self.status.setStyleSheet("color: #b3261e;")
        self.failed.emit(text)

    def _layout_pages(self) -> None:
        while self.column.count():
            item = self.column.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        scale = ZOOM_STEPS[self._zoom]
        for i, image in enumerate(self.pages):
            label = QLabel(self.canvas)
            pixmap = QPixmap.fromImage(image)
            if scale != 1.0:
                pixmap = pixmap.scaledToWidth(
                    int(image.width() * scale), Qt.TransformationMode.SmoothTransformation
                )
            label.setPixmap(pixmap)
            label.setAccessibleName(self.tr("Page %1").replace("%1", str(i + 1)))
            label.setStyleSheet("background: white;")
            self.column.addWidget(label)

    def _bigger(self) -> None:
        if self.pages and self._zoom < len(ZOOM_STEPS) - 1:
            self._zoom += 1
            self._layout_pages()

    def _smaller(self) -> None:
        if self.pages and self._zoom > 0:
            self._zoom -= 1
            self._layout_pages()

    # -- printing -----------------------------------------------------------------------------
    def choose_printer(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self._file_name)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Render the pages at the printer's resolution in the background, then paint them."""
        dpi = min(printer.resolution(), PRINT_DPI_MAX)
        pdf = self.pdf
        self.status.setText(self.tr("Sending to the printer…"))

        def pages(_session: object) -> list[PageImage]:
            return rasterize(pdf, float(dpi))

        submit_for(self._ctx, self, pages, on_done=lambda result: self._paint(printer, result), on_error=self._failed,
                         label=self.tr("Sending to the printer…"))  # fmt: skip

    def _paint(self, printer: QPrinter, pages: list[PageImage]) -> None:
        painter = QPainter()
        if not painter.begin(printer):
            self._failed(OSError("printer"))
            return
        try:
            for i, page in enumerate(pages):
                if i:
                    printer.newPage()
                image = to_qimage(page)
                area = painter.viewport()
                size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                target = QRect(
                    area.x() + (area.width() - size.width()) // 2, area.y(), size.width(), size.height()
                )
                painter.drawImage(target, image)
        finally:
            painter.end()
        self.status.setText(self.tr("Sent %n page(s) to the printer", "", len(pages)))
        self.printed.emit(len(pages))

    # -- saving -------------------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save as PDF"), str(Path.home() / self._file_name), self.tr("PDF files (*.pdf)")
        )
        if path:
            self.save_to(Path(path if path.lower().endswith(".pdf") else path + ".pdf"))

    def save_to(self, path: Path) -> None:
        """Write the PDF atomically on the background runner."""
        pdf = self.pdf

        def write(session: Session) -> None:
            save_pdf(path, pdf, data_dir=session.data_dir)

        submit_for(
            self._ctx,
            self,
            write,
            on_done=lambda _r: self._saved(path),
            on_error=self._failed,
            label=self.tr("Saving…"),
        )

    def _saved(self, path: Path) -> None:
        self.status.setText(self.tr("Saved to %1").replace("%1", str(path)))
        self.saved.emit(str(path))


def form_title(form: str) -> str:
    """The form's name in the UI language."""
    from PySide6.QtCore import QCoreApplication

    names = {
        "intake": QCoreApplication.translate("Forms", "Intake record"),
        "receipt": QCoreApplication.translate("Forms", "Receipt for the family"),
        "dna": QCoreApplication.translate("Forms", "DNA sample collection form"),
        "poster": QCoreApplication.translate("Forms", "Missing-person poster"),
        "transfer": QCoreApplication.translate("Forms", "Case summary / transfer form"),
    }
    return names.get(form, form)


def open_form_preview(
    ctx: UiContext, form: str, case_no: str, parent: QWidget | None = None, **options: Any
) -> PreviewDialog:
    """Open the preview of one form of a case (non-modal) and return the dialog."""
    lang = ctx.lang

    def produce(session: Session) -> bytes:
        return render_form(session, form, case_no, lang, **options)

    dialog = PreviewDialog(
        ctx, f"{form_title(form)} {case_no}", produce, file_name=f"{case_no}-{form}.pdf", parent=parent
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
