//! Traditional → simplified Chinese. Whisper often writes Mandarin in traditional characters
//! even when prompted in simplified ones, so every Mandarin transcript passes through this.
//! `fast2s` (MIT) maps character by character with context rules for the ambiguous ones
//! (乾/干, 著/着, 髮/發…); OpenCC's phrase tables would be more exact but it is a C++
//! library, and `zhconv`, which has them, is GPL.

pub fn to_simplified(text: &str) -> String {
    fast2s::convert(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_common_traditional_text() {
        assert_eq!(
            to_simplified("區塊鏈的雜湊值與資料"),
            "区块链的杂凑值与资料"
        );
        assert_eq!(to_simplified("我會先確認數據口徑"), "我会先确认数据口径");
        assert_eq!(to_simplified("hello 世界"), "hello 世界");
    }
}
