#!/usr/bin/env python3
"""The baseline for the import benchmark: parse a file alone, as the library reads it, and nothing else.

    python tests/tools/parse_only.py FILE      # .csv (csv module), .json (json module), .xlsx (openpyxl read-only)
    python tests/tools/parse_only.py --xlsx-from FILE.csv OUT.xlsx   # the same sheet as a workbook

Used with ../shared/bench/bench.py against `wor catalogue import FILE --out DIR --force`;
docs/catalogue.md ("Speed and limits") has the commands and the numbers.
"""
import sys


def main(path: str) -> None:
    if path.endswith(".csv"):
        import csv

        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f, delimiter=";"))
    elif path.endswith(".json"):
        import json

        with open(path, "rb") as f:
            rows = json.loads(f.read())
    else:
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        rows = list(book.worksheets[0].iter_rows(values_only=True))
    print(len(rows))


def xlsx_from(source: str, target: str) -> None:
    import csv

    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    with open(source, encoding="utf-8-sig", newline="") as f:
        for row in csv.reader(f, delimiter=";"):
            sheet.append(row)
    book.save(target)


if __name__ == "__main__":
    if sys.argv[1] == "--xlsx-from":
        xlsx_from(sys.argv[2], sys.argv[3])
    else:
        main(sys.argv[1])
