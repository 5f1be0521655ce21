"""Missing-child alerts on the desktop (issue 14): a red banner across the main window while an
alert waits for the signed-in officer's acknowledgement, and the alerts window, which opens by
itself when a new alert arrives: the child's photo, name, sex and age, where and when last
seen, how far from this station, and the owning station with its phone, each with the
officer's "Acknowledge" button. Service calls run on the database worker (``submit_for``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core import regions
from app.services import child_alerts
from app.ui.i18n import follow_language
from app.ui.intake.fields import describe_error, submit_for
from app.ui.sync_words import local_time

if TYPE_CHECKING:
    from app.services.child_alerts import ChildAlert
    from app.ui.context import UiContext

ALERT_RED = "#b3001b"
PHOTO_SIZE = (150, 200)


class AlertBanner(QFrame):
    """A red strip across the top of the workspace; hidden while nothing waits."""

    open_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("child-alert-banner")
        self.setStyleSheet(
            f"#child-alert-banner {{ background: {ALERT_RED}; border-radius: 4px; }}"
            " #child-alert-banner QLabel { color: white; font-weight: bold; }"
        )
        self.waiting = 0
        self.text = QLabel(self)
        font = self.text.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        self.text.setFont(font)
        self.button = QPushButton(self)
        self.button.clicked.connect(self.open_requested)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 12, 8)
        row.addWidget(self.text, 1)
        row.addWidget(self.button)
        self.show_count(0)

    def show_count(self, waiting: int) -> None:
        self.waiting = waiting
        self.text.setText(self.tr("Missing-child alerts waiting for your acknowledgement: %n", "", waiting))
        self.button.setText(self.tr("Show the alerts…"))
        self.setVisible(waiting > 0)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.show_count(self.waiting)
        super().changeEvent(event)


def _sex(code: str) -> str:
    if code == "M":
        return QCoreApplication.translate("AlertCard", "boy")
    if code == "F":
        return QCoreApplication.translate("AlertCard", "girl")
    return QCoreApplication.translate("AlertCard", "sex unknown")


def _age(age: tuple[int, int]) -> str:
    if age[0] == age[1]:
        return QCoreApplication.translate("AlertCard", "%1 years old").replace("%1", str(age[0]))
    text = QCoreApplication.translate("AlertCard", "%1–%2 years old")
    return text.replace("%1", str(age[0])).replace("%2", str(age[1]))


class AlertCard(QFrame):
    """One alert: photo on the left, the particulars in large type, the acknowledgement below."""

    acknowledge = Signal(str)

    def __init__(self, alert: ChildAlert, user: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.case_no = alert.case_no
        active = alert.state == "active"
        self.setObjectName("child-alert-card")
        colour = ALERT_RED if active else "#888888"
        self.setStyleSheet(f"#child-alert-card {{ border: 3px solid {colour}; border-radius: 6px; }}")
        photo = QLabel(self)
        photo.setFixedSize(*PHOTO_SIZE)
        photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        pixmap = QPixmap()
        if alert.photo_jpeg and pixmap.loadFromData(alert.photo_jpeg):
            photo.setPixmap(
                pixmap.scaled(
                    *PHOTO_SIZE,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            photo.setText(self.tr("No photo yet"))
            photo.setStyleSheet("background: #eeeeee; color: #555555;")
        title = QLabel(f"{alert.name}  ·  {_sex(alert.sex)}  ·  {_age(alert.age)}", self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        title.setStyleSheet(f"color: {colour};")
        place = regions.place_name(alert.last_seen_place_code) or alert.last_seen_place_code
        seen = self.tr("Last seen: %1 (%2), %3").replace("%1", alert.last_seen_place or place)
        seen = seen.replace("%2", place).replace("%3", local_time(alert.last_seen_at))
        far = self.tr("%1 km from this station · case %2").replace("%1", str(alert.distance_km))
        far = far.replace("%2", alert.case_no)
        phone = self.tr("Call the owning station: %1  %2").replace("%1", alert.station_name)
        phone = phone.replace("%2", alert.station_phone or self.tr("(no phone given)"))
        lines = [seen, far]
        if alert.clothing:
            lines.append(self.tr("Clothing: %1").replace("%1", alert.clothing))
        if alert.marks:
            lines.append(self.tr("Marks: %1").replace("%1", alert.marks))
        details = QLabel("\n".join(lines), self)
        details.setWordWrap(True)
        call = QLabel(phone, self)
        bold = call.font()
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 1.25)
        call.setFont(bold)
        call.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state = QLabel(self)
        self.button = QPushButton(self.tr("&Acknowledge: I have seen this alert"), self)
        self.button.clicked.connect(lambda: self.acknowledge.emit(self.case_no))
        mine = alert.acknowledged_by_me(user)
        if not active:
            self.state.setText(self.tr("Cancelled: the child was found or the case was closed"))
        elif alert.acknowledged_by:
            self.state.setText(self.tr("Acknowledged by: %1").replace("%1", "、".join(alert.acknowledged_by)))
        self.button.setVisible(active and not mine)
        grid = QGridLayout(self)
        grid.addWidget(photo, 0, 0, 5, 1)
        grid.addWidget(title, 0, 1)
        grid.addWidget(details, 1, 1)
        grid.addWidget(call, 2, 1)
        grid.addWidget(self.state, 3, 1)
        grid.addWidget(self.button, 4, 1, Qt.AlignmentFlag.AlignLeft)
        grid.setColumnStretch(1, 1)


class AlertsDialog(QDialog):
    """Every alert in force (or all), newest first, acknowledged one by one."""

    loaded = Signal(int)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.rows: list[ChildAlert] = []
        self.cards: list[AlertCard] = []
        self._read = False
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.show_all = QCheckBox(self)
        self.show_all.toggled.connect(lambda _on: self.reload())
        self.list = QWidget(self)
        self.list_box = QVBoxLayout(self.list)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.list)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.hide)
        row = QHBoxLayout()
        row.addWidget(self.show_all)
        row.addStretch(1)
        row.addWidget(self.close_button)
        box = QVBoxLayout(self)
        box.addWidget(self.summary)
        box.addWidget(scroll, 1)
        box.addWidget(self.message)
        box.addLayout(row)
        self.resize(900, 640)
        self.retranslate()
        ctx.locked.connect(self.hide)

    def retranslate(self) -> None:
        """The window's fixed words, and the cards again from the alerts already read."""
        self.setWindowTitle(self.tr("Missing-child alerts"))
        self.show_all.setText(self.tr("Show cancelled alerts too"))
        self.close_button.setText(self.tr("Close"))

    def changeEvent(self, event: QEvent) -> None:
        follow_language(
            self, event, self.retranslate, (lambda: self._show(self.rows, "")) if self._read else None
        )
        super().changeEvent(event)

    def present(self) -> None:
        self.show()
        self.raise_()
        self.activateWindow()
        self.reload()

    def reload(self, note: str = "") -> None:
        active_only = not self.show_all.isChecked()
        submit_for(self._ctx, self, lambda s: child_alerts.list_alerts(s, active_only=active_only),
                   on_done=lambda rows: self._show(rows, note), on_error=self._failed,
                   label=self.tr("Reading alerts…"))  # fmt: skip

    def _show(self, rows: list[ChildAlert], note: str) -> None:
        self.rows = rows
        self._read = True
        for card in self.cards:
            card.setParent(None)
            card.deleteLater()
        user = self._ctx.session.user if self._ctx.session else ""
        self.cards = [AlertCard(a, user, self.list) for a in rows]
        while self.list_box.count():
            self.list_box.takeAt(0)
        for card in self.cards:
            card.acknowledge.connect(self.acknowledge)
            self.list_box.addWidget(card)
        self.list_box.addStretch(1)
        waiting = sum(1 for a in rows if a.state == "active" and not a.acknowledged_by_me(user))
        self.summary.setText(
            self.tr("Alerts waiting for your acknowledgement: %n. Look out for the child; call the owning station with anything you learn.", "", waiting)
        )  # fmt: skip
        if not rows:
            self.summary.setText(self.tr("No missing-child alert is in force."))
        self.message.setText(note)
        self.loaded.emit(len(rows))

    def acknowledge(self, case_no: str) -> None:
        at = dt.datetime.now().strftime("%H:%M")
        done = self.tr("Alert %1 acknowledged at %2; the national server learns it with the next sync.")
        note = done.replace("%1", case_no).replace("%2", at)
        submit_for(self._ctx, self, lambda s: child_alerts.acknowledge(s, case_no),
                   on_done=lambda _new: self.reload(note), on_error=self._failed, mutates=True,
                   label=self.tr("Recording the acknowledgement…"))  # fmt: skip

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(describe_error(exc, self._ctx.lang, self.tr("The alerts could not be read")))


class AlertWatch(QWidget):
    """Keeps the banner current and opens the alerts window at once when a new alert arrives
    (after every sync and at logon). Holds the banner above the workspace it wraps."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._waiting = 0
        self.banner = AlertBanner(self)
        self.banner.open_requested.connect(self.present)
        self.dialog: AlertsDialog | None = None
        self._box = QVBoxLayout(self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(4)
        self._box.addWidget(self.banner)

    def wrap(self, workspace: QWidget) -> QWidget:
        """This widget, with the banner above *workspace*."""
        self._box.addWidget(workspace, 1)
        return self

    def present(self) -> None:
        if self.dialog is None:
            self.dialog = AlertsDialog(self._ctx, self.window())
            self.dialog.loaded.connect(lambda _n: self.check(open_new=False))
        self.dialog.present()

    def check(self, *, open_new: bool = True) -> None:
        """Ask how many alerts wait for the signed-in officer; a new one opens the window."""
        if self._ctx.session is None or self._ctx.is_locked:
            return
        submit_for(self._ctx, self, child_alerts.waiting_count,
                   on_done=lambda n: self._counted(int(n), open_new), label="")  # fmt: skip

    def _counted(self, waiting: int, open_new: bool) -> None:
        grew = waiting > self._waiting
        self._waiting = waiting
        self.banner.show_count(waiting)
        if grew and open_new and not self._ctx.is_locked:
            self.present()
