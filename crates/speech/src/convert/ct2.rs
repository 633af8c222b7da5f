//! A reader for CTranslate2's `model.bin`: a header, then named variables with a shape, a
//! dtype and raw little-endian bytes, then aliases (names that share another's data).
//!
//! Layout (binary versions 4–6, the ones current CTranslate2 writes):
//! `u32 version, str spec, u32 revision, u32 n, n × (str name, u8 rank, rank × u32 dim,
//! u8 dtype, u32 nbytes, bytes), u32 n_aliases, n × (str alias, str target)`, where `str` is
//! a `u16` length including a trailing NUL.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::SpeechError;

/// CTranslate2's data types, by their code in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ct2Dtype {
    F32,
    I8,
    I16,
    I32,
    F16,
    Bf16,
}

impl Ct2Dtype {
    fn from_code(code: u8) -> Option<Self> {
        Some(match code {
            0 => Ct2Dtype::F32,
            1 => Ct2Dtype::I8,
            2 => Ct2Dtype::I16,
            3 => Ct2Dtype::I32,
            4 => Ct2Dtype::F16,
            5 => Ct2Dtype::Bf16,
            _ => return None,
        })
    }

    pub fn size(self) -> usize {
        match self {
            Ct2Dtype::I8 => 1,
            Ct2Dtype::I16 | Ct2Dtype::F16 | Ct2Dtype::Bf16 => 2,
            Ct2Dtype::F32 | Ct2Dtype::I32 => 4,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Variable {
    pub shape: Vec<usize>,
    pub dtype: Ct2Dtype,
    /// Where the data sits in [`Ct2Model::bytes`].
    pub range: Range<usize>,
}

/// A parsed `model.bin`; the variables point into the file's bytes, which it keeps.
pub struct Ct2Model {
    pub path: PathBuf,
    pub version: u32,
    pub spec: String,
    pub revision: u32,
    bytes: Vec<u8>,
    vars: HashMap<String, Variable>,
    aliases: HashMap<String, String>,
}

const SUPPORTED_VERSIONS: std::ops::RangeInclusive<u32> = 4..=6;

struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
    path: &'a Path,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], SpeechError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        let Some(end) = end else {
            return Err(SpeechError::format(
                self.path,
                format!(
                    "truncated CTranslate2 file: {what} needs {n} bytes at offset {}, file has {}",
                    self.pos,
                    self.bytes.len()
                ),
            ));
        };
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn u8(&mut self, what: &str) -> Result<u8, SpeechError> {
        Ok(self.take(1, what)?[0])
    }

    fn u16(&mut self, what: &str) -> Result<u16, SpeechError> {
        let b = self.take(2, what)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    fn u32(&mut self, what: &str) -> Result<u32, SpeechError> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn string(&mut self, what: &str) -> Result<String, SpeechError> {
        let n = self.u16(what)? as usize;
        let b = self.take(n, what)?;
        // The length counts a trailing NUL.
        let b = b.strip_suffix(&[0]).unwrap_or(b);
        String::from_utf8(b.to_vec())
            .map_err(|_| SpeechError::format(self.path, format!("{what} is not UTF-8")))
    }
}

impl Ct2Model {
    pub fn read(path: &Path) -> Result<Self, SpeechError> {
        let bytes = std::fs::read(path).map_err(|e| SpeechError::io(path, e))?;
        Self::parse(path, bytes)
    }

    pub fn parse(path: &Path, bytes: Vec<u8>) -> Result<Self, SpeechError> {
        let mut c = Cursor {
            bytes: &bytes,
            pos: 0,
            path,
        };
        let version = c.u32("binary version")?;
        if !SUPPORTED_VERSIONS.contains(&version) {
            return Err(SpeechError::format(
                path,
                format!(
                    "not a supported CTranslate2 model.bin (binary version {version}, \
                     expected {}–{})",
                    SUPPORTED_VERSIONS.start(),
                    SUPPORTED_VERSIONS.end()
                ),
            ));
        }
        let spec = c.string("spec name")?;
        let revision = c.u32("spec revision")?;
        let n = c.u32("variable count")?;
        let mut vars = HashMap::new();
        for i in 0..n {
            let name = c.string(&format!("name of variable {i}"))?;
            let rank = c.u8(&name)? as usize;
            let mut shape = Vec::with_capacity(rank);
            for _ in 0..rank {
                shape.push(c.u32(&name)? as usize);
            }
            let code = c.u8(&name)?;
            let dtype = Ct2Dtype::from_code(code).ok_or_else(|| {
                SpeechError::format(path, format!("{name}: unknown dtype code {code}"))
            })?;
            let nbytes = c.u32(&name)? as usize;
            let elems: usize = shape.iter().product();
            if elems.checked_mul(dtype.size()) != Some(nbytes) {
                return Err(SpeechError::format(
                    path,
                    format!("{name}: shape {shape:?} of {dtype:?} does not match {nbytes} bytes"),
                ));
            }
            let start = c.pos;
            c.take(nbytes, &name)?;
            vars.insert(
                name,
                Variable {
                    shape,
                    dtype,
                    range: start..start + nbytes,
                },
            );
        }
        let mut aliases = HashMap::new();
        let na = c.u32("alias count")?;
        for _ in 0..na {
            let alias = c.string("alias")?;
            let target = c.string("alias target")?;
            aliases.insert(alias, target);
        }
        Ok(Ct2Model {
            path: path.to_path_buf(),
            version,
            spec,
            revision,
            bytes,
            vars,
            aliases,
        })
    }

    pub fn len(&self) -> usize {
        self.vars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.vars.is_empty()
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.vars.keys().map(String::as_str)
    }

    /// A variable by name, following an alias.
    pub fn get(&self, name: &str) -> Result<(&Variable, &[u8]), SpeechError> {
        let name = self.aliases.get(name).map(String::as_str).unwrap_or(name);
        let v = self
            .vars
            .get(name)
            .ok_or_else(|| SpeechError::format(&self.path, format!("missing variable {name}")))?;
        Ok((v, &self.bytes[v.range.clone()]))
    }

    /// A scalar integer variable such as `encoder/num_heads`.
    pub fn int(&self, name: &str) -> Result<i64, SpeechError> {
        let (v, b) = self.get(name)?;
        let bad = || SpeechError::format(&self.path, format!("{name} is not an integer scalar"));
        if v.shape.iter().product::<usize>() != 1 {
            return Err(bad());
        }
        Ok(match v.dtype {
            Ct2Dtype::I8 => b[0] as i8 as i64,
            Ct2Dtype::I16 => i16::from_le_bytes([b[0], b[1]]) as i64,
            Ct2Dtype::I32 => i32::from_le_bytes([b[0], b[1], b[2], b[3]]) as i64,
            _ => return Err(bad()),
        })
    }
}
