#!/usr/bin/env python3
"""Regenerate every file of the dev resume set from the hand-written sources in this folder.

Needs: python-docx, reportlab, Pillow; LibreOffice (soffice), fonts-wqy-zenhei, poppler-utils.
  apt-get install -y libreoffice-writer-nogui fonts-wqy-zenhei poppler-utils
  pip install python-docx reportlab pillow
Usage: python3 build.py            (writes ../*.txt, ../*.docx, ../*.pdf and checks pdftotext output)
"""
import importlib.util
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SRC = Path(__file__).resolve().parent
OUT = SRC.parent
ASSETS = SRC / "assets"

TXT = ["zh-01", "zh-02", "zh-03", "zh-04", "zh-05", "en-01", "en-02", "mix-01"]
DOCX = ["zh-06", "zh-07", "zh-08", "zh-09", "zh-10", "en-03", "en-04", "mix-02"]
PDF_REPORTLAB = ["zh-11", "zh-12", "en-05", "mix-04"]
PDF_LIBREOFFICE = ["zh-13", "en-06", "en-07", "mix-03"]   # scripts write a DOCX, soffice converts it


def load(path):
    spec = importlib.util.spec_from_file_location(path.stem.replace("-", "_"), path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main():
    sys.path.insert(0, str(SRC))
    subprocess.run([sys.executable, str(SRC / "make_photos.py")], check=True)
    for n in TXT:   # the .txt resumes are their own sources (byte-exact, incl. BOM/CRLF of zh-03)
        shutil.copyfile(SRC / "txt" / f"{n}.txt", OUT / f"{n}.txt")
    for n in DOCX:
        load(SRC / "docx" / f"{n}.py").build(str(OUT / f"{n}.docx"), ASSETS)
    for n in PDF_REPORTLAB:
        load(SRC / "pdf" / f"{n}.py").build(str(OUT / f"{n}.pdf"), ASSETS)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for n in PDF_LIBREOFFICE:
            load(SRC / "pdf" / f"{n}.py").build(str(tmp / f"{n}.docx"), ASSETS)
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/lo-profile",
                        "--convert-to", "pdf", "--outdir", str(OUT)]
                       + [str(tmp / f"{n}.docx") for n in PDF_LIBREOFFICE],
                       check=True, stdout=subprocess.DEVNULL)
    # every PDF must carry a real text layer
    for pdf in sorted(OUT.glob("*.pdf")):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert len(text.strip()) > 300, f"{pdf.name}: no text layer?"
        print(f"{pdf.name}: {len(text)} chars of text")
    print("done")


if __name__ == "__main__":
    main()
