//! Plain-text resumes: UTF-8, UTF-16 with a byte-order mark, or a legacy encoding (GBK,
//! GB18030, Big5, Windows-1252…) guessed from the bytes.

use encoding_rs::Encoding;

use crate::ExtractError;

/// Whether bytes look like text in some encoding rather than a binary file: UTF-16 comes
/// with a byte-order mark; otherwise NUL bytes or more than 1 % control bytes mean binary.
pub(crate) fn looks_like_text(bytes: &[u8]) -> bool {
    if Encoding::for_bom(bytes).is_some() {
        return true;
    }
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let control = sample
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)) || b == 0x7F)
        .count();
    !sample.contains(&0) && control * 100 <= sample.len()
}

/// Decodes text; refuses it when more than 1 % of what comes out is undecodable.
pub(crate) fn decode(bytes: &[u8]) -> Result<String, ExtractError> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return checked(text.into_owned());
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    if damaged_utf8(bytes) {
        return checked(String::from_utf8_lossy(bytes).into_owned());
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let encoding = detector.guess(None, true);
    let (text, _, _) = encoding.decode(bytes);
    checked(text.into_owned())
}

/// Whether bytes that are not valid UTF-8 are UTF-8 nonetheless, damaged here and there:
/// most of their non-ASCII bytes form valid UTF-8 sequences, which text in a legacy
/// encoding (GBK, Windows-1252) almost never does. Guessing a legacy encoding for them
/// would turn every character into a wrong one.
fn damaged_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().bytes().filter(|b| !b.is_ascii()).count();
        invalid += chunk.invalid().len();
    }
    valid > 4 * invalid
}

/// Refuses text with more than 1 % undecodable characters or C1 control characters (what
/// a single-byte encoding makes of bytes that were never text in it).
fn checked(text: String) -> Result<String, ExtractError> {
    let total = text.chars().count().max(1);
    let bad = text
        .chars()
        .filter(|&c| c == '\u{FFFD}' || ('\u{80}'..='\u{9F}').contains(&c))
        .count();
    if bad * 100 > total {
        Err(ExtractError::BrokenEncoding)
    } else {
        Ok(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_utf8_gbk_gb18030_and_utf16() {
        let text = "姓名：王芳\n手机：13800138000\n工作经历\n2019.07-至今 招商银行 柜员\n";
        assert_eq!(decode(text.as_bytes()).unwrap(), text);
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(decode(&gbk).unwrap(), text);
        let (gb18030, _, _) = encoding_rs::GB18030.encode(text);
        assert_eq!(decode(&gb18030).unwrap(), text);
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        assert!(looks_like_text(&utf16));
        assert_eq!(decode(&utf16).unwrap(), text);
    }

    #[test]
    fn damaged_utf8_and_bytes_in_no_encoding_are_refused() {
        let text = "姓名,手机,学历\n张伟,13800138000,大专\n".repeat(20);
        // Every seventh byte lost: most characters are still valid UTF-8.
        let damaged: Vec<u8> = text
            .bytes()
            .enumerate()
            .filter(|(i, _)| i % 7 != 3)
            .map(|(_, b)| b)
            .collect();
        assert_eq!(decode(&damaged), Err(ExtractError::BrokenEncoding));
        // One bad byte in a long text is read past.
        let mut one_bad = text.clone().into_bytes();
        one_bad.insert(30, 0xFF);
        assert!(decode(&one_bad).unwrap().contains("张伟"));
        let garbage: Vec<u8> = (0..400u32)
            .flat_map(|i| [0x81 + (i % 60) as u8, 0x20])
            .collect();
        assert_eq!(decode(&garbage), Err(ExtractError::BrokenEncoding));
    }

    #[test]
    fn binary_is_not_text() {
        assert!(!looks_like_text(b"abc\0def"));
        assert!(!looks_like_text(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
        assert!(looks_like_text("简历".as_bytes()));
    }
}
