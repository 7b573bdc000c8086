"""The consent text as HTML for on-screen reading; every piece of text is escaped."""

from __future__ import annotations

from html import escape

from consult_app.domain.texts import ConsentTemplate


def consent_html(text: ConsentTemplate) -> str:
    parts = [f"<h2>{escape(text.title)}</h2>", f"<p>{escape(text.intro)}</p>"]
    for section in text.sections:
        parts.append(f"<h3>{escape(section.heading)}</h3>")
        parts.extend(f"<p>{escape(p)}</p>" for p in section.paragraphs)
        if section.bullets:
            items = "".join(f"<li>{escape(b)}</li>" for b in section.bullets)
            parts.append(f"<ul>{items}</ul>")
    parts.append("<h3>By signing, I confirm that</h3>")
    parts.append("<ul>" + "".join(f"<li>{escape(d)}</li>" for d in text.declarations) + "</ul>")
    parts.append(f"<p style='color:#555'>Consent version {escape(text.version)}</p>")
    return "\n".join(parts)
