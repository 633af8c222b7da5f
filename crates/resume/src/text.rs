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
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let encoding = detector.guess(None, true);
    let (text, _, _) = encoding.decode(bytes);
    checked(text.into_owned())
}

fn checked(text: String) -> Result<String, ExtractError> {
    let total = text.chars().count().max(1);
    let bad = text.chars().filter(|&c| c == '\u{FFFD}').count();
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
    fn binary_is_not_text() {
        assert!(!looks_like_text(b"abc\0def"));
        assert!(!looks_like_text(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
        assert!(looks_like_text("简历".as_bytes()));
    }
}
