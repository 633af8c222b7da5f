//! Word (DOCX) resumes: the text of the body, its tables and text boxes, and the headers
//! and footers, where many resumes put the contact line.
//!
//! Tables are how Chinese resumes lay out 基本信息 grids and two-column designs, so a row
//! of one-line cells becomes one tab-separated line (`姓名\t张三\t性别\t男`), and a row
//! whose cells hold several paragraphs (a sidebar beside a main column) is read cell by
//! cell, so each column's lines stay together.

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use quick_xml::Reader;
use zip::ZipArchive;

use crate::extract::MAX_FILE_BYTES;
use crate::ExtractError;

/// Most bytes one part of the document may unpack to: a ZIP bomb inside a DOCX stops here.
const MAX_PART_BYTES: u64 = MAX_FILE_BYTES as u64;

pub(crate) fn is_docx(bytes: &[u8]) -> bool {
    ZipArchive::new(Cursor::new(bytes))
        .map(|z| z.index_for_name("word/document.xml").is_some())
        .unwrap_or(false)
}

/// Whether the bytes open as a ZIP container at all.
pub(crate) fn opens(bytes: &[u8]) -> bool {
    ZipArchive::new(Cursor::new(bytes)).is_ok()
}

/// The document's text and whether it holds an image.
pub(crate) fn text(bytes: &[u8]) -> Result<(String, bool), ExtractError> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|_| ExtractError::Corrupt)?;
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    let has_image = names.iter().any(|n| n.starts_with("word/media/"));
    let mut headers: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with("word/header") && n.ends_with(".xml"))
        .collect();
    headers.sort();
    let mut footers: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with("word/footer") && n.ends_with(".xml"))
        .collect();
    footers.sort();
    let mut lines = Vec::new();
    for part in headers
        .into_iter()
        .chain(std::iter::once(&"word/document.xml".to_string()))
        .chain(footers)
    {
        let xml = read_part(&mut zip, part)?;
        lines.extend(part_lines(&xml)?);
    }
    Ok((lines.join("\n"), has_image))
}

fn read_part(zip: &mut ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Vec<u8>, ExtractError> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::UnsupportedArchive(_)) => return Err(ExtractError::Encrypted),
        Err(_) => return Err(ExtractError::Corrupt),
    };
    if file.encrypted() {
        return Err(ExtractError::Encrypted);
    }
    let mut out = Vec::new();
    file.take(MAX_PART_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|_| ExtractError::Corrupt)?;
    if out.len() as u64 > MAX_PART_BYTES {
        return Err(ExtractError::ExpandsTooMuch);
    }
    Ok(out)
}

enum Frame {
    Para(String),
    Cell(Vec<String>),
    Row(Vec<Vec<String>>),
    TextBox(Vec<String>),
}

/// The lines of one WordprocessingML part.
fn part_lines(xml: &[u8]) -> Result<Vec<String>, ExtractError> {
    let mut reader = Reader::from_reader(xml);
    let mut out: Vec<String> = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut in_text = false;
    // Inside <mc:Fallback>: the same content again for older readers; read it once.
    let mut fallback_depth = 0usize;
    let mut buf = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|_| ExtractError::Corrupt)?;
        match event {
            Event::Eof => break,
            Event::Start(e) => {
                let name = e.name();
                let name = name.as_ref();
                if fallback_depth > 0 {
                    fallback_depth += 1;
                } else {
                    match name {
                        b"mc:Fallback" => fallback_depth = 1,
                        b"w:p" => stack.push(Frame::Para(String::new())),
                        b"w:tc" => stack.push(Frame::Cell(Vec::new())),
                        b"w:tr" => stack.push(Frame::Row(Vec::new())),
                        b"w:txbxContent" => stack.push(Frame::TextBox(Vec::new())),
                        b"w:t" => in_text = true,
                        _ => {}
                    }
                }
            }
            Event::Empty(e) if fallback_depth == 0 => match e.name().as_ref() {
                b"w:tab" => push_text(&mut stack, "\t"),
                b"w:br" | b"w:cr" => push_text(&mut stack, "\n"),
                _ => {}
            },
            Event::Text(t) if in_text && fallback_depth == 0 => {
                let s = t.unescape().map_err(|_| ExtractError::Corrupt)?;
                push_text(&mut stack, &s);
            }
            Event::End(e) => {
                if fallback_depth > 0 {
                    fallback_depth -= 1;
                    continue;
                }
                match e.name().as_ref() {
                    b"w:t" => in_text = false,
                    b"w:p" => {
                        if let Some(Frame::Para(s)) =
                            pop_if(&mut stack, |f| matches!(f, Frame::Para(_)))
                        {
                            emit(&mut stack, &mut out, s);
                        }
                    }
                    b"w:tc" => {
                        if let Some(Frame::Cell(paras)) =
                            pop_if(&mut stack, |f| matches!(f, Frame::Cell(_)))
                        {
                            if let Some(Frame::Row(cells)) = stack.last_mut() {
                                cells.push(paras);
                            }
                        }
                    }
                    b"w:tr" => {
                        if let Some(Frame::Row(cells)) =
                            pop_if(&mut stack, |f| matches!(f, Frame::Row(_)))
                        {
                            if cells.iter().all(|c| c.len() <= 1) {
                                let line: Vec<&str> = cells
                                    .iter()
                                    .filter_map(|c| c.first())
                                    .map(|s| s.trim())
                                    .filter(|s| !s.is_empty())
                                    .collect();
                                emit(&mut stack, &mut out, line.join("\t"));
                            } else {
                                for para in cells.into_iter().flatten() {
                                    emit(&mut stack, &mut out, para);
                                }
                            }
                        }
                    }
                    b"w:txbxContent" => {
                        if let Some(Frame::TextBox(paras)) =
                            pop_if(&mut stack, |f| matches!(f, Frame::TextBox(_)))
                        {
                            for para in paras {
                                emit(&mut stack, &mut out, para);
                            }
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

fn pop_if(stack: &mut Vec<Frame>, is: impl Fn(&Frame) -> bool) -> Option<Frame> {
    if stack.last().is_some_and(is) {
        stack.pop()
    } else {
        None
    }
}

fn push_text(stack: &mut [Frame], s: &str) {
    if let Some(Frame::Para(p)) = stack.iter_mut().rev().find(|f| matches!(f, Frame::Para(_))) {
        p.push_str(s);
    }
}

/// Hands a finished paragraph to the nearest cell or text box, or to the document.
fn emit(stack: &mut [Frame], out: &mut Vec<String>, line: String) {
    for frame in stack.iter_mut().rev() {
        match frame {
            Frame::Cell(v) | Frame::TextBox(v) => {
                v.push(line);
                return;
            }
            _ => {}
        }
    }
    out.push(line);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> Vec<String> {
        let xml = format!(
            r#"<w:document xmlns:w="w" xmlns:mc="mc"><w:body>{body}</w:body></w:document>"#
        );
        part_lines(xml.as_bytes()).unwrap()
    }

    #[test]
    fn grid_rows_are_lines_and_columns_stay_together() {
        let grid = r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>姓名</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>张三</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>性别</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#;
        assert_eq!(doc(grid), vec!["姓名\t张三\t性别"]);
        let columns = r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>联系方式</w:t></w:r></w:p><w:p><w:r><w:t>13800138000</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>工作经历</w:t></w:r></w:p><w:p><w:r><w:t>2019 招商银行</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#;
        assert_eq!(
            doc(columns),
            vec!["联系方式", "13800138000", "工作经历", "2019 招商银行"]
        );
    }

    #[test]
    fn text_boxes_once_and_runs_joined() {
        let body = r#"<w:p><w:r><w:t xml:space="preserve">Li </w:t></w:r><w:r><w:t>Na</w:t></w:r><w:r><w:tab/><w:t>&amp; co</w:t></w:r></w:p><w:p><w:r><mc:AlternateContent><mc:Choice><w:txbxContent><w:p><w:r><w:t>boxed</w:t></w:r></w:p></w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent><w:p><w:r><w:t>boxed</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r></w:p>"#;
        assert_eq!(doc(body), vec!["Li Na\t& co", "boxed", ""]);
    }

    #[test]
    fn damaged_containers_are_refused() {
        assert_eq!(
            text(b"PK\x03\x04garbage").unwrap_err(),
            ExtractError::Corrupt
        );
    }
}
