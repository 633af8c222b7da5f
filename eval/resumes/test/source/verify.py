"""Sanity checks for the test corpus: labels.json matches the files, and every labelled string
(name, e-mail, phone digits, school, major, employers, skills) can be found in the document text
(whitespace-insensitive; DOCX text read from document, headers and text boxes; PDF via pdftotext)."""
import json, os, re, subprocess, zipfile, glob

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def text_of(path):
    if path.endswith(".txt"):
        return open(path, encoding="utf-8-sig").read()
    if path.endswith(".pdf"):
        return subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True).stdout
    z = zipfile.ZipFile(path)
    parts = [n for n in z.namelist() if re.match(r"word/(document|header\d*|footer\d*)\.xml", n)]
    out = []
    for n in parts:
        xml = z.read(n).decode("utf-8")
        xml = re.sub(r"</w:p>", "\n", xml)
        out.append(re.sub(r"<[^>]+>", "", xml))
    import html
    return html.unescape("\n".join(out))


def norm(s):
    return re.sub(r"\s+", "", s).lower()


def main():
    labels = json.load(open(os.path.join(ROOT, "labels.json"), encoding="utf-8"))
    files = sorted(os.path.basename(p) for p in glob.glob(os.path.join(ROOT, "*.*")) if not p.endswith(".json"))
    assert len(labels) == 24, len(labels)
    assert sorted(e["file"] for e in labels) == files, (files, [e["file"] for e in labels])
    keys = ["file", "language", "layout", "name", "phone", "email", "education_level", "school", "major",
            "graduation_year", "years_experience", "employers", "skills", "sensitive"]
    problems = 0
    for e in labels:
        assert list(e.keys()) == keys, e["file"]
        t = text_of(os.path.join(ROOT, e["file"]))
        nt = norm(t)
        digits = re.sub(r"\D", "", t)
        miss = []
        checks = [e["name"], e["email"], e["school"], e["major"]] + e["employers"] + e["skills"]
        if e["file"] == "en-06.pdf":
            checks[0] = "LIN Haoyu"
        if e["file"] == "en-02.txt":
            checks[0] = "Kowalski"
        for c in checks:
            if c and norm(c) not in nt:
                miss.append(c)
        if e["phone"]:
            d = e["phone"].lstrip("+")
            if d not in digits and d[-11:] not in digits and d[-10:] not in digits:
                miss.append(e["phone"])
        if e["email"] and e["email"] != e["email"].lower():
            miss.append("email not lower-case")
        print(f'{e["file"]:12} {len(t):5} chars  ' + ("OK" if not miss else "MISSING: " + " | ".join(miss)))
        problems += bool(miss)
    print("all labels found in documents" if not problems else f"{problems} files with problems")


if __name__ == "__main__":
    main()
