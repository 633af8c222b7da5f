//! The byte-level BPE vocabulary whisper.cpp stores: the 50,257 ordinary tokens of
//! `tokenizer.json`, in id order, each as its raw bytes. (whisper.cpp adds the special tokens
//! itself.) GPT-2's tokenizer spells bytes as printable characters; this undoes that.

use std::collections::HashMap;
use std::path::Path;

use crate::SpeechError;

/// Ordinary (non-special) tokens in whisper's multilingual vocabulary.
pub const N_TEXT_TOKENS: usize = 50_257;

/// GPT-2's byte → character table, inverted.
fn unicode_to_byte() -> HashMap<char, u8> {
    let mut bs: Vec<u32> = (u32::from('!')..=u32::from('~'))
        .chain(u32::from('¡')..=u32::from('¬'))
        .chain(u32::from('®')..=u32::from('ÿ'))
        .collect();
    let mut cs = bs.clone();
    let mut n = 0;
    for b in 0..256u32 {
        if !bs.contains(&b) {
            bs.push(b);
            cs.push(256 + n);
            n += 1;
        }
    }
    bs.into_iter()
        .zip(cs)
        .map(|(b, c)| (char::from_u32(c).expect("a valid char"), b as u8))
        .collect()
}

/// The token byte strings, index = token id.
pub fn read_tokens(tokenizer_json: &Path) -> Result<Vec<Vec<u8>>, SpeechError> {
    let text = std::fs::read(tokenizer_json).map_err(|e| SpeechError::io(tokenizer_json, e))?;
    let json: serde_json::Value = serde_json::from_slice(&text)
        .map_err(|e| SpeechError::format(tokenizer_json, format!("not JSON: {e}")))?;
    let vocab = json
        .pointer("/model/vocab")
        .and_then(|v| v.as_object())
        .ok_or_else(|| SpeechError::format(tokenizer_json, "no model.vocab object"))?;
    let table = unicode_to_byte();
    let mut tokens: Vec<Option<Vec<u8>>> = vec![None; N_TEXT_TOKENS];
    for (text, id) in vocab {
        let Some(id) = id.as_u64() else {
            return Err(SpeechError::format(
                tokenizer_json,
                format!("token {text:?} has a non-integer id"),
            ));
        };
        let Some(slot) = tokens.get_mut(id as usize) else {
            continue; // special tokens above the ordinary range
        };
        let bytes = text
            .chars()
            .map(|c| table.get(&c).copied())
            .collect::<Option<Vec<u8>>>()
            .ok_or_else(|| {
                SpeechError::format(
                    tokenizer_json,
                    format!("token {id} is not in GPT-2's byte-level alphabet"),
                )
            })?;
        *slot = Some(bytes);
    }
    tokens
        .into_iter()
        .enumerate()
        .map(|(id, t)| {
            t.ok_or_else(|| {
                SpeechError::format(tokenizer_json, format!("vocabulary has no token {id}"))
            })
        })
        .collect()
}
