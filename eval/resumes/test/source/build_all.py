"""Regenerate every file of the test resume corpus.

Needs: python-docx, reportlab, Pillow; LibreOffice (soffice) and fonts-wqy-zenhei for the
DOCX->PDF conversions and the reportlab CJK font; poppler-utils to verify the PDFs.
    python3 build_all.py
"""
import importlib, subprocess, sys, os

MODULES = ["build_txt",
           "build_zh05", "build_zh06", "build_zh07", "build_zh08",
           "build_en04", "build_en05", "build_mix02", "build_mix03",
           "build_zh09", "build_zh10", "build_zh11", "build_zh12",
           "build_en06", "build_en07", "build_en08", "build_mix04"]

if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    for m in MODULES:
        importlib.import_module(m).build()
        print("built", m)
