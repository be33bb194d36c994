"""Screenshots of identity assurance (issue 17 §6) in zh_CN and en, into screenshots/production/: the
photo path's form with the card's validity field, and my cases asked for with a photo identity (the
panel saying a staff member must confirm it; this demo kiosk has no staff card reader).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/production/identity.py --lang zh_CN
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main() -> int:
    from kiosk.recognition.idcard_image import Field
    from scripts.shots import kiosk_shots, pump, wait

    with kiosk_shots("production", sep="_") as k:
        window, services, shot = k.window, k.services, k.shot
        pump(1.0)
        window.attract.start.click()
        wait(lambda: window.current == "menu")
        window.choose_service("filing")
        wait(lambda: window.current == "identify")
        ident = window.identify
        ident.photo_button.click()
        ident.photo._busy("reading")  # as the scan service reports while it reads
        values = {"name": "测试丙", "sex": "男", "nation": "汉", "birth_date": "1980年2月3日",
                  "address": "北京市朝阳区建国路1号", "id_number": "110105198002034175"}
        services.scan.card_read.emit({key: Field(value, 0.95) for key, value in values.items()})
        wait(lambda: ident.photo.read)
        for key, field in ident.photo.fields.items():
            if key == "valid_to":
                field.editor.setText("2020.01.01-2040.01.01")
            else:
                field.confirm_button.click()
        shot("identity_photo_form")
        ident.photo.confirm.click()
        wait(lambda: window.current == "filing_start")
        services.session.back()
        wait(lambda: window.current == "menu")
        window.menu.tiles["my_cases"].click()
        wait(lambda: window.current == "identify" and ident.confirm_panel.isVisible())
        shot("identity_needs_staff")
    return 0


if __name__ == "__main__":
    sys.exit(main())
