"""One editable table of a workspace page: filter box, sortable view, empty state, menus, copy.

The rows come from a service call run off the GUI thread (a city's ledger can take longer than
a frame); a table that can pick its first screenful cheaply shows that first and fills in the
rest after. Each edit becomes an undo command through the services; when the changes the
services report are all of the table's own kind of record, just those rows are read again and
repainted (an edit, an insert, a delete touch only their rows); any other change makes the
table read every row again, keeping the selection and the scroll position.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any, Protocol

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from chainchief.domain.errors import UserError
from chainchief.i18n import _
from chainchief.services.kernel.changes import Changes, ChangeSet, merge
from chainchief.services.kernel.edits import FieldChange, RowRef
from chainchief.services.kernel.removals import Removal
from chainchief.services.workspace import Workspace
from chainchief.ui.forms import error_label, show_error
from chainchief.ui.icons import icon
from chainchief.ui.models.records import (
    ROW_ROLE,
    Content,
    EditorKind,
    RecordModel,
    RecordProxy,
    TableColumn,
    prepare,
)
from chainchief.ui.pages.tables.editors import RecordDelegate, RecordDialog
from chainchief.ui.qt_abc import QtABCMeta
from chainchief.ui.undo import CreateCommand, Editor, ServiceCommand, UpdateCommand
from chainchief.ui.workers import submit

FIRST_SCREEN_ROWS = 100
"""Rows shown before the whole list is read: more than a maximised window holds."""
SAMPLED_ROWS = 300
"""Rows measured when fitting column widths (measuring a city's every row would stall)."""
MAX_COLUMN_WIDTH = 320
CELL_ROOM = 20
"""Pixels around a cell's text: the delegate's margins and some air."""
HEADER_ROOM = 40
"""Pixels around a header's text: margins and the sort arrow."""


class UpdateService(Protocol):
    """An editing service's update: ``update_firm``, ``update_person``…"""

    def __call__(
        self,
        db: Workspace,
        row_id: int,
        values: Mapping[str, Any],
        /,
        *,
        actor: str,
        expected_version: int | None,
    ) -> FieldChange: ...


class DeleteService(Protocol):
    """An editing service's delete: ``delete_firm``, ``delete_person``…"""

    def __call__(
        self, db: Workspace, row_id: int, /, *, actor: str, expected_version: int | None
    ) -> Removal: ...


class AfterPaint(QObject):
    """Runs ``then`` once, just after ``widget`` next paints."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._then)
            self.deleteLater()
        return False


class RecordTable(QWidget, metaclass=QtABCMeta):
    loaded = Signal()
    """New rows from the service are on screen."""

    def __init__(
        self,
        editor: Editor,
        columns: Sequence[TableColumn],
        *,
        empty_text: str,
        filter_hint: str,
        add_text: str | None = None,
        highlight: Any = None,
        chains: Callable[[Any], Collection[str]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``chains`` names the chains a row belongs to, for the chain box; without it, a
        table with a ``chain`` column scopes by that column and others have no chain box."""
        super().__init__(parent)
        self.editor = editor
        self.db = editor.db
        self.actor = editor.actor
        self.model = RecordModel(columns, highlight, self)
        scoped = chains is not None or any(column.key == "chain" for column in columns)
        self._chains_of = chains or _own_chain
        self.proxy = RecordProxy(self._chains_of, self)
        self.proxy.setSourceModel(self.model)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(filter_hint)
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filtered)
        self.count = QLabel(self)
        self.add_button = QPushButton(icon("add"), add_text or "", self)
        self.add_button.setVisible(add_text is not None)
        self.add_button.clicked.connect(self.add)
        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(26)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setResizeContentsPrecision(SAMPLED_ROWS)
        self.delegate = RecordDelegate(columns, self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.doubleClicked.connect(self._double_clicked)
        self.copy_action = QAction(_("Copy as TSV"), self)
        self.copy_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.copy_action.triggered.connect(self.copy)
        self.view.addAction(self.copy_action)
        self.empty = QLabel(_("Loading…"), self)
        self.empty.setObjectName("empty_state")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #555f6d; font-size: 11pt; padding: 24px;")
        self._empty_text = empty_text
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)
        self.stack.setCurrentWidget(self.empty)
        self.problem = error_label(self)
        self.delegate.problem.connect(lambda text: show_error(self.problem, text or None))
        self.model.edited.connect(self._edited)
        self.chain_box = QComboBox(self)
        self.chain_box.setObjectName("chain_scope")
        self.chain_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.chain_box.addItem(_("All chains"), None)
        self.chain_box.setVisible(scoped)
        self.chain_box.currentIndexChanged.connect(lambda _i: self._chain_chosen())
        top = QHBoxLayout()
        top.addWidget(self.chain_box)
        top.addWidget(self.filter, 1)
        top.addWidget(self.count)
        top.addWidget(self.add_button)
        self.top = top
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.problem)
        self._dirty = True
        self._request = 0
        self._loading = False
        self._changed_while_loading: list[Changes] = []
        """Edits made while every row was being read, read again once the rows land."""
        self._held: tuple[int, Content] | None = None
        """Rows read while a cell was being edited, shown once the editor closes."""
        self._fitted = False
        self.dialog: Any = None
        """The dialog the table opened last (kept so it is not collected while open)."""
        editor.records_changed.connect(self._records_changed)

    # --- what a concrete table provides --------------------------------------------------

    @abstractmethod
    def load(self) -> list[Any]:
        """The rows, from a service (runs on a worker thread)."""

    @abstractmethod
    def update_command(self, row: Any, values: dict[str, Any]) -> ServiceCommand:
        """The undo command that changes ``values`` of ``row``."""

    entity: str | None = None
    """The kind of record the rows are (the services' entity name), for updates in place."""

    def load_rows(self, ids: Collection[int]) -> list[Any] | None:
        """The rows of ``ids`` read again (worker thread); None when the table cannot, and
        then reads every row after each change."""
        return None

    def first_screen(self, count: int) -> list[Any] | None:
        """The first ``count`` rows in the first column's order, read without reading them all
        (worker thread); None when the table has no cheaper way than reading every row."""
        return None

    def add(self) -> None:
        """Open the dialog for a new record (in ``self.dialog``, kept while it is open) with
        ``open_record_dialog``. Only a table given ``add_text`` shows the button that calls
        this; one without (visits come from workbooks) cannot add and keeps this no-op."""

    def delete(self, rows: list[Any]) -> None:
        """Ask, then delete ``rows``."""

    def edit_in_dialog(self, row: Any, column: TableColumn) -> None:
        """Edit a DIALOG column of ``row``."""

    def extra_actions(self, menu: QMenu, rows: list[Any]) -> None:
        """Add the table's own entries to the right-click menu."""

    # --- loading -------------------------------------------------------------------------

    def mark_dirty(self) -> None:
        self._dirty = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.reload()

    @property
    def loading(self) -> bool:
        """Whether rows are being read (a first screenful may be showing meanwhile)."""
        return self._loading

    def reload(self) -> None:
        self._dirty = False
        self._loading = True
        self._changed_while_loading = []
        self._request += 1
        request = self._request
        columns = self.model.columns
        if not self.model.rows and self.model.sorted_by == (0, Qt.SortOrder.AscendingOrder):
            submit(
                self,
                lambda _progress: self._first_content(columns),
                lambda content: self._first_loaded(request, content),
                self._failed,
            )
            return
        self._load_all(request)

    def _load_all(self, request: int) -> None:
        columns = self.model.columns
        submit(
            self,
            lambda _progress: prepare(columns, self.load()),
            lambda content: self._loaded(request, content),
            self._failed,
        )

    def _first_content(self, columns: Sequence[TableColumn]) -> tuple[Content, bool]:
        """The first screenful, or every row when the table has no cheaper way (or is small);
        True when it is every row."""
        rows = self.first_screen(FIRST_SCREEN_ROWS)
        if rows is None:
            return prepare(columns, self.load()), True
        return prepare(columns, rows), False

    def _first_loaded(self, request: int, first: tuple[Content, bool]) -> None:
        """The first rows are in: shown, and every row read next unless they were all."""
        content, complete = first
        if complete:
            self._loaded(request, content)
            return
        if request != self._request:
            return
        self.model.set_content(content)
        self._fit_columns()
        self.stack.setCurrentWidget(self.view)
        self.count.setText(_("Loading…"))
        viewport = self.view.viewport()
        if viewport.isVisible():
            # Read the rest once the first screenful is painted: a worker started now would
            # hold the interpreter while the rows are drawn.
            AfterPaint(viewport, lambda: self._load_all(request))
        else:
            self._load_all(request)

    def _records_changed(self, changes: ChangeSet) -> None:
        """Read again just the rows an edit changed, when they are all the table's kind and
        the table is loaded; otherwise every row (now if shown, else when next shown)."""
        mine = changes.only(self.entity) if self.entity is not None else None
        if mine is None or self._dirty:
            self.mark_dirty()
            return
        if self._loading:
            # The rows being read may predate the change: these are read again once they land.
            self._changed_while_loading.append(mine)
        self.model.remove_ids(mine.removed)
        if not self._loading:
            self._show_state()
        self.read_rows(mine.updated | mine.created)

    def read_rows(self, ids: Collection[int]) -> None:
        """Read the rows of ``ids`` again (off the GUI thread) and repaint just them."""
        if not ids:
            return
        request = self._request
        columns = self.model.columns
        submit(
            self,
            lambda _progress: self._read_again(columns, ids),
            lambda content: self._rows_read(request, content),
            self._failed,
        )

    def _read_again(self, columns: Sequence[TableColumn], ids: Collection[int]) -> Content | None:
        rows = self.load_rows(ids)
        return None if rows is None else prepare(columns, rows)

    def _rows_read(self, request: int, content: Content | None) -> None:
        if request != self._request:
            return  # a full reload started meanwhile and brings these rows too
        if content is None:
            self.mark_dirty()
            return
        self.model.put_rows(content)
        if not self._loading:
            self._show_state()
        self.loaded.emit()

    def _failed(self, error: BaseException) -> None:
        self._loading = False
        if isinstance(error, UserError):
            show_error(self.problem, error.message)
            return
        raise error

    def _loaded(self, request: int, content: Content) -> None:
        if request != self._request:
            return
        if self.view.state() == QAbstractItemView.State.EditingState:
            # A reset would close the editor under the user's typing: wait for it to close.
            if self._held is None:
                self.delegate.closeEditor.connect(self._edit_closed)
            self._held = (request, content)
            return
        self._loading = False
        chosen = {row.id for row in self.selected_rows()}
        current = self.view.currentIndex()
        current_id = current.data(ROW_ROLE).id if current.isValid() else None
        scroll = self.view.verticalScrollBar().value()
        self.model.set_content(content)
        if self._changed_while_loading:
            changed, self._changed_while_loading = merge(self._changed_while_loading), []
            self.model.remove_ids(changed.removed)
            self.read_rows(changed.updated | changed.created)
        self._offer_chains(content.rows)
        self._reselect(chosen, current_id)
        self.view.verticalScrollBar().setValue(scroll)
        if not self._fitted and content.rows:
            self._fit_columns()
        self._show_state()
        self.loaded.emit()

    def _edit_closed(self) -> None:
        self.delegate.closeEditor.disconnect(self._edit_closed)
        held, self._held = self._held, None
        if held is not None:
            QTimer.singleShot(0, lambda: self._loaded(*held))

    def _offer_chains(self, rows: list[Any]) -> None:
        """The chain box lists the chains of the rows, keeping its choice."""
        if not self.chain_box.isVisibleTo(self):
            return
        kept = self.chain_box.currentData()
        self.chain_box.blockSignals(True)
        self.chain_box.clear()
        self.chain_box.addItem(_("All chains"), None)
        for chain in sorted({chain for row in rows for chain in self._chains_of(row)}):
            self.chain_box.addItem(chain, chain)
        self.chain_box.setCurrentIndex(max(self.chain_box.findData(kept), 0))
        self.chain_box.blockSignals(False)

    def focus_chain(self, chain: str) -> None:
        """The navigator chose ``chain``: only its rows (全部产业链 in the box shows all)."""
        if not self.chain_box.isVisibleTo(self):
            return
        if self.chain_box.findData(chain) < 0:
            self.chain_box.addItem(chain, chain)
        self.chain_box.setCurrentIndex(self.chain_box.findData(chain))

    def _reselect(self, chosen: set[int], current_id: int | None) -> None:
        selection = self.view.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row_id in chosen:
            index = self._proxy_index(row_id)
            if index.isValid():
                selection.select(index, flags)
        if current_id is not None:
            index = self._proxy_index(current_id)
            if index.isValid():
                selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)

    def _proxy_index(self, row_id: int) -> QModelIndex:
        position = self.model.position_of(row_id)
        if position is None:
            return QModelIndex()
        return self.proxy.mapFromSource(self.model.index(position, 0))

    def _fit_columns(self) -> None:
        """Each column as wide as its header and the texts of its first rows, measured from
        the prepared texts (asking the view to size them queries every role of every cell:
        half the cost of a first screenful)."""
        self._fitted = True
        header = self.view.horizontalHeader()
        cells, titles = self.view.fontMetrics(), header.fontMetrics()
        texts = self.model.content.texts[:SAMPLED_ROWS]
        for number, column in enumerate(self.model.columns):
            widest = max(
                [titles.horizontalAdvance(column.header) + HEADER_ROOM]
                + [cells.horizontalAdvance(row[number]) + CELL_ROOM for row in texts]
            )
            header.resizeSection(number, column.width or min(widest, MAX_COLUMN_WIDTH))

    def _filtered(self, text: str) -> None:
        self.proxy.set_needle(text)
        self._show_state()

    def _chain_chosen(self) -> None:
        self.proxy.set_chain(self.chain_box.currentData())
        self._show_state()

    def _show_state(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        if total == 0:
            self.empty.setText(self._empty_text)
        elif shown == 0:
            self.empty.setText(
                _("Nothing matches “{text}”. Clear the filter to see every row.").format(
                    text=self.filter.text().strip()
                )
            )
        self.stack.setCurrentWidget(self.view if shown else self.empty)
        self.count.setText(
            _("{count} rows").format(count=total)
            if shown == total
            else _("{shown} of {count} rows").format(shown=shown, count=total)
        )

    # --- rows on screen ------------------------------------------------------------------

    def row_at(self, proxy_row: int) -> Any:
        return self.proxy.index(proxy_row, 0).data(ROW_ROLE)

    def selected_rows(self) -> list[Any]:
        indexes = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        return [index.data(ROW_ROLE) for index in sorted(indexes, key=QModelIndex.row)]

    def column_number(self, key: str) -> int:
        return next(n for n, column in enumerate(self.model.columns) if column.key == key)

    def find_row(self, row_id: int) -> int | None:
        """The proxy row showing the record ``row_id``, if shown."""
        index = self._proxy_index(row_id)
        return index.row() if index.isValid() else None

    def select_id(self, row_id: int) -> None:
        row = self.find_row(row_id)
        if row is not None:
            self.view.selectRow(row)

    # --- editing -------------------------------------------------------------------------

    def update_through(
        self, update: UpdateService, text: str, row: Any, values: dict[str, Any]
    ) -> UpdateCommand:
        """The undo step ``text`` that changes ``values`` of ``row`` through ``update``, from
        the version shown (a newer one elsewhere is a conflict, not an overwrite)."""

        def call(given: Mapping[str, Any], version: int | None) -> FieldChange:
            return update(self.db, row.id, given, actor=self.actor, expected_version=version)

        return UpdateCommand(self.editor, text, call, values, row.version)

    def create_through(
        self, text: str, create: Callable[[], RowRef], delete: DeleteService
    ) -> CreateCommand:
        """The undo step ``text`` that creates a row; its undo deletes it through ``delete``."""

        def undo(ref: RowRef) -> Removal:
            return delete(self.db, ref.id, actor=self.actor, expected_version=ref.version)

        return CreateCommand(self.editor, text, create, undo)

    def attempt_create(
        self, text: str, create: Callable[[], RowRef], delete: DeleteService
    ) -> str | None:
        """Run the undo step ``text`` that creates a row; the refusal to show, or None."""
        return self.editor.attempt(self.create_through(text, create, delete))

    def open_record_dialog(
        self,
        title: str,
        create: Callable[[dict[str, Any]], str | None],
        columns: Sequence[TableColumn] | None = None,
        *,
        extra: Sequence[tuple[str, str, QWidget]] = (),
        initial: dict[str, Any] | None = None,
    ) -> None:
        """The add dialog, whose OK runs ``create`` on its values (which returns the refusal
        to show, or None); without ``columns``, one editor per column edited in place (not
        those edited in their own dialog). A table that cannot add never calls this."""
        if columns is None:
            columns = [
                c for c in self.model.columns if c.editable and c.kind is not EditorKind.DIALOG
            ]
        self.dialog = RecordDialog(self, title, columns, create, extra=extra, initial=initial)
        self.dialog.open()

    def deleting(self, delete: DeleteService) -> Callable[[Any], Removal]:
        """Delete a shown row through ``delete``, from the version shown."""
        return lambda row: delete(self.db, row.id, actor=self.actor, expected_version=row.version)

    def _edited(self, row: Any, key: str, value: Any) -> None:
        self.apply(row, {key: value})

    def apply(self, row: Any, values: dict[str, Any]) -> bool:
        """Change ``values`` of ``row`` as one undo step; a refusal shows, the row is read again."""
        done = self.editor.run(self.update_command(row, values))
        if not done:
            self.read_rows({row.id})
        return done

    def _double_clicked(self, index: QModelIndex) -> None:
        column = self.model.column(index.column())
        if column.editable and column.kind is EditorKind.DIALOG:
            self.edit_in_dialog(index.data(ROW_ROLE), column)

    def _context_menu(self, point: QPoint) -> None:
        menu = self.context_menu()
        menu.exec(self.view.viewport().mapToGlobal(point))
        menu.deleteLater()

    def context_menu(self) -> QMenu:
        rows = self.selected_rows()
        menu = QMenu(self)
        if self.add_button.isVisible():
            menu.addAction(icon("add"), self.add_button.text(), self.add).setObjectName("add")
        self.extra_actions(menu, rows)
        menu.addSeparator()
        menu.addAction(self.copy_action)
        if rows and type(self).delete is not RecordTable.delete:
            menu.addSeparator()
            remove = menu.addAction(icon("delete"), _("Delete…"), lambda: self.delete(rows))
            remove.setObjectName("delete")
        return menu

    def copy(self) -> str:
        """The selected cells (or rows) with their headers, tab-separated, to the clipboard."""
        indexes = self.view.selectionModel().selectedIndexes()
        if not indexes:
            return ""
        columns = sorted({index.column() for index in indexes})
        rows = sorted({index.row() for index in indexes})
        lines = ["\t".join(_cell(self.model.column(c).header) for c in columns)]
        for row in rows:
            lines.append("\t".join(_cell(self.proxy.index(row, c).data() or "") for c in columns))
        text = "\n".join(lines) + "\n"
        QGuiApplication.clipboard().setText(text)
        return text


def _own_chain(row: Any) -> tuple[str]:
    """The chain of a row that belongs to one (its ``chain`` field)."""
    return (row.chain,)


def _cell(text: str) -> str:
    """A value on one TSV line: tabs and line breaks inside it become spaces."""
    return " ".join(str(text).split("\t")).replace("\r", " ").replace("\n", " ")
