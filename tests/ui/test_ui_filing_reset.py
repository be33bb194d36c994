"""A session reset in the middle of any wizard step leaves nothing of the litigant behind: no
draft, no text in any screen, nothing stored; the next litigant starts blank."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from tests.ui.steps import click, identify, read_notice, screen, sign, start_filing, type_text

SECRET = "王秘密"
STEPS = ("filing_start", "filing_parties", "filing_claims", "filing_evidence", "filing_fees", "filing_risk",
         "filing_address", "filing_review", "filing_sign")


def walk_to(qtbot, window, services, target):
    """Fill every step before `target` with the secret name somewhere, then stop on `target`."""
    click(qtbot, window.attract.start)
    click(qtbot, window.menu.tiles["filing"])
    identify(qtbot, window, services)
    f = window.filing
    if target == "filing_start":
        qtbot.waitUntil(lambda: screen(window) == "filing_start")
        click(qtbot, f.start.for_other)
        return
    start_filing(qtbot, window)
    type_text(qtbot, f.parties.name_edit, SECRET)
    if target == "filing_parties":
        return
    click(qtbot, f.parties.next)
    type_text(qtbot, f.claims.claims, f"判令{SECRET}还款。")
    type_text(qtbot, f.claims.facts, f"{SECRET}借款未还。")
    qtbot.keyClicks(f.claims.amount, "5000")
    if target == "filing_claims":
        return
    click(qtbot, f.claims.next)
    click(qtbot, f.evidence.add_evidence)
    type_text(qtbot, f.evidence._evidence_edits[0][0], f"{SECRET}的借条")
    if target == "filing_evidence":
        return
    click(qtbot, f.evidence.next)
    click(qtbot, f.fees.relief_check.box)
    if target == "filing_fees":
        return
    click(qtbot, f.fees.next)
    if target == "filing_risk":
        read_notice(qtbot, f.risk.notice)
        return
    read_notice(qtbot, f.risk.notice)
    click(qtbot, f.risk.next)
    form = f.address.form
    qtbot.keyClicks(form.fields["phone"], "13800000000")
    type_text(qtbot, form.fields["recipient"], SECRET)
    if target == "filing_address":
        return
    click(qtbot, form.confirmed.box)
    click(qtbot, f.address.next)
    if target == "filing_review":
        assert SECRET in f.review.text.toPlainText()
        return
    click(qtbot, f.review.confirm)
    sign(qtbot, f.sign.box.pad)


def texts(widget):
    from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QTextBrowser

    found = []
    for child in widget.findChildren(QLineEdit):
        found.append(child.text())
    for child in widget.findChildren(QPlainTextEdit):
        found.append(child.toPlainText())
    for child in widget.findChildren(QTextBrowser):
        found.append(child.toPlainText())
    for child in widget.findChildren(QLabel):
        found.append(child.text())
    return "\n".join(found)


@pytest.mark.parametrize("target", STEPS)
def test_a_reset_mid_step_leaves_nothing_behind(qtbot, app_parts, target):
    window, core, services = app_parts()
    walk_to(qtbot, window, services, target)
    assert screen(window) == target
    click(qtbot, window.home_button)  # 重新开始: the session is wiped
    qtbot.waitUntil(lambda: screen(window) == "attract")
    # rows taken out (an evidence item, a party) are hidden at once and deleted when the event
    # loop next turns, before it delivers anything else (ui.widgets.discard)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    f = window.filing
    assert f.draft is None and f.identity is None
    for step in f.screens:
        assert SECRET not in texts(step), step.name
    assert not f.sign.box.pad.is_signed() and not f.start.notice.acknowledged()
    assert [i for i in core.outbox.items() if i.kind in ("filing", "attachment")] == []
    # the next litigant starts from a blank wizard
    services.demo.remove_card()
    click(qtbot, window.attract.start)
    click(qtbot, window.menu.tiles["filing"])
    identify(qtbot, window, services)
    qtbot.waitUntil(lambda: screen(window) == "filing_start")
    assert f.draft.kind == "first_instance" and f.draft.filed_by == "self"
    assert f.start.for_self.isChecked() and not f.start.notice.acknowledged()
    assert [p.name for p in f.draft.defendants] == [""] and not f.draft.evidence and not f.draft.relief.kind
