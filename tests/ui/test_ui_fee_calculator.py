"""诉讼费计算 on the menu: anyone (no ID card) works out a fee with its breakdown."""

from __future__ import annotations

from tests.ui.steps import click, screen, type_text


def choose(calc, kind):
    calc.kind.setCurrentIndex(calc.kind.findData(kind))


def test_anyone_works_out_a_fee_with_its_breakdown(qtbot, app_parts):
    window, core, services = app_parts()
    click(qtbot, window.attract.start)
    assert window.menu.is_available("fee_calculator")
    click(qtbot, window.menu.tiles["fee_calculator"])
    assert screen(window) == "fee_calculator"  # no identity needed
    calc = window.fee_calculator
    assert "请填写金额" in calc.total.text()
    qtbot.keyClicks(calc.amount, "100000")
    assert calc.total.text() == "费用：2,300.00 元"
    assert "超过1万元至10万元的部分" in calc.breakdown.text() and "以法院交费通知为准" in calc.notes.text()
    click(qtbot, calc.checks["feeSimple"].box)
    assert calc.total.text() == "费用：1,150.00 元"  # Art. 16
    choose(calc, "enforcement")
    assert not calc.checks["feeSimple"].isEnabled() and not calc.checks["feeSimple"].isChecked()
    calc.amount.clear()
    qtbot.keyClicks(calc.amount, "600000")
    assert calc.total.text() == "费用：8,400.00 元"  # 50 + 7,350 + 1,000
    assert "无需预交" in calc.notes.text()  # paid after enforcement (Art. 20)
    choose(calc, "labour")
    assert not calc.amount.isEnabled() and calc.total.text() == "费用：10.00 元"
    choose(calc, "payment_order")
    type_text(qtbot, calc.amount, "十万")
    assert calc.total.text().startswith("请以元为单位填写金额") and not calc.breakdown.text()
    click(qtbot, calc.done)
    assert screen(window) == "menu"
    click(qtbot, window.home_button)
    assert calc.amount.text() == "" and calc.kind.currentData() == "property"  # nothing left for the next person
