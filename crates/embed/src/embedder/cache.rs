//! A bounded, roughly-LRU cache of text → vector.
//!
//! Two generations instead of a true LRU list: lookups hit `hot`, or promote from `cold`;
//! when `hot` holds half the budget it becomes `cold` and the old `cold` is dropped. So
//! entries used at least once per half-budget of insertions stay, and everything is O(1)
//! with two plain hash maps.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub(crate) struct Cache {
    half: usize,
    gens: Mutex<Generations>,
}

#[derive(Default)]
struct Generations {
    hot: HashMap<String, Arc<[f32]>>,
    cold: HashMap<String, Arc<[f32]>>,
}

impl Cache {
    /// A cache of at most `entries` vectors (0 disables it).
    pub(crate) fn new(entries: usize) -> Self {
        Self {
            half: entries / 2,
            gens: Mutex::default(),
        }
    }

    pub(crate) fn get(&self, text: &str) -> Option<Arc<[f32]>> {
        if self.half == 0 {
            return None;
        }
        let mut g = self.gens.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(v) = g.hot.get(text) {
            return Some(v.clone());
        }
        let (k, v) = g.cold.remove_entry(text)?;
        g.insert(k, v.clone(), self.half);
        Some(v)
    }

    pub(crate) fn insert(&self, text: &str, v: Arc<[f32]>) {
        if self.half == 0 {
            return;
        }
        let mut g = self.gens.lock().unwrap_or_else(|e| e.into_inner());
        g.insert(text.to_owned(), v, self.half);
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        let g = self.gens.lock().unwrap();
        g.hot.len() + g.cold.len()
    }
}

impl Generations {
    fn insert(&mut self, k: String, v: Arc<[f32]>, half: usize) {
        if self.hot.len() >= half && !self.hot.contains_key(&k) {
            self.cold = std::mem::take(&mut self.hot);
        }
        self.hot.insert(k, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_and_keeps_recently_used() {
        let c = Cache::new(4);
        let v: Arc<[f32]> = Arc::from(vec![1.0f32]);
        for i in 0..100 {
            c.insert(&i.to_string(), v.clone());
            // "keep" is touched after every insertion, so it never ages out.
            if i == 0 {
                c.insert("keep", v.clone());
            }
            assert!(c.get("keep").is_some(), "lost at {i}");
            assert!(c.len() <= 4);
        }
        assert!(c.get("0").is_none());
        assert!(Cache::new(0).get("keep").is_none());
    }
}
