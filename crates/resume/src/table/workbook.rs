//! Excel workbooks through calamine: XLSX (a ZIP of XML parts, checked against bombs
//! before calamine unpacks it) and XLS (the older binary format, which WPS still writes).
//! The first visible worksheet with a header row is read.

use std::io::{Cursor, Read};

use calamine::{Data, Dimensions, Range, Reader, SheetType, SheetVisible, Xls, Xlsx, XlsxError};

use super::{header_index, Cell, CellProblemKind, TableError, MAX_GRID_ROWS, MAX_ROWS};
use crate::ExtractError;

/// Most bytes an XLSX may unpack to: a 10,000-row list is a few megabytes.
const MAX_UNPACKED_BYTES: u64 = 128 * 1024 * 1024;
/// Most parts in an XLSX.
const MAX_PARTS: usize = 2_000;
/// Most columns read: candidate lists have a dozen or two.
const MAX_COLUMNS: u32 = 200;

const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Whether the bytes are an Excel workbook (or an Office container that may be one).
pub(super) fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(OLE_MAGIC) || bytes.starts_with(b"PK\x03\x04")
}

type SheetCells = (&'static str, String, Vec<Vec<Cell>>);

/// The format, the worksheet's name and its cells, row by row from the sheet's first row.
/// calamine runs on a thread of its own behind `catch_unwind`: a malformed file that makes
/// it panic is a damaged file, not a failed request.
pub(super) fn read(bytes: &[u8]) -> Result<SheetCells, TableError> {
    let owned = bytes.to_vec();
    let worker = std::thread::Builder::new()
        .name("xlsx-read".into())
        .spawn(move || std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_book(&owned))))
        .map_err(|_| ExtractError::Corrupt)?;
    match worker.join() {
        Ok(Ok(result)) => result,
        _ => Err(ExtractError::Corrupt.into()),
    }
}

fn read_book(bytes: &[u8]) -> Result<SheetCells, TableError> {
    if bytes.starts_with(OLE_MAGIC) {
        // A password-protected XLSX is an OLE container too; calamine tells which.
        match Xlsx::new(Cursor::new(bytes)) {
            Err(XlsxError::Password) => return Err(ExtractError::Encrypted.into()),
            Ok(mut book) => {
                return sheet(&mut book, "xlsx", |b, n| {
                    b.merge_cells_by_sheet_name(n).ok()
                })
            }
            Err(_) => {}
        }
        let mut book = Xls::new(Cursor::new(bytes)).map_err(|e| match e {
            calamine::XlsError::Password => ExtractError::Encrypted,
            // Old binary Word files (`.doc`) share the container.
            _ => ExtractError::Unsupported,
        })?;
        return sheet(&mut book, "xls", |b, n| b.merge_cells_by_sheet_name(n).ok());
    }
    check_unpacked_size(bytes)?;
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| match e {
        XlsxError::Password => ExtractError::Encrypted,
        // A ZIP that opens but has no workbook is a Word file, an archive…
        XlsxError::FileNotFound(_) => ExtractError::Unsupported,
        _ => ExtractError::Corrupt,
    })?;
    sheet(&mut book, "xlsx", |b, n| {
        b.merge_cells_by_sheet_name(n).ok()
    })
}

/// Unpacks every part once with a cap, so a small file that expands to gigabytes is
/// refused before calamine holds it in memory.
fn check_unpacked_size(bytes: &[u8]) -> Result<(), ExtractError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| ExtractError::Corrupt)?;
    if zip.len() > MAX_PARTS {
        return Err(ExtractError::ExpandsTooMuch);
    }
    let mut total: u64 = 0;
    let mut sink = [0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut part = match zip.by_index(i) {
            Ok(p) => p,
            Err(zip::result::ZipError::UnsupportedArchive(_)) => {
                return Err(ExtractError::Encrypted)
            }
            Err(_) => return Err(ExtractError::Corrupt),
        };
        if part.encrypted() {
            return Err(ExtractError::Encrypted);
        }
        loop {
            let n = part.read(&mut sink).map_err(|_| ExtractError::Corrupt)?;
            if n == 0 {
                break;
            }
            total += n as u64;
            if total > MAX_UNPACKED_BYTES {
                return Err(ExtractError::ExpandsTooMuch);
            }
        }
    }
    Ok(())
}

/// The first visible worksheet with a header row (or the first with any cells, which then
/// fails for want of a header).
fn sheet<'a, R, F>(book: &mut R, format: &'static str, merged: F) -> Result<SheetCells, TableError>
where
    R: Reader<Cursor<&'a [u8]>>,
    F: Fn(&mut R, &str) -> Option<Vec<Dimensions>>,
{
    let names: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect();
    let mut first: Option<(String, Vec<Vec<Cell>>)> = None;
    for name in names {
        let Ok(values) = book.worksheet_range(&name) else {
            continue;
        };
        if values.is_empty() {
            continue;
        }
        let formulas = book.worksheet_formula(&name).unwrap_or_default();
        let merges = merged(book, &name).unwrap_or_default();
        let grid = grid(&values, &formulas, &merges)?;
        if header_index(&grid).is_some() {
            return Ok((format, name, grid));
        }
        if first.is_none() {
            first = Some((name, grid));
        }
    }
    let (name, grid) = first.ok_or(TableError::NoRows)?;
    Ok((format, name, grid))
}

/// The worksheet's cells from row 1 and column A, merged areas filled from their
/// top-left cell.
fn grid(
    values: &Range<Data>,
    formulas: &Range<String>,
    merges: &[Dimensions],
) -> Result<Vec<Vec<Cell>>, TableError> {
    let Some((_, _)) = values.start() else {
        return Ok(Vec::new());
    };
    let (last_row, last_col) = values.end().unwrap_or((0, 0));
    if last_row as usize >= MAX_GRID_ROWS {
        return Err(TableError::TooManyRows { limit: MAX_ROWS });
    }
    let last_col = last_col.min(MAX_COLUMNS - 1);
    let mut grid: Vec<Vec<Cell>> = (0..=last_row)
        .map(|r| {
            (0..=last_col)
                .map(|c| cell(values.get_value((r, c)), formulas.get_value((r, c))))
                .collect()
        })
        .collect();
    for m in merges {
        let (top, left) = m.start;
        let Some(source) = grid
            .get(top as usize)
            .and_then(|row| row.get(left as usize))
            .cloned()
        else {
            continue;
        };
        for r in top..=m.end.0.min(last_row) {
            for c in left..=m.end.1.min(last_col) {
                grid[r as usize][c as usize] = source.clone();
            }
        }
    }
    Ok(grid)
}

/// A cell as people see it: numbers without a spurious `.0` (a phone stored as a number is
/// its digits), dates as dates, errors and uncalculated formulas as problems.
fn cell(value: Option<&Data>, formula: Option<&String>) -> Cell {
    let has_formula = formula.is_some_and(|f| !f.is_empty());
    match value.unwrap_or(&Data::Empty) {
        Data::Empty if has_formula => Cell {
            text: String::new(),
            problem: Some(CellProblemKind::FormulaWithoutValue),
        },
        Data::Empty => Cell::default(),
        // Programs that write formulas without calculating them leave the value empty
        // (openpyxl) or an empty string.
        Data::String(s) if s.is_empty() && has_formula => Cell {
            text: String::new(),
            problem: Some(CellProblemKind::FormulaWithoutValue),
        },
        Data::String(s) => Cell::text(s.clone()),
        Data::Int(i) => Cell::text(i.to_string()),
        Data::Float(f) => Cell::text(number(*f)),
        Data::Bool(b) => Cell::text(if *b { "TRUE" } else { "FALSE" }),
        Data::DateTime(dt) => Cell::text(match dt.as_datetime() {
            Some(t) if dt.is_datetime() => t.date().format("%Y-%m-%d").to_string(),
            _ => number(dt.as_f64()),
        }),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::text(s.clone()),
        Data::Error(e) => Cell {
            text: String::new(),
            problem: Some(CellProblemKind::FormulaError(e.to_string())),
        },
    }
}

fn number(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_people_see_them() {
        assert_eq!(number(13800138000.0), "13800138000");
        assert_eq!(number(3.5), "3.5");
        assert_eq!(number(2021.0), "2021");
    }
}
