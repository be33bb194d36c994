"""The fullscreen main window: header, the screen stack, footer, the idle overlay,
the hidden maintenance corner and (demo mode) the demo panel.

The window follows the session state machine: every state shows one screen.
Screens other than the attract screen are built once the services are ready, so
the attract screen appears (and takes touches) about as fast as a bare window; this
module and the attract screen therefore stay away from the `Qt` enum namespace.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QDateTime, QObject, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.lockdown import Lockdown
from ui.screens.attract import AttractScreen
from ui.widgets import LongPressArea, Screen, button, label

log = logging.getLogger("ui.window")


class ActivityFilter(QObject):
    """Any touch, click or key anywhere counts as activity for the idle timer."""

    def __init__(self, on_activity) -> None:
        from PySide6.QtCore import QEvent

        super().__init__()
        self._on_activity = on_activity
        self._kinds = (QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin)

    def eventFilter(self, obj, event) -> bool:
        if event.type() in self._kinds:
            self._on_activity()
        return False


class MainWindow(QMainWindow):
    def __init__(self, court_name: str, translator_switch, demo: bool, corner_hold_seconds: float = 3.0) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self._switch_language = translator_switch
        translator_switch.listeners.append(self._language_changed)
        self._demo = demo
        self._court_name = court_name
        self.services = None
        self.screens: dict[str, QWidget] = {}
        self.current: str | None = None
        self._in_maintenance = False
        self._close_allowed = False  # close requests are refused until allow_close()
        self.lockdown = Lockdown(self, attach=False)  # keys, context menus, drags (ui.lockdown), attached
        # when the attract screen is first painted (or when the services come, whichever is first)

        central = QWidget()
        central.setObjectName("central")
        self.setCentralWidget(central)
        root = self._root = QVBoxLayout(central)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)

        header = QFrame()
        header.setObjectName("header")
        hl = QHBoxLayout(header)
        hl.setContentsMargins(0, 0, 24, 0)
        self.corner = LongPressArea(corner_hold_seconds)
        hl.addWidget(self.corner)
        self.court_label = label(name="courtName", wrap=False)
        hl.addWidget(self.court_label)
        hl.addStretch()
        self.title_label = label(name="headerTitle", wrap=False)
        hl.addWidget(self.title_label)
        hl.addStretch()
        self.clock = label(name="clock", wrap=False)
        hl.addWidget(self.clock)
        self.call_staff_button = button("callStaffButton", "danger")  # wired by ui.staff_call_notice.attach
        hl.addWidget(self.call_staff_button)
        self.language_button = button("languageButton", "lang")
        self.language_button.clicked.connect(self._toggle_language)
        hl.addWidget(self.language_button)
        root.addWidget(header)

        body = QHBoxLayout()
        body.setSpacing(0)
        self.stack = QStackedWidget()
        body.addWidget(self.stack, 1)
        self.body = body
        root.addLayout(body, 1)

        footer = QFrame()
        footer.setObjectName("footer")
        fl = QHBoxLayout(footer)
        fl.setContentsMargins(24, 10, 24, 10)
        self.back_button = button("backButton")
        self.back_button.clicked.connect(self.back)
        self.home_button = button("homeButton")
        self.home_button.clicked.connect(self.home)
        fl.addWidget(self.back_button)
        fl.addWidget(self.home_button)
        fl.addStretch()
        self.footer = footer
        self.footer_layout = fl
        self._primary = None
        root.addWidget(footer)

        self.overlay = None  # the idle warning, built with the other screens
        self.demo_band = None
        if demo:  # DEMO across the top of every screen: practice, nothing reaches the court
            from ui.demo_band import DemoBand

            self.demo_band = DemoBand(self)

        self._pages: dict[str, QWidget] = {}
        self.attract = AttractScreen(self, court_name)
        self._add(self.attract, scroll=False)
        self._show("attract", focus=False)
        # right after the first paint (in case the screen is never painted: a second later), what
        # would have cost the cold start PySide6's classes and enums of every object it meets: the
        # lockdown's application-wide filter, and the attract screen's focus order
        self._first_paint_done = False
        self.attract.painted.connect(lambda: QTimer.singleShot(0, self._first_painted))
        QTimer.singleShot(1000, self._first_painted)

        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(15_000)
        self._clock_timer.timeout.connect(self._tick_clock)
        self._clock_timer.start()
        self._tick_clock()
        self.retranslate()

    # -- building ----------------------------------------------------------------------
    def _add(self, screen, scroll: bool = True) -> None:
        """Screens sit in a scroll area so that small screens (or large text) never cut them off."""
        self.screens[screen.name] = screen
        if screen.primary is not None:
            screen.primary.hide()  # shown in the footer while the screen is
        if not scroll:
            self._pages[screen.name] = screen
            self.stack.addWidget(screen)
            return
        from PySide6.QtWidgets import QScrollArea, QScroller

        area = QScrollArea()
        area.setObjectName(f"{screen.name}Page")
        area.setWidgetResizable(True)
        area.setWidget(screen)
        QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        self._pages[screen.name] = area
        self.stack.addWidget(area)

    def attach_services(self, services, keypad=None) -> None:
        """Build the remaining screens once the services exist: every screen module's entry
        (ui.screens.discover), each from the services it uses. ``keypad``: config section `keypad`
        (the five keys' names; None: the defaults)."""
        from PySide6.QtWidgets import QSizePolicy

        from ui.idle_overlay import IdleOverlay
        from ui.keyboard import OnScreenKeyboard
        from ui.screens import discover, screens_of

        self.keyboard = OnScreenKeyboard(QApplication.instance().property("kioskLanguage"))
        self.keyboard.moved.append(self._keyboard_moved)
        # pages other than the attract screen scroll; the attract screen must not hold the
        # window's minimum height up when the keyboard squeezes it
        self.attract.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self._switch_language.listeners.append(
            lambda: self.keyboard.set_language(QApplication.instance().property("kioskLanguage")))
        self.services = services
        self.overlay = IdleOverlay(self.centralWidget(), services.get("announcer"))  # speaks the countdown
        from ui.staff_call_notice import attach as attach_staff_call

        self.staff_call_notice = attach_staff_call(self, services)  # the header's call-staff button and its notice
        self._built = []  # (entry, what it built)
        self._serving: dict[str, tuple] = {}  # service id -> (entry, built)
        for entry in discover():
            built = entry.create(self, services)
            setattr(self, entry.attr, built)
            self._built.append((entry, built))
            for service_id in entry.serves:
                self._serving[service_id] = (entry, built)
            for screen in screens_of(built):
                self._add(screen)
        session = services.session
        session.state_changed.connect(self._state_changed)
        session.idle_warning.connect(self.overlay.show_remaining)
        session.idle_cleared.connect(self.overlay.hide)
        session.was_reset.connect(self._was_reset)
        if services.get("green_channel") is not None:  # a green channel setting changed: the look follows at once
            services.green_channel.changed.connect(lambda: services.apply_accessibility(services.session.data.settings))
        self.overlay.keep_going.connect(session.activity)
        self._activity = ActivityFilter(session.activity)
        QApplication.instance().installEventFilter(self._activity)
        from ui.staff_login import StaffGate

        self.staff_gate = StaffGate(self, services.maintenance)  # staff login, the idle lock, quitting
        self.staff_gate.logged_in.connect(self._logged_in)
        self.staff_gate.quit_confirmed.connect(self._quit_now)
        self.corner.held.connect(self.enter_maintenance)
        services.device_health.problems.connect(self._device_problems)
        services.policy.court_name_changed.connect(self._set_court_name)
        services.staff_card.present.connect(self._staff_card)
        if services.demo is not None:
            from PySide6.QtWidgets import QScrollArea

            from ui.demo_panel import DemoPanel

            self.demo_panel = DemoPanel(services.demo)
            holder = QScrollArea()  # so the keyboard can squeeze the window without clipping
            holder.setWidgetResizable(True)
            holder.setFixedWidth(self.demo_panel.width() + 16)
            holder.setWidget(self.demo_panel)
            self.body.addWidget(holder)
        self._set_court_name(services.policy.court_name)
        from ui.accessibility import AccessibilityController

        self.accessibility = AccessibilityController(self, services, keypad)  # five keys, fingertip, speech
        self.attract.set_starting(False)
        self.lockdown.to_front()  # before the keypad's and the activity filters

    def _set_court_name(self, name: str) -> None:
        self._court_name = name
        self.attract.set_court_name(name)
        self.retranslate()

    # -- navigation (called by screens) -------------------------------------------------
    def start(self) -> None:
        if self.services is None:
            self.attract.set_starting(True)
            return
        self.services.session.start()

    def choose_service(self, service_id: str) -> None:
        from_catalog = next(s for s in self.services.catalog if s.id == service_id)
        self.services.session.choose_service(service_id, from_catalog.needs_identity,
                                             from_catalog.accepts_photo_identity)

    def identified(self, identity) -> None:
        self.services.session.identified(identity)

    def finish(self) -> None:
        self.services.session.finish("service complete")

    def end_visit(self) -> None:
        self.services.session.reset("visit ended")

    def back(self) -> None:
        for _entry, built in self._built:  # a flow of several screens goes back among its own first
            if not isinstance(built, Screen) and built.back(self.current):
                return
        self.services.session.back()

    def home(self) -> None:
        self.services.session.reset("start over")

    def show_screen(self, name: str) -> None:
        self._show(name)

    def enter_maintenance(self) -> None:
        """The hidden corner: the staff login over the current screen. Nothing of the litigant's is
        wiped until staff are authenticated (ui.staff_login)."""
        if self.services is None or self._in_maintenance:
            return
        self.staff_gate.open()

    def _logged_in(self) -> None:
        """Staff are authenticated (a PIN or a card): only now is the litigant's session reset."""
        if not self._in_maintenance:
            self.services.session.reset("maintenance")
            self._in_maintenance = True
        self.maintenance.unlock()
        self._show("maintenance")

    def lock_maintenance(self) -> None:
        """Maintenance mode locks (staff idle): back to the locked maintenance screen, nothing shown."""
        self.maintenance.lock()
        self._show("maintenance")

    def _staff_card(self, present: bool) -> None:
        """A staff card opens maintenance mode without the PIN; taking it away closes it."""
        if present:
            self.staff_gate.close_pad()
            self.staff_gate.entered()
            self._logged_in()
        elif self._in_maintenance:
            self.leave_maintenance("card_removed")

    def back_to_maintenance(self) -> None:
        self._show("maintenance")

    def show_kiosk(self) -> None:
        """Full screen on the primary screen, also without a window manager (a kiosk's X)."""
        self.setGeometry(QApplication.primaryScreen().geometry())
        self.showFullScreen()

    def _keyboard_moved(self, top: int | None) -> None:
        """The on-screen keyboard covers the window from `top` (window coordinates) down, or
        is hidden (None): keep the footer and the focused field above it."""
        cover = 0 if top is None else max(0, self.height() - top)
        self._root.setContentsMargins(0, 0, 0, cover)
        page = self._pages.get(self.current)
        focused = QApplication.focusWidget()
        if cover and hasattr(page, "ensureWidgetVisible") and focused is not None and page.isAncestorOf(focused):
            QTimer.singleShot(50, lambda: page.ensureWidgetVisible(focused, 50, 50))  # after the relayout

    def quit_app(self) -> None:
        """关闭自助终端程序: asked once more (ui.staff_login.QuitConfirm), audited, then quit."""
        self.staff_gate.ask_quit()

    def _quit_now(self) -> None:
        log.info("closed from maintenance mode")
        self.allow_close()  # Qt's quit asks every window to close first; this one refuses otherwise
        QApplication.instance().quit()

    def allow_close(self) -> None:
        """The next close request closes the window (quitting from maintenance mode, a test's end);
        until then every close request (Alt+F4, a window manager's close button, a quit) is refused."""
        self._close_allowed = True

    def leave_maintenance(self, reason: str = "leave") -> None:
        """Out of maintenance (``leave``; ``card_removed``): the staff member is logged out (audited)."""
        self.staff_gate.left(reason)
        self._in_maintenance = False
        self.maintenance.lock()
        self._show("attract")

    # -- session ------------------------------------------------------------------------
    def _state_changed(self, old, new, reason: str) -> None:
        if self._in_maintenance:
            return
        name = new.name
        data = self.services.session.data
        if name == "ATTRACT":
            self._show("attract")
        elif name == "MENU":
            self._show("menu")
        elif name == "IDENTIFY":
            self._show("identify")
        elif name == "SERVICE":
            from ui.screens import show_and_begin

            entry, built = self._serving[data.service]
            (entry.begin or show_and_begin)(self, built, data.service, data.identity)
        elif name == "DONE":
            self._show("done")

    def _was_reset(self, reason: str) -> None:
        self.overlay.hide()
        for _entry, built in self._built:
            if not isinstance(built, Screen):  # a flow: its own state first, then its screens
                built.clear()
        for screen in self.screens.values():
            screen.clear()
        if getattr(self, "demo_panel", None) is not None:
            self.demo_panel.clear()
        language = self.services.session.data.settings.language
        self._switch_language(language)
        self.services.apply_accessibility(self.services.session.data.settings)
        self.accessibility.session_reset()
        if not self._in_maintenance:
            self._show("attract")

    def _device_problems(self, problems: dict) -> None:
        self.menu.set_device_problems({info.id: [d for d in info.devices if d in problems]
                                       for info in self.services.catalog})

    # -- chrome -------------------------------------------------------------------------
    def _first_painted(self) -> None:
        if self._first_paint_done:
            return
        self._first_paint_done = True
        self.lockdown.attach()
        if self.current == "attract":
            self.attract.apply_focus_order()
        if getattr(self, "demo_band", None) is not None:
            self.demo_band.let_touches_through()

    def _show(self, name: str, focus: bool = True) -> None:
        """``focus``: apply the screen's keypad focus order now (the first attract screen has it
        applied once it is painted: asking widgets their focus policy builds PySide6's `Qt` enums)."""
        previous = self.screens.get(self.current) if self.current else None
        if previous is not None and self.current != name:
            previous.leave()
        self.current = name
        screen = self.screens[name]
        self.stack.setCurrentWidget(self._pages[name])
        screen.enter()
        log.info("screen %s", name)
        self._update_chrome()
        if focus:
            screen.apply_focus_order()
        if getattr(self, "accessibility", None) is not None:
            self.accessibility.screen_shown(name)  # speaks the title and prompt

    def _update_chrome(self) -> None:
        screen = self.screens[self.current]
        if self._primary is not screen.primary:
            if self._primary is not None:  # back to its own screen, hidden
                self.footer_layout.removeWidget(self._primary)
                self._primary.hide()
                self._primary.setParent(self._primary_owner)
            self._primary = screen.primary
            self._primary_owner = screen
            if self._primary is not None:
                self.footer_layout.addWidget(self._primary)
                self._primary.show()
        self.title_label.setText(screen.spec.title() if screen.shows_title else "")
        in_visit = screen.in_visit
        self.footer.setVisible(in_visit)
        self.call_staff_button.setVisible(not self._in_maintenance)
        self.back_button.setVisible(screen.can_go_back)

    def _toggle_language(self) -> None:
        language = "en" if QApplication.instance().property("kioskLanguage") == "zh_CN" else "zh_CN"
        self._switch_language(language)
        if self.services is not None:
            self.services.session.data.settings.language = language

    def _tick_clock(self) -> None:
        self.clock.setText(QDateTime.currentDateTime().toString("yyyy-MM-dd HH:mm"))

    def retranslate(self) -> None:
        self.court_label.setText(self._court_name)
        is_zh = QApplication.instance().property("kioskLanguage") == "zh_CN"
        self.language_button.setText("English" if is_zh else "中文")
        if self.services is None:  # then ui.staff_call_notice keeps it ("Staff called" once called)
            self.call_staff_button.setText(self.tr("Call staff"))
        self.back_button.setText(self.tr("Back"))
        self.home_button.setText(self.tr("Start over"))
        if self.current:
            self._update_chrome()

    def _language_changed(self) -> None:
        for screen in self.screens.values():
            screen.retranslate()
        if getattr(self, "demo_panel", None) is not None:
            self.demo_panel.retranslate()
        if getattr(self, "staff_gate", None) is not None:
            self.staff_gate.retranslate()
        self.retranslate()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """The window closes (the kiosk quits, or a test ends): the application-wide event filters
        come off now. Left installed, they could be deleted by Python's garbage collector while
        Qt is inside one of them (a crash in a later event). Refused unless allow_close() was called."""
        if not self._close_allowed:
            log.info("close request refused")
            event.ignore()
            return
        self.lockdown.detach()
        if getattr(self, "staff_gate", None) is not None:
            self.staff_gate.detach()  # its idle timer and its application-wide filter
        app = QApplication.instance()
        if getattr(self, "_activity", None) is not None:
            app.removeEventFilter(self._activity)
        accessibility = getattr(self, "accessibility", None)
        if accessibility is not None:
            accessibility.detach()
        super().closeEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.overlay is not None and self.overlay.isVisible():
            self.overlay.setGeometry(self.centralWidget().rect())
