"""Server-side page templates of the court sandbox (``string.Template``; values are HTML-escaped)."""
