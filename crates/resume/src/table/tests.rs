use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

use super::*;

fn gbk(text: &str) -> Vec<u8> {
    encoding_rs::GBK.encode(text).0.into_owned()
}

fn value(row: &Row, field: ColumnField) -> Option<&str> {
    row.values.get(&field).map(String::as_str)
}

#[test]
fn csv_in_utf8_with_a_title_row_above_the_header() {
    let csv = "\u{FEFF}2026 校园招聘候选人名单,,,\n\n姓名,手机号码,邮箱,最高学历,工作年限,备注\n\
               王芳,138 0013 8000,WANG@Example.com,本科,3,内推\n,,,,,\n李雷,13900139000,,硕士,,\n";
    let table = read(csv.as_bytes()).unwrap();
    assert_eq!(table.format, "csv");
    assert_eq!(table.header_row, 3);
    assert_eq!(table.rows.len(), 2, "the blank row is skipped");
    let first = &table.rows[0];
    assert_eq!(first.number, 4);
    assert_eq!(value(first, ColumnField::Name), Some("王芳"));
    assert_eq!(value(first, ColumnField::Phone), Some("138 0013 8000"));
    assert_eq!(value(first, ColumnField::Email), Some("WANG@Example.com"));
    assert_eq!(value(first, ColumnField::EducationLevel), Some("本科"));
    assert_eq!(value(first, ColumnField::YearsExperience), Some("3"));
    assert_eq!(table.rows[1].number, 6);
    assert_eq!(value(&table.rows[1], ColumnField::Email), None);
    let remarks = table.columns.iter().find(|c| c.header == "备注").unwrap();
    assert_eq!(remarks.use_, ColumnUse::Ignored);
    assert_eq!(remarks.letter, "F");
}

#[test]
fn csv_in_gbk_and_gb18030_reads_like_utf8() {
    let text = "姓名,手机,学历,毕业院校,专业\n张伟,13800138000,大专,深圳职业技术学院,软件技术\n";
    let utf8 = read(text.as_bytes()).unwrap();
    let from_gbk = read(&gbk(text)).unwrap();
    let from_gb18030 = read(&encoding_rs::GB18030.encode(text).0).unwrap();
    assert_eq!(from_gbk.rows, utf8.rows);
    assert_eq!(from_gb18030.rows, utf8.rows);
    assert_eq!(
        value(&from_gbk.rows[0], ColumnField::School),
        Some("深圳职业技术学院")
    );
}

#[test]
fn tab_and_semicolon_separated_lists_with_english_headers() {
    let tsv = "Full Name\tMobile\tE-mail\tDegree\tYears of Experience\tSkills\n\
               Emily Chen\t+86 139 0013 9000\temily@example.com\tMaster's\t4.5\t\"Rust, Go\"\n";
    let table = read(tsv.as_bytes()).unwrap();
    let row = &table.rows[0];
    assert_eq!(value(row, ColumnField::Name), Some("Emily Chen"));
    assert_eq!(value(row, ColumnField::Skills), Some("Rust, Go"));
    assert_eq!(value(row, ColumnField::YearsExperience), Some("4.5"));
    let semi = "Name;Phone;Email\nTom Li;13800138000;tom@example.com\n";
    assert_eq!(
        value(&read(semi.as_bytes()).unwrap().rows[0], ColumnField::Email),
        Some("tom@example.com")
    );
}

#[test]
fn sensitive_and_repeated_columns_are_left_out() {
    let csv = "姓名,性别,身份证号,手机,电话,年龄\n王芳,女,110101199003071234,13800138000,010-12345678,35\n";
    let table = read(csv.as_bytes()).unwrap();
    let uses: Vec<(&str, ColumnUse)> = table
        .columns
        .iter()
        .map(|c| (c.header.as_str(), c.use_))
        .collect();
    assert_eq!(
        uses,
        vec![
            ("姓名", ColumnUse::Field(ColumnField::Name)),
            ("性别", ColumnUse::Sensitive),
            ("身份证号", ColumnUse::Sensitive),
            ("手机", ColumnUse::Field(ColumnField::Phone)),
            ("电话", ColumnUse::Duplicate(ColumnField::Phone)),
            ("年龄", ColumnUse::Sensitive),
        ]
    );
    let row = &table.rows[0];
    assert_eq!(row.values.len(), 2, "{row:?}");
    assert_eq!(value(row, ColumnField::Phone), Some("13800138000"));
    let debug = format!("{table:?}");
    assert!(
        !debug.contains("110101199003071234"),
        "the ID number is not kept"
    );
}

/// A workbook as HR keeps one: a merged title, the header, phones stored as numbers, a
/// merged education cell spanning two rows, formulas with and without results, a date.
fn workbook() -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("候选人").unwrap();
    let plain = Format::new();
    sheet
        .merge_range(0, 0, 0, 5, "2026 春招候选人", &plain)
        .unwrap();
    for (c, h) in ["姓名", "手机", "邮箱", "学历", "工作年限", "毕业时间"]
        .iter()
        .enumerate()
    {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    sheet.write_string(2, 0, "王芳").unwrap();
    sheet.write_number(2, 1, 13800138000.0).unwrap();
    sheet.write_string(2, 2, "wang@example.com").unwrap();
    sheet.merge_range(2, 3, 3, 3, "本科", &plain).unwrap();
    sheet
        .write_formula(2, 4, Formula::new("=2026-2021").set_result("5"))
        .unwrap();
    let date = ExcelDateTime::from_ymd(2021, 6, 30).unwrap();
    sheet
        .write_datetime_with_format(2, 5, &date, &Format::new().set_num_format("yyyy-mm-dd"))
        .unwrap();
    sheet.write_string(3, 0, "李雷").unwrap();
    sheet.write_number(3, 1, 13900139000.0).unwrap();
    sheet
        .write_formula(3, 4, Formula::new("=1/0").set_result("#DIV/0!"))
        .unwrap();
    sheet.write_string(4, 0, "韩梅梅").unwrap();
    sheet.write_number(4, 1, 13700137000.0).unwrap();
    sheet
        .write_formula(4, 4, Formula::new("=A1").set_result(""))
        .unwrap();
    without_formula_results(&book.save_to_buffer().unwrap())
}

/// The workbook as a program that writes formulas without calculating them saves it: the
/// formula's cell has no value (rust_xlsxwriter always writes one).
fn without_formula_results(xlsx: &[u8]) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut from = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut to = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..from.len() {
        let mut part = from.by_index(i).unwrap();
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).unwrap();
        if part.name() == "xl/worksheets/sheet1.xml" {
            let xml = String::from_utf8(bytes).unwrap();
            assert!(xml.contains("<f>A1</f><v>0</v>"), "{xml}");
            bytes = xml.replace("<f>A1</f><v>0</v>", "<f>A1</f>").into_bytes();
        }
        to.start_file(part.name(), zip::write::SimpleFileOptions::default())
            .unwrap();
        to.write_all(&bytes).unwrap();
    }
    to.finish().unwrap().into_inner()
}

#[test]
fn xlsx_reads_numbers_merged_cells_dates_and_formula_results() {
    let table = read(&workbook()).unwrap();
    assert_eq!(table.format, "xlsx");
    assert_eq!(table.sheet.as_deref(), Some("候选人"));
    assert_eq!(table.header_row, 2);
    assert_eq!(table.rows.len(), 3);
    let wang = &table.rows[0];
    assert_eq!(wang.number, 3);
    assert_eq!(value(wang, ColumnField::Phone), Some("13800138000"));
    assert_eq!(
        value(wang, ColumnField::YearsExperience),
        Some("5"),
        "the formula's result"
    );
    assert_eq!(value(wang, ColumnField::GraduationYear), Some("2021-06-30"));
    assert!(wang.problems.is_empty());
    let li = &table.rows[1];
    assert_eq!(
        value(li, ColumnField::EducationLevel),
        Some("本科"),
        "the merged cell's value"
    );
    assert_eq!(
        li.problems,
        vec![CellProblem {
            cell: "E4".into(),
            field: ColumnField::YearsExperience,
            kind: CellProblemKind::FormulaError("#DIV/0!".into()),
        }]
    );
    assert!(li.problems[0].zh().contains("E4"));
    let han = &table.rows[2];
    assert_eq!(han.problems[0].kind, CellProblemKind::FormulaWithoutValue);
    assert_eq!(han.problems[0].cell, "E5");
}

#[test]
fn hidden_sheets_and_sheets_without_a_header_are_passed_over() {
    let mut book = Workbook::new();
    let notes = book.add_worksheet();
    notes.set_name("说明").unwrap();
    notes.write_string(0, 0, "请在第二个工作表填写").unwrap();
    let hidden = book.add_worksheet();
    hidden.set_name("旧").unwrap();
    hidden.write_string(0, 0, "姓名").unwrap();
    hidden.write_string(0, 1, "手机").unwrap();
    hidden.write_string(1, 0, "不该读到").unwrap();
    hidden.set_hidden(true);
    let list = book.add_worksheet();
    list.set_name("名单").unwrap();
    list.write_string(0, 0, "Name").unwrap();
    list.write_string(0, 1, "Email").unwrap();
    list.write_string(1, 0, "Ann Lee").unwrap();
    list.write_string(1, 1, "ann@example.com").unwrap();
    let table = read(&book.save_to_buffer().unwrap()).unwrap();
    assert_eq!(table.sheet.as_deref(), Some("名单"));
    assert_eq!(value(&table.rows[0], ColumnField::Name), Some("Ann Lee"));
}

#[test]
fn files_that_are_not_candidate_lists_get_a_reason() {
    assert_eq!(
        read(b"").unwrap_err(),
        TableError::File(ExtractError::Empty)
    );
    assert_eq!(
        read(b"hello,world\n1,2\n").unwrap_err(),
        TableError::NoHeader
    );
    assert_eq!(
        read("姓名,手机\n".as_bytes()).unwrap_err(),
        TableError::NoRows
    );
    assert_eq!(
        read(&[0x00, 0x01, 0x02, 0xFF, 0x00, 0x13]).unwrap_err(),
        TableError::File(ExtractError::Unsupported)
    );
    assert_eq!(
        read(b"%PDF-1.7\n1 0 obj\n").unwrap_err(),
        TableError::File(ExtractError::Unsupported)
    );
    // A truncated workbook.
    let book = workbook();
    assert_eq!(
        read(&book[..book.len() / 2]).unwrap_err(),
        TableError::File(ExtractError::Corrupt)
    );
    // A UTF-8 list with bytes lost throughout.
    let list = "姓名,手机,学历\n张伟,13800138000,大专\n".repeat(20);
    let damaged: Vec<u8> = list
        .bytes()
        .enumerate()
        .filter(|(i, _)| i % 7 != 3)
        .map(|(_, b)| b)
        .collect();
    assert_eq!(
        read(&damaged).unwrap_err(),
        TableError::File(ExtractError::BrokenEncoding)
    );
    let err = TableError::NoHeader;
    assert!(err.zh().contains("姓名") && err.en().contains("Name"));
    assert_eq!(
        TableError::File(ExtractError::Unsupported).zh(),
        "不支持这种文件，请上传 CSV 或 Excel（XLSX、XLS）表格。"
    );
}

#[test]
fn a_word_file_or_an_archive_is_not_a_workbook() {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("resume.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut zip, b"hello").unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    assert_eq!(
        read(&bytes).unwrap_err(),
        TableError::File(ExtractError::Unsupported)
    );
}

#[test]
fn a_workbook_that_expands_to_gigabytes_is_refused_before_it_is_unpacked() {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let zeros = vec![b' '; 1024 * 1024];
    for _ in 0..130 {
        std::io::Write::write_all(&mut zip, &zeros).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    assert!(bytes.len() < 2 * 1024 * 1024, "{} bytes", bytes.len());
    assert_eq!(
        read(&bytes).unwrap_err(),
        TableError::File(ExtractError::ExpandsTooMuch)
    );
}

#[test]
fn more_rows_than_one_import_takes_are_refused() {
    let mut csv = String::from("姓名,手机\n");
    for i in 0..=MAX_ROWS {
        csv.push_str(&format!("候选人{i},1380000{i:04}\n"));
    }
    assert_eq!(
        read(csv.as_bytes()).unwrap_err(),
        TableError::TooManyRows { limit: MAX_ROWS }
    );
}

#[test]
fn column_letters_run_past_z() {
    assert_eq!(column_letter(0), "A");
    assert_eq!(column_letter(25), "Z");
    assert_eq!(column_letter(26), "AA");
    assert_eq!(column_letter(27), "AB");
    assert_eq!(column_letter(701), "ZZ");
    assert_eq!(column_letter(702), "AAA");
}

#[test]
fn the_fuzzing_seeds_are_candidate_lists() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds/table");
    let mut read_ok = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let table = read(&std::fs::read(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(!table.rows.is_empty(), "{}", path.display());
        read_ok += 1;
    }
    assert_eq!(read_ok, 4);
}
