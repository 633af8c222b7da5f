//! Scoring as `shared/eval/audio/README.md` describes: English WER (lowercase, punctuation
//! and hyphens stripped), Mandarin CER (punctuation and spaces removed, simplified
//! characters, one unit per CJK character and per run of Latin letters or digits), each
//! also with numbers normalised (digits spelled out as words).

/// Edit distance between two token sequences.
pub fn edits<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, x) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(x != y))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

pub fn en_words(text: &str, numbers: bool) -> Vec<String> {
    let cleaned: String = text
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '\'' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let mut out = Vec::new();
    for w in cleaned.split_whitespace() {
        let w = w.trim_matches('\'');
        match w.parse::<u64>() {
            Ok(n) if numbers => out.extend(en_number(n).split(' ').map(String::from)),
            _ if !w.is_empty() => out.push(w.to_string()),
            _ => {}
        }
    }
    out
}

fn en_number(n: u64) -> String {
    const ONES: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 10] = [
        "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    match n {
        0..=19 => ONES[n as usize].to_string(),
        20..=99 if n % 10 == 0 => TENS[(n / 10) as usize].to_string(),
        20..=99 => format!("{} {}", TENS[(n / 10) as usize], ONES[(n % 10) as usize]),
        100..=999 if n % 100 == 0 => format!("{} hundred", ONES[(n / 100) as usize]),
        100..=999 => format!(
            "{} hundred {}",
            ONES[(n / 100) as usize],
            en_number(n % 100)
        ),
        1000..=999_999 if n % 1000 == 0 => format!("{} thousand", en_number(n / 1000)),
        1000..=999_999 => format!("{} thousand {}", en_number(n / 1000), en_number(n % 1000)),
        _ => n.to_string(),
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

pub fn zh_units(text: &str, numbers: bool) -> Vec<String> {
    let text = kaoguan_speech::to_simplified(text);
    let text = if numbers { zh_numbers(&text) } else { text };
    let mut out = Vec::new();
    let mut run = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            run.push(c.to_ascii_lowercase());
            continue;
        }
        if !run.is_empty() {
            out.push(std::mem::take(&mut run));
        }
        if is_cjk(c) {
            out.push(c.to_string());
        }
    }
    if !run.is_empty() {
        out.push(run);
    }
    out
}

/// Arabic numerals → Chinese numerals ("5" → "五", "20000" → "两万", "1" before a measure
/// stays "一").
fn zh_numbers(text: &str) -> String {
    let mut out = String::new();
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        if let Ok(n) = digits.parse::<u64>() {
            out.push_str(&zh_number(n));
        } else {
            out.push_str(digits);
        }
        digits.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            if !digits.is_empty() {
                flush(&mut digits, &mut out);
            }
            out.push(c);
        }
    }
    if !digits.is_empty() {
        flush(&mut digits, &mut out);
    }
    out
}

fn zh_number(n: u64) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if (10_000..100_000_000).contains(&n) {
        let (hi, lo) = (n / 10_000, n % 10_000);
        let head = if hi == 2 {
            "两".to_string()
        } else {
            zh_number(hi)
        };
        return if lo == 0 {
            format!("{head}万")
        } else {
            format!("{head}万{}", zh_number(lo))
        };
    }
    if n >= 10_000 {
        return n.to_string();
    }
    let units = ["千", "百", "十", ""];
    let ds = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let mut s = String::new();
    let mut zero = false;
    for (i, &d) in ds.iter().enumerate() {
        if d == 0 {
            zero = !s.is_empty();
            continue;
        }
        if zero {
            s.push('零');
            zero = false;
        }
        if !(d == 1 && i == 2 && s.is_empty()) {
            s.push_str(D[d as usize]);
        }
        s.push_str(units[i]);
    }
    if s.is_empty() {
        s.push('零');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(
            en_words("Four, queen of clubs!", true),
            ["four", "queen", "of", "clubs"]
        );
        assert_eq!(en_words("5 5", true), ["five", "five"]);
        assert_eq!(
            zh_units("每秒2万次，用Python", true).join("|"),
            "每|秒|两|万|次|用|python"
        );
        assert_eq!(zh_number(15), "十五");
        assert_eq!(edits(&[1, 2, 3], &[1, 3]), 1);
    }
}
