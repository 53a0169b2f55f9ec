"""Lists as spreadsheets: XLSX for people who work in Excel, CSV for everything else."""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def spreadsheet_response(name: str, headers: list[str], rows, fmt: str) -> HttpResponse:
    """A download of rows (lists of plain values) as `fmt` ("xlsx" or "csv"), named name-YYYYMMDD."""
    filename = f"{name}-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headers)
        writer.writerows(rows)
        # The BOM makes Excel read the file as UTF-8.
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(name[:31])
        bold = Font(bold=True)
        header_cells = [WriteOnlyCell(sheet, value=header) for header in headers]
        for cell in header_cells:
            cell.font = bold
        sheet.append(header_cells)
        for row in rows:
            # Every value is written as text, so a NIP keeps all 18 digits.
            sheet.append([str(value) if value is not None else "" for value in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
