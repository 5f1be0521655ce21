"""Accounts and station details: who works here, and what every form prints about the station.

An administrator lists, adds, removes and unlocks accounts, resets a password and changes a
role, and sets the station's phone and address; every user sets their own full name and badge
number (printed on forms instead of the logon name) and changes their own password. Every
action is a service call on the database worker; a refusal is shown in words in the window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.model import AccountRole
from app.services import accounts
from app.services.session import lockout_status
from app.ui import i18n
from app.ui.intake.fields import describe_error, submit_for

if TYPE_CHECKING:
    from app.services.session import Session
    from app.ui.context import UiContext


def load_accounts(session: Session) -> list[tuple[Any, bool]]:
    return [(a, lockout_status(session, a.name)) for a in accounts.list_users(session)]


class AccountForm(QDialog):
    """A small form: the fields a caller asks for, OK/Cancel."""

    def __init__(self, title: str, fields: list[tuple[str, QWidget]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout(self)
        for label, widget in fields:
            form.addRow(label, widget)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


def _password(parent: QWidget) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def _roles(parent: QWidget) -> QComboBox:
    box = QComboBox(parent)
    for role in AccountRole:
        box.addItem(i18n.role_name(role.value), role.value)
    return box


class AccountsWindow(QDialog):
    """The accounts table, the admin's buttons, one's own name/badge/password, the station."""

    changed = Signal(str)
    form_opened = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        session = ctx.session
        self.is_admin = session is not None and session.role is AccountRole.ADMIN
        self.setWindowTitle(self.tr("Accounts and station"))
        self.resize(860, 560)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Logon name"),
                self.tr("Name"),
                self.tr("Badge number"),
                self.tr("Role"),
                self.tr("State"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton(self.tr("&Add…"), self)
        self.remove_button = QPushButton(self.tr("&Remove"), self)
        self.unlock_button = QPushButton(self.tr("&Unlock"), self)
        self.reset_button = QPushButton(self.tr("Reset &password…"), self)
        self.role_button = QPushButton(self.tr("Change r&ole…"), self)
        self.mine_button = QPushButton(self.tr("My &name and badge…"), self)
        self.passwd_button = QPushButton(self.tr("Change &my password…"), self)
        admin_row = QHBoxLayout()
        for b in (
            self.add_button,
            self.remove_button,
            self.unlock_button,
            self.reset_button,
            self.role_button,
        ):
            admin_row.addWidget(b)
            b.setVisible(self.is_admin)
        admin_row.addStretch(1)
        admin_row.addWidget(self.mine_button)
        admin_row.addWidget(self.passwd_button)
        station = session.station if session is not None else None
        self.phone = QLineEdit(station.phone if station else "", self)
        self.address = QLineEdit(station.address if station else "", self)
        self.save_station = QPushButton(self.tr("&Save station details"), self)
        for w in (self.phone, self.address, self.save_station):
            w.setEnabled(self.is_admin)
        group = QGroupBox(self.tr("Station (printed on every form)"), self)
        gform = QFormLayout(group)
        gform.addRow(self.tr("Phone"), self.phone)
        gform.addRow(self.tr("Address"), self.address)
        gform.addRow("", self.save_station)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        box = QVBoxLayout(self)
        box.addWidget(self.table, 1)
        box.addLayout(admin_row)
        box.addWidget(group)
        box.addWidget(self.message)
        self.add_button.clicked.connect(lambda: self.ask_add())
        self.remove_button.clicked.connect(self.remove)
        self.unlock_button.clicked.connect(self.unlock)
        self.reset_button.clicked.connect(lambda: self.ask_reset())
        self.role_button.clicked.connect(lambda: self.ask_role())
        self.mine_button.clicked.connect(lambda: self.ask_mine())
        self.passwd_button.clicked.connect(lambda: self.ask_passwd())
        self.save_station.clicked.connect(self.store_station)
        self.rows: list[tuple[Any, bool]] = []
        self.refresh()

    # -- the table ----------------------------------------------------------------------------
    def refresh(self) -> None:
        submit_for(self._ctx, self, load_accounts, on_done=self._show, on_error=self._failed)

    def _show(self, rows: list[tuple[Any, bool]]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, (a, locked) in enumerate(rows):
            state = (
                self.tr("removed") if a.removed_at else (self.tr("locked") if locked else self.tr("active"))
            )
            for c, text in enumerate((a.name, a.full_name, a.badge, i18n.role_name(a.role.value), state)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def selected(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()][0].name if rows and rows[0].row() < len(self.rows) else None

    def _run(self, work: Any, text: str) -> None:
        def done(_r: object) -> None:
            self.message.setStyleSheet("")
            self.message.setText(text)
            self.changed.emit(text)
            self.refresh()

        submit_for(
            self._ctx, self, work, on_done=done, on_error=self._failed, label=self.tr("Saving…"), mutates=True
        )

    def _failed(self, exc: BaseException) -> None:
        self.message.setStyleSheet("color: #b3261e;")
        self.message.setText(describe_error(exc, self._ctx.lang, self.tr("That could not be done")))

    def _form(self, title: str, fields: list[tuple[str, QWidget]]) -> AccountForm:
        form = AccountForm(title, fields, self)
        form.open()
        self.form_opened.emit(form)
        return form

    # -- admin actions ------------------------------------------------------------------------
    def ask_add(self) -> AccountForm:
        user, name, badge, role, pw = (
            QLineEdit(self),
            QLineEdit(self),
            QLineEdit(self),
            _roles(self),
            _password(self),
        )
        form = self._form(self.tr("Add an account"), [
            (self.tr("Logon name"), user), (self.tr("Name"), name), (self.tr("Badge number"), badge),
            (self.tr("Role"), role), (self.tr("Password (at least 10 characters)"), pw),
        ])  # fmt: skip
        form.accepted.connect(lambda: self._run(
            lambda s: accounts.add_user(s, user.text().strip(), AccountRole(role.currentData()), pw.text(),
                                        full_name=name.text(), badge=badge.text()),
            self.tr("Account %1 added").replace("%1", user.text().strip())))  # fmt: skip
        return form

    def remove(self) -> None:
        name = self.selected()
        if name:
            self._run(
                lambda s: accounts.remove_user(s, name), self.tr("Account %1 removed").replace("%1", name)
            )

    def unlock(self) -> None:
        name = self.selected()
        if name:
            self._run(
                lambda s: accounts.unlock_user(s, name), self.tr("Account %1 unlocked").replace("%1", name)
            )

    def ask_reset(self) -> AccountForm | None:
        name = self.selected()
        if not name:
            return None
        pw = _password(self)
        form = self._form(self.tr("New password for %1").replace("%1", name), [(self.tr("New password"), pw)])
        form.accepted.connect(lambda: self._run(lambda s: accounts.reset_password(s, name, pw.text()),
                                                self.tr("Password of %1 reset").replace("%1", name)))  # fmt: skip
        return form

    def ask_role(self) -> AccountForm | None:
        name = self.selected()
        if not name:
            return None
        role = _roles(self)
        form = self._form(self.tr("Role of %1").replace("%1", name), [(self.tr("Role"), role)])
        form.accepted.connect(lambda: self._run(lambda s: accounts.set_role(s, name, AccountRole(role.currentData())),
                                                self.tr("Role of %1 changed").replace("%1", name)))  # fmt: skip
        return form

    # -- one's own ----------------------------------------------------------------------------
    def ask_mine(self) -> AccountForm:
        me = next((a for a, _l in self.rows if self._ctx.session and a.name == self._ctx.session.user), None)
        name, badge = QLineEdit(me.full_name if me else "", self), QLineEdit(me.badge if me else "", self)
        form = self._form(
            self.tr("My name and badge number"), [(self.tr("Name"), name), (self.tr("Badge number"), badge)]
        )
        form.accepted.connect(lambda: self._run(lambda s: accounts.set_details(s, s.user, name.text(), badge.text()),
                                                self.tr("Saved; forms print them from now on")))  # fmt: skip
        return form

    def ask_passwd(self) -> AccountForm:
        current, new, repeat = _password(self), _password(self), _password(self)
        form = self._form(self.tr("Change my password"), [
            (self.tr("Current password"), current), (self.tr("New password"), new), (self.tr("Repeat"), repeat),
        ])  # fmt: skip

        def change(s: Session) -> None:
            from app.services.errors import ServiceError

            if new.text() != repeat.text():
                raise ServiceError("password_mismatch")
            accounts.change_password(s, current.text(), new.text())

        form.accepted.connect(lambda: self._run(change, self.tr("Password changed")))
        return form

    def store_station(self) -> None:
        phone, address = self.phone.text(), self.address.text()
        self._run(lambda s: accounts.set_station_details(s, phone, address), self.tr("Station details saved"))
