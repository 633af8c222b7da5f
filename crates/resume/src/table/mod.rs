//! Candidate lists as spreadsheets: CSV (UTF-8, GBK/GB18030, UTF-16; comma, tab or
//! semicolon) and Excel workbooks (XLSX, and the older XLS that WPS and old Excel still
//! write), read into rows of the facts HR imports.
//!
//! The header row is found by its names (a title row above it is common), in Chinese or
//! English ([`columns`]). Cells are read as people see them: a phone stored as a number is
//! its digits, a merged cell's value belongs to every row it spans, a formula gives the
//! value Excel last computed, and a formula error (`#N/A`) or a formula never computed is
//! a problem of that row, named by its cell. What the row's values mean (is this a phone
//! number?) is for the caller; this module only says where each came from.

mod columns;
mod delimited;
mod workbook;

use std::collections::BTreeMap;

use serde::Serialize;
use thiserror::Error;

pub use columns::{meaning, ColumnField, HeaderMeaning};

use crate::ExtractError;

/// Largest spreadsheet read, in bytes.
pub const MAX_TABLE_BYTES: usize = 20 * 1024 * 1024;
/// Most candidate rows one import takes.
pub const MAX_ROWS: usize = 10_000;
/// How far down the header row may be (below a title, notes, a blank line).
const HEADER_SEARCH_ROWS: usize = 20;
/// Most rows a reader collects before giving up: the header's search window, the rows
/// allowed and as many again for blank lines between them.
const MAX_GRID_ROWS: usize = HEADER_SEARCH_ROWS + 2 * MAX_ROWS;

/// A spreadsheet's candidate rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// `csv`, `xlsx` or `xls`.
    pub format: &'static str,
    /// The worksheet read (workbooks only).
    pub sheet: Option<String>,
    /// The spreadsheet's row number of the header.
    pub header_row: usize,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

/// A column of the header row and what it holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    /// `A`, `B`, … as spreadsheets name columns.
    pub letter: String,
    pub header: String,
    pub use_: ColumnUse,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "field")]
pub enum ColumnUse {
    Field(ColumnField),
    /// A second column for a field already taken: the first one is read.
    Duplicate(ColumnField),
    /// A fact screening must not use (gender, age, ID number…): left out.
    Sensitive,
    /// A column the import does not know (remarks, source…): left out.
    Ignored,
}

/// One row below the header that is not blank.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// The spreadsheet's row number (the header's is [`Table::header_row`]).
    pub number: usize,
    /// The trimmed text of each field's cell; blank cells are left out.
    pub values: BTreeMap<ColumnField, String>,
    /// Cells of this row that gave no value to read.
    pub problems: Vec<CellProblem>,
}

/// A cell whose value cannot be read, e.g. `D7` holding `#DIV/0!`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellProblem {
    pub cell: String,
    pub field: ColumnField,
    pub kind: CellProblemKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "error")]
pub enum CellProblemKind {
    /// The formula's last result is an error such as `#N/A`.
    FormulaError(String),
    /// A formula the file holds no computed value for (saved by a program that does not
    /// calculate).
    FormulaWithoutValue,
}

impl CellProblem {
    pub fn zh(&self) -> String {
        match &self.kind {
            CellProblemKind::FormulaError(e) => {
                format!(
                    "单元格 {}（{}）的公式结果是错误 {e}",
                    self.cell,
                    self.field.zh()
                )
            }
            CellProblemKind::FormulaWithoutValue => format!(
                "单元格 {}（{}）是没有计算结果的公式，请在 Excel 中打开并保存后再导入",
                self.cell,
                self.field.zh()
            ),
        }
    }

    pub fn en(&self) -> String {
        match &self.kind {
            CellProblemKind::FormulaError(e) => format!(
                "cell {} ({}) holds a formula whose result is the error {e}",
                self.cell,
                self.field.en()
            ),
            CellProblemKind::FormulaWithoutValue => format!(
                "cell {} ({}) holds a formula that was never calculated; open and save the file in Excel, then import it again",
                self.cell,
                self.field.en()
            ),
        }
    }
}

/// Why a spreadsheet gave no rows, in words for the person who uploaded it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TableError {
    #[error(transparent)]
    File(#[from] ExtractError),
    #[error("no header row naming a name column was found")]
    NoHeader,
    #[error("more than {limit} rows")]
    TooManyRows { limit: usize },
    #[error("no candidate rows below the header")]
    NoRows,
}

impl TableError {
    pub fn code(&self) -> &'static str {
        match self {
            TableError::File(e) => e.code(),
            TableError::NoHeader => "no_header",
            TableError::TooManyRows { .. } => "too_many_rows",
            TableError::NoRows => "no_rows",
        }
    }

    pub fn zh(&self) -> String {
        match self {
            TableError::File(ExtractError::Unsupported) => {
                "不支持这种文件，请上传 CSV 或 Excel（XLSX、XLS）表格。".into()
            }
            TableError::File(e) => e.zh(),
            TableError::NoHeader => {
                "没有找到表头：表格前几行中应有「姓名」一列，以及「手机」「邮箱」「学历」等列名。"
                    .into()
            }
            TableError::TooManyRows { limit } => {
                format!("表格超过 {limit} 行，请拆分成几个文件分别导入。")
            }
            TableError::NoRows => "表头下面没有候选人数据。".into(),
        }
    }

    pub fn en(&self) -> String {
        match self {
            TableError::File(ExtractError::Unsupported) => {
                "This kind of file is not supported; upload a CSV or an Excel (XLSX, XLS) spreadsheet.".into()
            }
            TableError::File(e) => e.en(),
            TableError::NoHeader => "No header row was found: one of the first rows should name a \"Name\" column and others such as \"Phone\", \"E-mail\" or \"Education\".".into(),
            TableError::TooManyRows { limit } => {
                format!("The spreadsheet has more than {limit} rows; split it into several files.")
            }
            TableError::NoRows => "There are no candidate rows below the header.".into(),
        }
    }
}

/// A cell as read: its text, or why it has none.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Cell {
    pub text: String,
    pub problem: Option<CellProblemKind>,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            problem: None,
        }
    }

    fn is_blank(&self) -> bool {
        self.problem.is_none() && self.text.trim().is_empty()
    }
}

/// Reads a spreadsheet. The bytes decide the format, not the file's name.
pub fn read(bytes: &[u8]) -> Result<Table, TableError> {
    if bytes.len() > MAX_TABLE_BYTES {
        return Err(ExtractError::TooLarge {
            limit_mb: MAX_TABLE_BYTES / (1024 * 1024),
        }
        .into());
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ExtractError::Empty.into());
    }
    let (format, sheet, grid) = if workbook::is_workbook(bytes) {
        let (format, sheet, grid) = workbook::read(bytes)?;
        (format, Some(sheet), grid)
    } else if crate::text::looks_like_text(bytes) && !bytes.starts_with(b"%PDF") {
        ("csv", None, delimited::read(bytes)?)
    } else {
        return Err(ExtractError::Unsupported.into());
    };
    assemble(format, sheet, grid)
}

/// The header row, its columns and the rows under it.
fn assemble(
    format: &'static str,
    sheet: Option<String>,
    grid: Vec<Vec<Cell>>,
) -> Result<Table, TableError> {
    let header_index = header_index(&grid).ok_or(TableError::NoHeader)?;
    let mut taken = Vec::new();
    let columns: Vec<Column> = grid[header_index]
        .iter()
        .enumerate()
        .map(|(i, cell)| {
            let use_ = match meaning(&cell.text) {
                HeaderMeaning::Field(f) if taken.contains(&f) => ColumnUse::Duplicate(f),
                HeaderMeaning::Field(f) => {
                    taken.push(f);
                    ColumnUse::Field(f)
                }
                HeaderMeaning::Sensitive => ColumnUse::Sensitive,
                HeaderMeaning::Other => ColumnUse::Ignored,
            };
            Column {
                letter: column_letter(i),
                header: cell.text.trim().chars().take(100).collect(),
                use_,
            }
        })
        .filter(|c| !(c.header.is_empty() && c.use_ == ColumnUse::Ignored))
        .collect();
    let fields: Vec<(usize, ColumnField)> = grid[header_index]
        .iter()
        .enumerate()
        .filter_map(|(i, _)| {
            let letter = column_letter(i);
            columns
                .iter()
                .find(|c| c.letter == letter)
                .and_then(|c| match c.use_ {
                    ColumnUse::Field(f) => Some((i, f)),
                    _ => None,
                })
        })
        .collect();
    let mut rows = Vec::new();
    for (offset, cells) in grid.iter().enumerate().skip(header_index + 1) {
        let number = offset + 1;
        let mut row = Row {
            number,
            values: BTreeMap::new(),
            problems: Vec::new(),
        };
        for &(i, field) in &fields {
            let Some(cell) = cells.get(i) else { continue };
            if let Some(kind) = &cell.problem {
                row.problems.push(CellProblem {
                    cell: format!("{}{number}", column_letter(i)),
                    field,
                    kind: kind.clone(),
                });
            } else if !cell.is_blank() {
                let value: String = cell.text.trim().chars().take(500).collect();
                row.values.insert(field, value);
            }
        }
        if row.values.is_empty() && row.problems.is_empty() {
            continue;
        }
        if rows.len() == MAX_ROWS {
            return Err(TableError::TooManyRows { limit: MAX_ROWS });
        }
        rows.push(row);
    }
    if rows.is_empty() {
        return Err(TableError::NoRows);
    }
    Ok(Table {
        format,
        sheet,
        header_row: header_index + 1,
        columns,
        rows,
    })
}

/// The index of the header row: the first of the top rows that names a name column and
/// at least one other field.
pub(crate) fn header_index(grid: &[Vec<Cell>]) -> Option<usize> {
    grid.iter().take(HEADER_SEARCH_ROWS).position(|row| {
        let fields: Vec<ColumnField> = row
            .iter()
            .filter_map(|c| match meaning(&c.text) {
                HeaderMeaning::Field(f) => Some(f),
                _ => None,
            })
            .collect();
        fields.contains(&ColumnField::Name) && fields.len() >= 2
    })
}

/// `A`, `B`, … `Z`, `AA`, … for a zero-based column index.
pub fn column_letter(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII letters")
}

#[cfg(test)]
mod tests;
