//! Finding where in a recording an evidence quote was said, so the report can play it.
//!
//! Evidence quotes are cut from the transcript, which is the segments' text joined; the
//! scorer may trim or re-punctuate them. Both sides are compared without case,
//! whitespace or punctuation, and the quote's start is mapped back to its segment.

use kaoguan_service::media::transcription::Segment;

/// Letters and digits only (CJK characters are letters), lower-cased.
fn normalise(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A quote this short would match by accident: look for its opening this long instead
/// when the whole quote is not found.
const OPENING_CHARS: usize = 12;

/// The start (seconds) of the segment in which `quote` begins.
pub fn locate(segments: &[Segment], quote: &str) -> Option<f64> {
    let mut joined: Vec<char> = Vec::new();
    let mut starts: Vec<(usize, f64)> = Vec::new();
    for s in segments {
        starts.push((joined.len(), s.start));
        joined.extend(normalise(&s.text));
    }
    let q = normalise(quote);
    if q.is_empty() {
        return None;
    }
    let at = find(&joined, &q).or_else(|| {
        (q.len() > OPENING_CHARS)
            .then(|| find(&joined, &q[..OPENING_CHARS]))
            .flatten()
    })?;
    starts
        .iter()
        .rev()
        .find(|(offset, _)| *offset <= at)
        .map(|(_, start)| *start)
}

fn find(haystack: &[char], needle: &[char]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(start: f64, end: f64, text: &str) -> Segment {
        Segment {
            start,
            end,
            text: text.into(),
        }
    }

    #[test]
    fn a_quote_maps_to_the_segment_it_starts_in() {
        let segs = [
            seg(0.0, 4.2, "First I would apologise sincerely."),
            seg(4.2, 9.8, "Then I would arrange an express replacement,"),
            seg(9.8, 15.0, "or offer a full refund."),
        ];
        assert_eq!(locate(&segs, "apologise sincerely"), Some(0.0));
        assert_eq!(
            locate(&segs, "arrange an express replacement or offer"),
            Some(4.2),
            "spans two segments: the first one counts"
        );
        assert_eq!(locate(&segs, "Offer a FULL refund!"), Some(9.8));
        assert_eq!(locate(&segs, "never said this"), None);
        assert_eq!(locate(&segs, "  ..  "), None);
        assert_eq!(locate(&[], "apologise"), None);
    }

    #[test]
    fn chinese_quotes_match_without_punctuation_and_by_their_opening() {
        let segs = [
            seg(0.0, 3.0, "首先，我会核对区块链上的交易，"),
            seg(3.0, 7.5, "然后比较两个文件的哈希值。"),
        ];
        assert_eq!(locate(&segs, "比较两个文件的哈希值"), Some(3.0));
        // The scorer re-worded the tail: the opening still finds it.
        assert_eq!(
            locate(&segs, "首先我会核对区块链上的交易记录并且报告"),
            Some(0.0)
        );
    }
}
