"""Recompute years_experience for every labelled resume from the full-time job intervals read off
the documents by hand, and compare with labels.json.
Rules: months = end - start; "present/至今/now/Since" = 2026-12; year-only dates = January;
overlaps counted once; internships, externships, part-time (兼职) jobs and career breaks excluded."""
import json, os
from decimal import Decimal, ROUND_HALF_UP

P = (2026, 12)
JOBS = {
    "zh-01.txt": [((2008, 3), (2011, 3)), ((2011, 4), (2016, 8)), ((2016, 9), (2025, 11))],
    "zh-02.txt": [((2017, 7), (2021, 2)), ((2021, 3), P)],
    "zh-03.txt": [((2018, 7), (2021, 6)), ((2021, 7), P)],
    "zh-04.txt": [((2008, 7), (2012, 12)), ((2013, 2), (2019, 3)), ((2019, 4), P)],
    "en-01.txt": [((2016, 6), (2018, 7)), ((2018, 8), (2022, 2)), ((2022, 3), P)],
    "en-02.txt": [((1997, 1), (2004, 1)), ((2004, 1), (2017, 1)), ((2017, 1), (2019, 1)), ((2020, 1), P)],
    "en-03.txt": [((2013, 7), (2016, 8)), ((2016, 9), (2020, 2)), ((2024, 10), P)],
    "mix-01.txt": [((2019, 7), (2020, 3)), ((2020, 5), (2022, 2)), ((2022, 3), P)],
    "zh-05.docx": [((2020, 7), (2023, 7)), ((2023, 8), P)],
    "zh-06.docx": [((2017, 7), (2021, 3)), ((2021, 4), P)],
    "zh-07.docx": [((2018, 9), (2022, 2)), ((2022, 3), P)],
    "zh-08.docx": [((1998, 7), (2001, 6)), ((2001, 7), (2008, 2)), ((2008, 3), (2016, 4)), ((2016, 5), P)],
    "en-04.docx": [((2013, 6), (2016, 8)), ((2016, 9), (2020, 6)), ((2020, 7), P)],
    "en-05.docx": [((2013, 7), (2016, 8)), ((2016, 9), (2020, 6)), ((2020, 7), (2022, 9)), ((2022, 10), P)],
    "mix-02.docx": [((2014, 7), (2018, 12)), ((2019, 1), P), ((2020, 3), (2023, 12))],
    "mix-03.docx": [((2016, 8), (2018, 2)), ((2018, 3), (2021, 8)), ((2021, 9), P)],
    "zh-09.pdf": [((2016, 7), (2018, 1)), ((2018, 3), (2021, 4)), ((2021, 5), P)],
    "zh-10.pdf": [((2006, 3), (2014, 2)), ((2014, 4), (2020, 6)), ((2020, 7), P)],
    "zh-11.pdf": [((2021, 1), (2023, 3)), ((2023, 4), P)],
    "zh-12.pdf": [],
    "en-06.pdf": [((2013, 1), (2016, 1)), ((2016, 1), (2021, 1)), ((2021, 1), P)],
    "en-07.pdf": [((2012, 6), (2015, 2)), ((2015, 3), (2018, 12)), ((2019, 1), P)],
    "en-08.pdf": [((2016, 10), (2022, 12)), ((2023, 1), P)],
    "mix-04.pdf": [((2015, 7), (2019, 5)), ((2019, 6), P)],
}


def years(iv):
    months = set()
    for (sy, sm), (ey, em) in iv:
        for m in range(sy * 12 + sm, ey * 12 + em):
            months.add(m)
    n = len(months)
    return n, float((Decimal(n) / Decimal(12)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


if __name__ == "__main__":
    labels = json.load(open(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "labels.json")))
    bad = 0
    for e in labels:
        n, y = years(JOBS[e["file"]])
        ok = abs(y - e["years_experience"]) < 1e-9
        tie = (n * 10) % 12 == 6
        print(f'{e["file"]:12} months={n:4} -> {y:5}  label={e["years_experience"]:5}  {"OK" if ok else "MISMATCH"}'
              f'{"  (x.x5 rounding tie!)" if tie else ""}')
        bad += (not ok) or tie
    print("all good" if not bad else f"{bad} problems")
