"""Pure domain rules: resident ID numbers, case numbers, litigation fees, masking.

Nothing in this package imports Qt, the configuration or any I/O; every
function is deterministic and tested on plain values.

- :mod:`kiosk.domain.idnumber` -- ``validate()`` / ``mask()`` resident ID numbers (GB 11643).
- :mod:`kiosk.domain.casenumber` -- ``parse()`` case numbers (案号), ``CaseNumber.format()``.
- :mod:`kiosk.domain.fees` -- Decree 481 fee calculator (``calculate()``, ``parse_amount()``).
- :mod:`kiosk.domain.masking` -- ``mask_name()``, ``mask_phone()``, ``mask_id()`` for screens and receipts.
"""
