"""The documents a filing prints: the complaint (or appeal, enforcement or mediation
application) and its evidence list as HTML (`complaint`), and HTML to an A4 PDF (`pdf`)."""

from kiosk.documents.complaint import chinese_date, complaint_html, document_title, evidence_list_html
from kiosk.documents.pdf import RenderError, render_pdf

__all__ = ["RenderError", "chinese_date", "complaint_html", "document_title", "evidence_list_html", "render_pdf"]
