"""HTML: a whole, self-contained page that prints as an A4 letter.

Every piece of text is escaped here, whatever its origin, so markup can only
come from the block structure. The page carries a Content-Security-Policy
that forbids scripts and outside resources: opened from a mail attachment it
loads nothing and reports to no one.
"""

from __future__ import annotations

from html import escape

from wor_cli.documents.model import Bullets, Document, Heading, Line, Paragraph

STYLE = """
@page { size: A4; margin: 20mm 20mm 20mm 25mm; }
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; font-size: %(size)s;
       line-height: 1.45; color: #000; max-width: 44em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.5em; margin: 1.2em 0 .5em; }
h2 { font-size: 1.25em; margin: 1.2em 0 .4em; }
h3 { font-size: 1.05em; margin: 1em 0 .3em; }
p { margin: 0 0 .9em; }
ul { margin: 0 0 .9em; padding-left: 1.3em; }
li { margin: 0 0 .25em; }
.right { text-align: right; }
footer { margin-top: 3em; font-size: .75em; color: #555; text-align: center; }
@media print { body { margin: 0; max-width: none; padding: 0; } }
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'"


def write(document: Document) -> str:
    body = []
    for block in document.blocks:
        attrs = ' class="right"' if block.align == "right" else ""
        if isinstance(block, Heading):
            inner = "<br>\n".join(_line(line) for line in block.lines)
            body.append(f"<h{block.level}{attrs}>{inner}</h{block.level}>")
        elif isinstance(block, Paragraph):
            body.append(f"<p{attrs}>" + "<br>\n".join(_line(line) for line in block.lines) + "</p>")
        elif isinstance(block, Bullets):
            items = ["<li>" + "<br>\n".join(_line(line) for line in item) + "</li>" for item in block.items]
            body.append(f"<ul{attrs}>\n" + "\n".join(items) + "\n</ul>")
    if document.footer:
        body.append(f"<footer>{escape(document.footer)}</footer>")
    size = "15pt" if document.large else "11pt"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(document.lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(document.title)}</title>\n"
        + (f'<meta name="author" content="{escape(document.author)}">\n' if document.author else "")
        + f"<style>{STYLE % {'size': size}}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def _line(line: Line) -> str:
    return "".join(
        f"<strong>{escape(run.text)}</strong>" if run.bold else escape(run.text) for run in line
    )
