//! Helpers for the console's HTML forms, posted as `application/x-www-form-urlencoded`
//! with repeated names (checkboxes) and numbered rows (the competency editor).

use std::collections::HashMap;

pub struct FormFields(HashMap<String, Vec<String>>, Vec<(String, String)>);

impl FormFields {
    pub fn new(pairs: Vec<(String, String)>) -> Self {
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for (k, v) in &pairs {
            map.entry(k.clone()).or_default().push(v.clone());
        }
        Self(map, pairs)
    }

    pub fn one(&self, name: &str) -> &str {
        self.0
            .get(name)
            .and_then(|v| v.first())
            .map(String::as_str)
            .unwrap_or("")
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.0.get(name).cloned().unwrap_or_default()
    }

    /// Every field in the order the browser sent them.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.1
    }
}
