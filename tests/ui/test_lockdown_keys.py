"""The lockdown's pure decisions (ui/lockdown.py): which key combinations the app swallows, the
input method it forces, and config `kiosk.hide_cursor`'s mode-dependent default. No widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.config import load_config
from ui import lockdown
from ui.lockdown import force_input_method, input_method_environment, key_blocked

K = Qt.Key
M = Qt.KeyboardModifier
NONE, SHIFT, CTRL, ALT, META = (M.NoModifier, M.ShiftModifier, M.ControlModifier, M.AltModifier, M.MetaModifier)


def blocked(key, mods=NONE) -> bool:
    return key_blocked(int(key), mods.value)


def test_the_key_codes_are_qts():
    """The module keeps Qt's values as plain ints (no Qt enum lookup while the window is built)."""
    assert lockdown.KEY_TAB == int(K.Key_Tab) and lockdown.KEY_BACKTAB == int(K.Key_Backtab)
    assert lockdown.KEY_F4 == int(K.Key_F4) and lockdown.KEY_META == int(K.Key_Meta)
    assert (lockdown.KEY_SUPER_L, lockdown.KEY_SUPER_R) == (int(K.Key_Super_L), int(K.Key_Super_R))
    assert (lockdown.KEY_HYPER_L, lockdown.KEY_HYPER_R) == (int(K.Key_Hyper_L), int(K.Key_Hyper_R))
    assert (lockdown.SHIFT, lockdown.CONTROL, lockdown.ALT, lockdown.META) == (
        SHIFT.value, CTRL.value, ALT.value, META.value)


@pytest.mark.parametrize("key, mods", [
    (K.Key_F4, ALT), (K.Key_F4, ALT | SHIFT),  # Alt+F4 closes a window
    (K.Key_Tab, ALT), (K.Key_Backtab, ALT | SHIFT), (K.Key_Tab, ALT | SHIFT),  # Alt+(Shift+)Tab switches
    (K.Key_Meta, NONE), (K.Key_Super_L, NONE), (K.Key_Super_R, NONE), (K.Key_Meta, META),  # Super alone
    (K.Key_D, META), (K.Key_L, META), (K.Key_Tab, META), (K.Key_A, META | SHIFT),  # Super with anything
    (K.Key_Delete, CTRL | ALT), (K.Key_Backspace, CTRL | ALT), (K.Key_T, CTRL | ALT),  # every Ctrl+Alt
    *[(getattr(K, f"Key_F{n}"), CTRL | ALT) for n in range(1, 13)],  # VT switching
    (K.Key_Alt, CTRL | ALT), (K.Key_Left, CTRL | ALT | SHIFT),
])
def test_blocked(key, mods):
    assert blocked(key, mods)


@pytest.mark.parametrize("key, mods", [
    (K.Key_A, NONE), (K.Key_A, SHIFT), (K.Key_1, NONE), (K.Key_Space, NONE),  # typing
    (K.Key_Up, NONE), (K.Key_Down, NONE), (K.Key_Return, NONE), (K.Key_Enter, NONE),  # the five keys
    (K.Key_Escape, NONE), (K.Key_Backspace, NONE), (K.Key_F1, NONE), (K.Key_Question, SHIFT),
    (K.Key_Tab, NONE), (K.Key_Backtab, SHIFT), (K.Key_F4, NONE), (K.Key_F2, NONE), (K.Key_Delete, NONE),
    (K.Key_A, CTRL), (K.Key_Backspace, CTRL), (K.Key_F4, CTRL), (K.Key_Tab, CTRL),  # Ctrl alone
    (K.Key_X, ALT), (K.Key_F2, ALT), (K.Key_Alt, NONE), (K.Key_Control, NONE), (K.Key_Control, ALT),
    (K.Key_Menu, NONE),  # the context-menu key passes; the menu it asks for does not open
])
def test_passed(key, mods):
    assert not blocked(key, mods)


@pytest.mark.parametrize("platform", ["", "xcb", "wayland", "linuxfb", "eglfs", "wayland-egl"])
def test_the_virtual_keyboard_is_forced_on_real_displays(platform):
    for set_before in ({}, {"QT_IM_MODULE": "ibus"}, {"QT_IM_MODULE": "fcitx", "QT_IM_MODULES": "fcitx;ibus"},
                       {"QT_IM_MODULE": "qtvirtualkeyboard"}):
        environ = {"QT_QPA_PLATFORM": platform, **set_before} if platform else dict(set_before)
        assert input_method_environment(environ, "zh_CN.UTF-8") == {
            "QT_IM_MODULE": "qtvirtualkeyboard", "QT_IM_MODULES": "qtvirtualkeyboard", "LC_ALL": "zh_CN.UTF-8"}
    assert input_method_environment({"QT_QPA_PLATFORM": platform}, "en_GB.UTF-8")["LC_ALL"] == "en_GB.UTF-8"


@pytest.mark.parametrize("platform", ["offscreen", "minimal", "offscreen:size=1920x1080"])
def test_test_platforms_keep_the_environment(platform):
    assert input_method_environment({"QT_QPA_PLATFORM": platform}, "zh_CN.UTF-8") == {}
    assert input_method_environment({"QT_QPA_PLATFORM": platform, "QT_IM_MODULE": "ibus"}, "zh_CN.UTF-8") == {}


def test_force_input_method_replaces_what_the_desktop_set(caplog):
    environ = {"QT_QPA_PLATFORM": "xcb", "QT_IM_MODULE": "ibus", "LC_ALL": "C"}
    with caplog.at_level("INFO", logger="ui.lockdown"):
        force_input_method(environ, "zh_CN.UTF-8")
    assert environ == {"QT_QPA_PLATFORM": "xcb", "QT_IM_MODULE": "qtvirtualkeyboard",
                       "QT_IM_MODULES": "qtvirtualkeyboard", "LC_ALL": "zh_CN.UTF-8"}
    assert "input method ibus replaced by qtvirtualkeyboard" in caplog.text
    offscreen = {"QT_QPA_PLATFORM": "offscreen"}
    force_input_method(offscreen, "zh_CN.UTF-8")
    assert offscreen == {"QT_QPA_PLATFORM": "offscreen"}


def test_hide_cursor_defaults_to_the_mode(tmp_path):
    def hide(**values):
        dirs = {"kiosk.data_dir": str(tmp_path), "kiosk.log_dir": str(tmp_path)}
        return load_config(env={}, overrides={**dirs, **values}).get("kiosk.hide_cursor")

    assert hide(**{"kiosk.mode": "demo"}) is False
    assert hide(**{"kiosk.mode": "production"}) is True
    assert hide(**{"kiosk.mode": "production", "kiosk.hide_cursor": False}) is False
    assert hide(**{"kiosk.mode": "demo", "kiosk.hide_cursor": True}) is True
    env = {"KIOSK_KIOSK__MODE": "production", "KIOSK_KIOSK__HIDE_CURSOR": "false"}
    assert load_config(env=env, overrides={"kiosk.data_dir": str(tmp_path)}).get("kiosk.hide_cursor") is False
