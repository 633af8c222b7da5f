//! Conversions between records and the few column types both dialects store alike: times
//! as UTC milliseconds, JSON as TEXT, flags as 0/1 integers, enums by their `as_str` names.

use std::str::FromStr;

use anyhow::anyhow;
use chrono::{DateTime, Utc};
use kaoguan_domain::DomainError;
use serde::de::DeserializeOwned;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::{StoreError, StoreResult};

pub(super) fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

pub(super) fn time(ms: i64) -> StoreResult<DateTime<Utc>> {
    DateTime::from_timestamp_millis(ms)
        .ok_or_else(|| StoreError::Other(anyhow!("stored time {ms} is out of range")))
}

/// The time as it will read back: stored times keep millisecond precision, so records
/// returned straight from a write are truncated the same way and compare equal.
pub(super) fn stored(t: DateTime<Utc>) -> StoreResult<DateTime<Utc>> {
    time(ms(t))
}

pub(super) fn to_json<T: Serialize + ?Sized>(value: &T) -> StoreResult<String> {
    Ok(serde_json::to_string(value)?)
}

pub(super) fn from_json<T: DeserializeOwned>(text: &str) -> StoreResult<T> {
    Ok(serde_json::from_str(text)?)
}

pub(super) fn parse<T: FromStr<Err = DomainError>>(text: &str) -> StoreResult<T> {
    Ok(text.parse()?)
}

pub(super) fn flag(value: bool) -> i64 {
    i64::from(value)
}

/// Typed column access, so call sites read `row.text("id")?` rather than repeating the
/// generic parameters of `try_get` and the error conversion.
pub(super) trait RowExt {
    fn text(&self, col: &str) -> StoreResult<String>;
    fn opt_text(&self, col: &str) -> StoreResult<Option<String>>;
    fn int(&self, col: &str) -> StoreResult<i64>;
    fn opt_int(&self, col: &str) -> StoreResult<Option<i64>>;
    fn opt_float(&self, col: &str) -> StoreResult<Option<f64>>;
    fn time(&self, col: &str) -> StoreResult<DateTime<Utc>>;
    fn opt_time(&self, col: &str) -> StoreResult<Option<DateTime<Utc>>>;
    fn parsed<T: FromStr<Err = DomainError>>(&self, col: &str) -> StoreResult<T>;
    fn json<T: DeserializeOwned>(&self, col: &str) -> StoreResult<T>;
    /// A nullable JSON column.
    fn opt_json<T: DeserializeOwned>(&self, col: &str) -> StoreResult<Option<T>> {
        self.opt_text(col)?.map(|t| from_json(&t)).transpose()
    }
    /// A nullable count or number of days; a stored value outside `u32` is an error.
    fn opt_u32(&self, col: &str) -> StoreResult<Option<u32>> {
        self.opt_int(col)?
            .map(|n| u32::try_from(n).map_err(|_| anyhow::anyhow!("{col}: stored {n}").into()))
            .transpose()
    }
}

impl RowExt for AnyRow {
    fn text(&self, col: &str) -> StoreResult<String> {
        Ok(self.try_get(col)?)
    }
    fn opt_text(&self, col: &str) -> StoreResult<Option<String>> {
        Ok(self.try_get(col)?)
    }
    fn int(&self, col: &str) -> StoreResult<i64> {
        Ok(self.try_get(col)?)
    }
    fn opt_int(&self, col: &str) -> StoreResult<Option<i64>> {
        Ok(self.try_get(col)?)
    }
    fn opt_float(&self, col: &str) -> StoreResult<Option<f64>> {
        Ok(self.try_get(col)?)
    }
    fn time(&self, col: &str) -> StoreResult<DateTime<Utc>> {
        time(self.int(col)?)
    }
    fn opt_time(&self, col: &str) -> StoreResult<Option<DateTime<Utc>>> {
        self.opt_int(col)?.map(time).transpose()
    }
    fn parsed<T: FromStr<Err = DomainError>>(&self, col: &str) -> StoreResult<T> {
        parse(&self.text(col)?)
    }
    fn json<T: DeserializeOwned>(&self, col: &str) -> StoreResult<T> {
        from_json(&self.text(col)?)
    }
}
