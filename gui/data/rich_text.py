"""Rich text for the Data page: advice, the SageMaker input plan (from knowledge results)."""

from __future__ import annotations

from sagewise.gui import theme
from sagewise.gui.wording import plural


def esc(text: str) -> str:
    """Text safe inside Qt rich text."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def advice_html(s: dict) -> str:
    """Target, time column, advice, wizard answers and strong correlations."""
    muted = theme.muted_colour()
    out = []
    t = s.get("target")
    if t:
        shares = ", ".join(f"{esc(k)}: {v:.1%}" for k, v in (t.get("classes") or [])[:6])
        out.append(f"<p><b>Target {esc(t['name'])}</b>: {t['problem']}"
                   + (f" ({shares})" if shares else "") + "</p>")
    tm = s.get("time")
    if tm:
        out.append(f"<p><b>Time column {esc(tm['name'])}</b>: {esc(tm['start'])} to "
                   f"{esc(tm['end'])}, step {esc(tm['step'] or '?')}, "
                   + ("in order" if tm["sorted"] else "<b>not in time order</b>")
                   + (f", {plural(tm['gaps'], 'gap')}" if tm.get("gaps") else "")
                   + (f", {tm['series']:,} series (one per {esc(tm['series_column'])})"
                      if tm.get("series_column") else "")
                   + "</p>")
    advice = s.get("advice") or []
    if advice:
        out.append("<h3>Advice</h3><ul>")
        for a in advice:
            where = f" <i>{esc(a['column'])}</i>" if a["column"] else ""
            out.append(f"<li><code><b>{a['id']}</b></code>{where}: {esc(a['why'])}</li>")
        out.append("</ul>")
    else:
        out.append("<p>No preparation advice: the columns look ready.</p>")
    answers = s.get("answers") or {}
    if answers:
        out.append("<h3>Wizard answers from the data</h3><ul>")
        from sagewise.knowledge.data.answers import answer_lines

        for prompt, label, why in answer_lines(answers, s.get("evidence") or {}):
            out.append(f"<li>{esc(prompt)} <b>{esc(label)}</b> "
                       f"<span style='color:{muted}'>({esc(why)})</span></li>")
        out.append(f"</ul><p style='color:{muted}'>Use in wizard sends these as suggestions; the "
                   "wizard asks you to confirm each.</p>")
    corr = [c for c in s.get("correlations") or [] if abs(c[2] or 0) >= 0.7][:5]
    if corr:
        out.append("<h3>Strongly correlated numbers</h3><ul>" + "".join(
            f"<li>{esc(a)} ~ {esc(b)}: r = {r:+.2f}</li>" for a, b, r in corr) + "</ul>")
    return "".join(out)


def shape_html(shape) -> str:
    """A computed Shape: accepted types, the chosen layout, the SDK call, the column plan."""
    out = [(f"<p><b>{esc(shape.algorithm)}</b> trains on "
           f"{', '.join('<code>' + esc(c) + '</code>' for c in shape.accepted)}.</p>"),
           (f"<p>Prepared as <code><b>{esc(shape.content_type)}</b></code>: "
           f"{esc(shape.layout)}.</p>")]
    if shape.how:
        out.append(f"<pre>{esc(shape.how)}</pre>")
    if shape.steps:
        out.append("<h3>Column plan</h3><ul>")
        for st in shape.steps:
            out.append(f"<li><i>{esc(st.column)}</i>: <b>{st.action}</b>"
                       + (f" - {esc(st.detail)}" if st.detail else "") + "</li>")
        out.append("</ul>")
    out += [f"<p>{esc(n)}</p>" for n in shape.notes]
    if shape.writes and not shape.writable:
        out.append(f"<p>Convert writes the {esc(shape.writes)} these lines read.</p>")
    return "".join(out)


def saved_shape_html(shape: dict) -> str:
    """A shape restored from a session (no data behind it yet)."""
    return (f"<p><b>{esc(shape.get('algorithm', ''))}</b>: "
            f"<code>{esc(shape.get('content_type', ''))}</code> - "
            f"{esc(shape.get('layout', ''))}</p><p>Re-open the dataset to convert it.</p>")
