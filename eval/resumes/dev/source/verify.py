#!/usr/bin/env python3
"""Cross-check labels.json against the text that can be extracted from each file: every labelled string
(name, school, major, employers, skills) must occur in it (whitespace ignored), phone digits and the email
must occur, and any 18-digit ID number must have a valid check digit."""
import json, re, subprocess, sys
from pathlib import Path
from docx import Document
sys.path.insert(0, str(Path(__file__).parent))
from idnum import valid

D = Path(__file__).resolve().parent.parent

def text_of(p):
    if p.suffix == ".txt":
        return p.read_text(encoding="utf-8-sig")
    if p.suffix == ".pdf":
        return subprocess.run(["pdftotext", "-layout", str(p), "-"], capture_output=True, text=True).stdout
    doc = Document(p)
    parts = [x.text for x in doc.paragraphs]
    def walk(tables):
        for t in tables:
            for row in t.rows:
                for c in row.cells:
                    parts.extend(x.text for x in c.paragraphs)
                    walk(c.tables)
    walk(doc.tables)
    return "\n".join(parts)

bad = 0
for lab in json.load(open(D / "labels.json", encoding="utf-8")):
    t = text_of(D / lab["file"])
    flat = re.sub(r"\s+", "", t).lower()
    digits = re.sub(r"\D", "", t)
    probs = []
    def need(s, what):
        if s and re.sub(r"\s+", "", s).lower() not in flat:
            probs.append(f"{what}: {s!r}")
    nm = lab["name"]
    if lab["file"] == "en-06.pdf":
        need("WHITAKER, Thomas", "name")
    else:
        need(nm, "name")
    need(lab["email"], "email")
    need(lab["school"], "school"); need(lab["major"], "major")
    for e in lab["employers"]: need(e, "employer")
    for s in lab["skills"]: need(s, "skill")
    ph = lab["phone"].lstrip("+")
    # accepted writings: with country code, UK '+44 (0)7700…', US number written without '+1'
    if not any(v in digits for v in (ph, ph.replace("447700", "4407700"), ph[1:] if ph.startswith("1") else ph)):
        probs.append(f"phone {ph}")
    for idn in re.findall(r"(?<!\d)\d{17}[\dXx](?!\d)", t):
        if not valid(idn):
            probs.append(f"bad id {idn}")
        elif "id_number" not in lab["sensitive"]:
            probs.append("id present but not labelled")
    if "id_number" in lab["sensitive"] and not re.search(r"(?<!\d)\d{17}[\dXx](?!\d)", t):
        probs.append("id labelled but not found")
    print(f"{lab['file']:12s} {'OK' if not probs else probs}")
    bad += bool(probs)
sys.exit(1 if bad else 0)
