"""Layout checks of a PDF report (pypdfium2): glyphs inside the text area, no near-empty
page except the title page and section ends, every caption on its figure's page.

The text area is the page less the template's margins (``template.typ``: 2.1 cm either
side, 2.2 cm at the top, 2.4 cm at the bottom); the page number in the bottom margin is
the one glyph run allowed outside it.
"""

import re

CM = 72 / 2.54
MARGIN = {"x": 2.1 * CM, "top": 2.2 * CM, "bottom": 2.4 * CM}
#: Slack for glyph boxes (points): side bearings, accents; descenders below the last line.
SLACK = 2.0
DESCENDERS = 3.0
#: A page must be filled at least this much, unless it is exempt.
MIN_FILL = 0.25
#: PDF page-object types that draw (path, image, shading, form).
GRAPHICS = {2, 3, 4, 5}


def _lines(textpage):
    """``[(text, left, bottom, right, top)]``, one per line of the page's text: a line ends
    at a line break or where the text moves up or down by more than half a line."""
    import pypdfium2.raw as raw

    count = textpage.count_chars()
    text = "".join(chr(raw.FPDFText_GetUnicode(textpage, i)) for i in range(count))
    out, line = [], []

    def close():
        if line:
            boxes = [box for _, box in line]
            out.append(("".join(c for c, _ in line), min(b[0] for b in boxes),
                        min(b[1] for b in boxes), max(b[2] for b in boxes),
                        max(b[3] for b in boxes)))
            line.clear()

    for i, char in enumerate(text):
        if char in "\r\n":
            close()
            continue
        if char.isspace() or char == "\0":
            continue
        box = textpage.get_charbox(i)
        if line and abs(box[1] - line[0][1][1]) > 0.5 * max(line[0][1][3] - line[0][1][1], 4):
            close()
        line.append((char, box))
    close()
    return out


def pages(path):
    """Per page: its size, text lines and graphics boxes."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    out = []
    try:
        for page in pdf:
            width, height = page.get_size()
            lines = _lines(page.get_textpage())
            graphics = [o.get_bounds() for o in page.get_objects(max_depth=4)
                        if o.type in GRAPHICS]
            out.append({"width": width, "height": height, "lines": lines,
                        "graphics": graphics})
    finally:
        pdf.close()
    return out


def _footer(line, page):
    return line[2] < MARGIN["bottom"] and re.fullmatch(r"\d+/\d+", line[0])


def _squeeze(text):
    """``text`` without white space (as the lines are read)."""
    return re.sub(r"\s+", "", text)


def problems(path, section_titles, title_words="Scenario file SHA-256"):
    """The layout problems of the PDF at ``path``, as sentences (none: a clean layout).
    ``section_titles`` are the level-1 headings that start a section on a new page."""
    found = []
    info = pages(path)
    title_words = _squeeze(title_words)
    heading = re.compile(r"^(\d+)?(" + "|".join(re.escape(_squeeze(t)) for t in section_titles)
                         + ")")
    for n, page in enumerate(info, start=1):
        left, right = MARGIN["x"] - SLACK, page["width"] - MARGIN["x"] + SLACK
        bottom, top = MARGIN["bottom"] - DESCENDERS, page["height"] - MARGIN["top"] + SLACK
        for line in page["lines"]:
            if _footer(line, page):
                continue
            text, x0, y0, x1, y1 = line
            if x0 < left or x1 > right or y0 < bottom or y1 > top:
                found.append(f"page {n}: text outside the text area ({x0:.0f}, {y0:.0f}, "
                             f"{x1:.0f}, {y1:.0f}): {text[:60]!r}")
        # fill: from the top of the text area to the lowest thing drawn
        body = [ln for ln in page["lines"] if not _footer(ln, page)]
        lows = [ln[2] for ln in body] + [g[1] for g in page["graphics"]
                                         if g[1] >= MARGIN["bottom"] - SLACK]
        area = page["height"] - MARGIN["top"] - MARGIN["bottom"]
        fill = (page["height"] - MARGIN["top"] - min(lows)) / area if lows else 0.0
        title = any(title_words in ln[0] for ln in body)
        last = n == len(info)
        following = info[n]["lines"] if not last else []
        section_end = last or (following and heading.match(following[0][0])) or \
            any(title_words in ln[0] for ln in following)
        if fill < MIN_FILL and not title and not section_end:
            found.append(f"page {n}: only {fill:.0%} full and not the end of a section")
        # captions: a figure's caption (below it) needs the figure above it on the page;
        # a table's caption (above it) needs rows below it on the page
        for text, _, y0, _, y1 in body:
            if re.match(r"Figure\d+:", text):
                if not any(g[1] >= y1 - SLACK for g in page["graphics"]):
                    found.append(f"page {n}: the caption {text[:20]!r} is not on its "
                                 "figure's page")
            elif re.match(r"Table\d+:", text):
                if not any(ln[3] < y0 for ln in body if ln[0] != text):
                    found.append(f"page {n}: the caption {text[:20]!r} is not on its "
                                 "table's page")
    return found
