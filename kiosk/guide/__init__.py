"""诉讼指南: the litigation guide's content (data files with a schema), its search and its CLI.

Qt-free. `content` loads and validates the bilingual TOML files in ``assets/guide/`` (or a
court's own folder, config ``guide.content_dir``); `hall` parses the hall's counters from the
configuration (``hall.counters``); `search` builds the in-memory full-text index (SQLite FTS5,
trigram tokenizer) and answers questions; `render` turns an entry into the HTML the screen
shows; `cli` is ``kiosk guide``.
"""
