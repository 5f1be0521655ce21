"""Photos on screen: a strip of thumbnails with "add from file" and "remove".

Picking a file happens on the GUI thread; reading, turning upright and scaling it runs on the
background runner (:func:`app.services.photos.prepare_photo_file`). During intake the prepared
photos live in the form (and its draft) until the case is saved; in the case detail they are
stored at once.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.photos import PreparedPhoto, prepare_photo_file
from app.ui.intake.fields import describe_error, submit_for

if TYPE_CHECKING:
    from app.ui.context import UiContext

THUMB = 96
PICTURE_FILTER = "*.jpg *.jpeg *.png *.bmp *.gif *.webp *.tif *.tiff"


def photo_state(p: PreparedPhoto) -> dict[str, Any]:
    """A prepared photo as it travels in the form state and the draft (base64 text)."""
    return {
        "data": base64.b64encode(p.data).decode("ascii"),
        "thumbnail": base64.b64encode(p.thumbnail).decode("ascii"),
        "width": p.width,
        "height": p.height,
        "sha256": p.sha256,
    }


def prepared_from_state(state: dict[str, Any]) -> PreparedPhoto:
    """The inverse of :func:`photo_state`."""
    return PreparedPhoto(
        base64.b64decode(state["data"]), base64.b64decode(state["thumbnail"]),
        int(state["width"]), int(state["height"]), str(state["sha256"]),
    )  # fmt: skip


def thumbnail_icon(jpeg: bytes) -> QIcon:
    image = QImage.fromData(jpeg)
    return QIcon(QPixmap.fromImage(image))


class PhotoStrip(QWidget):
    """Thumbnails of one person's photos with add/remove; ``photos()`` gives their states."""

    changed = Signal()

    def __init__(
        self,
        ctx: UiContext,
        parent: QWidget | None = None,
        *,
        store: Callable[[list[PreparedPhoto]], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._store = store  # set in the case detail: photos are stored as soon as they are added
        self._photos: list[dict[str, Any]] = []
        self.list = QListWidget(self)
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setFixedHeight(THUMB + 28)
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setAccessibleName(self.tr("Photos"))
        self.add_button = QPushButton(self.tr("Add &photo…"), self)
        self.add_button.clicked.connect(self.choose_files)
        self.remove_button = QPushButton(self.tr("Remove photo"), self)
        self.remove_button.clicked.connect(self.remove_selected)
        self.remove_button.setShortcut(QKeySequence.StandardKey.Delete)
        self.remove_button.setVisible(store is None)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.status)
        buttons.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.list, 1)
        row.addLayout(buttons)

    def photos(self) -> list[dict[str, Any]]:
        return list(self._photos)

    def set_photos(self, photos: list[dict[str, Any]]) -> None:
        self._photos = [dict(p) for p in photos]
        self._refresh()

    def set_thumbnails(self, thumbnails: list[bytes]) -> None:
        """Show stored photos (case detail): thumbnails only, nothing to keep in a form."""
        self.list.clear()
        for jpeg in thumbnails:
            self.list.addItem(QListWidgetItem(thumbnail_icon(jpeg), ""))

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Choose photos"),
            str(Path.home()),
            self.tr("Pictures (%1)").replace("%1", PICTURE_FILTER),
        )
        self.add_files([Path(f) for f in files])

    def add_files(self, paths: list[Path]) -> None:
        """Read and scale the pictures in the background, then show (or store) them."""
        if not paths:
            return
        self.status.setText(self.tr("Reading photos…"))

        def prepare(_session: object) -> list[PreparedPhoto]:
            return [prepare_photo_file(p) for p in paths]

        submit_for(
            self._ctx,
            self,
            prepare,
            on_done=self._prepared,
            on_error=self._failed,
            label=self.tr("Reading photos…"),
        )

    def _prepared(self, photos: list[PreparedPhoto]) -> None:
        self.status.clear()
        if self._store is not None:
            self._store(photos)
            return
        known = {p["sha256"] for p in self._photos}
        for p in photos:
            if p.sha256 not in known:
                self._photos.append(photo_state(p))
                known.add(p.sha256)
        self._refresh()
        self.changed.emit()

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(describe_error(exc, self._ctx.lang, self.tr("The photo could not be read")))

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._photos) and self._store is None:
            del self._photos[row]
            self._refresh()
            self.changed.emit()

    def _refresh(self) -> None:
        self.list.clear()
        for i, p in enumerate(self._photos):
            item = QListWidgetItem(thumbnail_icon(base64.b64decode(p["thumbnail"])), "")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, self.tr("Photo %1").replace("%1", str(i + 1)))
            self.list.addItem(item)
