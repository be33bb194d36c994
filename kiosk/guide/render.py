"""An entry's text for the screen (HTML) and for search (plain text).

The body's markup is deliberately small, so a court can edit it in any text editor:
paragraphs are separated by a blank line, a line starting with "- " is a bullet, a line
starting with "## " is a subheading.
"""

from __future__ import annotations

from html import escape

LABELS = {
    "zh_CN": {"law": "法律依据", "materials": "需要准备的材料", "needed": "通常需要", "maybe": "视情况需要",
              "counter": "窗口", "serves": "办理业务", "where": "位置", "related": "相关内容"},
    "en": {"law": "Legal basis", "materials": "Materials to bring", "needed": "usually needed",
           "maybe": "sometimes needed", "counter": "Counter", "serves": "What it serves", "where": "Where",
           "related": "Related"},
}


def plain_text(markup: str) -> str:
    lines = []
    for line in markup.splitlines():
        stripped = line.strip()
        if stripped.startswith("## "):
            stripped = stripped[3:]
        elif stripped.startswith("- "):
            stripped = stripped[2:]
        lines.append(stripped)
    return "\n".join(lines).strip()


def body_html(markup: str) -> str:
    """The body's paragraphs, bullets and subheadings as HTML (text escaped)."""
    out: list[str] = []
    bullets: list[str] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            out.append("<p>" + "<br>".join(escape(p) for p in paragraph) + "</p>")
            paragraph.clear()
        if bullets:
            out.append("<ul>" + "".join(f"<li>{escape(b)}</li>" for b in bullets) + "</ul>")
            bullets.clear()

    for line in markup.splitlines():
        stripped = line.strip()
        if not stripped:
            flush()
        elif stripped.startswith("## "):
            flush()
            out.append(f"<h3>{escape(stripped[3:])}</h3>")
        elif stripped.startswith("- "):
            if paragraph:
                flush()
            bullets.append(stripped[2:])
        else:
            if bullets:
                flush()
            paragraph.append(stripped)
    flush()
    return "\n".join(out)


def entry_html(content, entry, language: str, counters=()) -> str:
    """The whole article: title, body, its checklist or the hall's counters, the law it rests on."""
    labels = LABELS["en" if language == "en" else "zh_CN"]
    parts = [f"<h2>{escape(entry.title.get(language))}</h2>", body_html(entry.body.get(language))]
    if entry.action == "checklist":
        open_, close = ("（", "）") if language != "en" else (" (", ")")
        items = "".join(
            f"<li>{escape(name.get(language))}<span style='color:#6b7686'>{open_}"
            f"{labels['needed'] if m.needed else labels['maybe']}{close}</span></li>"
            for m, name in content.checklist(entry))
        parts.append(f"<h3>{labels['materials']}</h3><ul>{items}</ul>")
    if entry.action == "hall_map" and counters:
        rows = "".join(
            f"<tr><td style='padding:6px 14px;font-weight:bold'>{escape(c.number)}</td>"
            f"<td style='padding:6px 14px'>{escape(c.serves(language))}</td>"
            f"<td style='padding:6px 14px;color:#6b7686'>{escape(c.location(language))}</td></tr>"
            for c in counters)
        parts.append(
            "<table cellspacing='0' border='1' style='border-collapse:collapse;border-color:#b8c2d6'>"
            f"<tr><th style='padding:6px 14px'>{labels['counter']}</th><th style='padding:6px 14px'>"
            f"{labels['serves']}</th><th style='padding:6px 14px'>{labels['where']}</th></tr>{rows}</table>")
    if entry.law:
        laws = "".join(f"<li>{escape(t.get(language))}</li>" for t in entry.law)
        parts.append(f"<h3>{labels['law']}</h3><ul style='color:#3d4756'>{laws}</ul>")
    return "\n".join(parts)
