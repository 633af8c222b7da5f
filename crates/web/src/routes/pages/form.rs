//! Helpers for the console's HTML forms, posted as `application/x-www-form-urlencoded`
//! with repeated names (checkboxes) and numbered rows (the competency editor).

use std::collections::HashMap;

use axum::extract::multipart::{Multipart, MultipartError};

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

/// A console upload form (`multipart/form-data`): its CSRF token and every file of the
/// field `files_field` as (name as sent, bytes). A file input with nothing chosen still
/// sends an empty part without a name; it is left out.
pub async fn read_upload(
    mut form: Multipart,
    files_field: &str,
) -> Result<(String, Vec<(String, Vec<u8>)>), MultipartError> {
    let mut csrf = String::new();
    let mut files = Vec::new();
    while let Some(field) = form.next_field().await? {
        match field.name() {
            Some("csrf") => csrf = field.text().await?,
            Some(name) if name == files_field => {
                let file_name = field.file_name().unwrap_or("").to_string();
                let bytes = field.bytes().await?;
                if !(bytes.is_empty() && file_name.is_empty()) {
                    files.push((file_name, bytes.to_vec()));
                }
            }
            _ => {}
        }
    }
    Ok((csrf, files))
}
