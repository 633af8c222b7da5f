//! The pipeline editor's rows, shared by a job's settings and the organisation's: stage
//! names in order, ending in 入职 (hired). Keys never show: an existing stage keeps its
//! key in a hidden field, a new one gets `custom_<n>`.

use kaoguan_domain::{stage::HIRED, DomainError, Pipeline, Stage, StageKey};

use super::form::FormFields;

/// At most this many rows are read back (the domain allows 20 stages).
const MAX_ROWS: usize = 24;

/// One row of the editor.
#[derive(Debug, Clone, Default)]
pub struct StageRow {
    pub key: String,
    pub name: String,
    /// The `hired` stage: always last, never removed.
    pub fixed_last: bool,
}

/// The pipeline's stages as rows, with blank rows before `hired` to add stages.
pub fn rows_for(p: &Pipeline) -> Vec<StageRow> {
    let mut rows: Vec<StageRow> = p
        .stages()
        .iter()
        .map(|s| StageRow {
            key: s.key.to_string(),
            name: s.name.clone(),
            fixed_last: s.key.as_str() == HIRED,
        })
        .collect();
    let at = rows.iter().position(|r| r.fixed_last).unwrap_or(rows.len());
    for _ in 0..2 {
        rows.insert(at, StageRow::default());
    }
    rows
}

/// Reads the rows back: removed and blank rows dropped, the rest ordered by their order
/// number (ties keep the form's order), `hired` last, new stages given fresh keys.
/// `None` when the form asks for the built-in pipeline back.
pub fn parse(f: &FormFields) -> Result<Option<Pipeline>, DomainError> {
    if f.one("reset") == "1" {
        return Ok(None);
    }
    let mut rows: Vec<(u32, usize, String, String)> = Vec::new();
    for i in 0..MAX_ROWS {
        let key = f.one(&format!("s{i}_key")).trim().to_string();
        let name = f.one(&format!("s{i}_name")).trim().to_string();
        if f.one(&format!("s{i}_remove")) == "1" && key != HIRED {
            continue;
        }
        if key.is_empty() && name.is_empty() {
            continue;
        }
        let order = f
            .one(&format!("s{i}_order"))
            .trim()
            .parse::<u32>()
            .unwrap_or(500);
        rows.push((if key == HIRED { u32::MAX } else { order }, i, key, name));
    }
    rows.sort_by_key(|(order, i, _, _)| (*order, *i));
    let taken: Vec<String> = rows.iter().map(|r| r.2.clone()).collect();
    let mut next = 1;
    let mut stages = Vec::with_capacity(rows.len());
    for (_, _, key, name) in rows {
        let key = if key.is_empty() {
            while taken.contains(&format!("custom_{next}")) {
                next += 1;
            }
            next += 1;
            format!("custom_{}", next - 1)
        } else {
            key
        };
        stages.push(Stage {
            key: StageKey::parse(&key)?,
            name,
        });
    }
    Pipeline::new(stages).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use kaoguan_domain::Language;

    fn form(pairs: &[(&str, &str)]) -> FormFields {
        FormFields::new(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn rows_reorder_rename_remove_and_add_stages_with_hired_last() {
        let rows = rows_for(&Pipeline::default_for(Language::Zh));
        assert_eq!(rows.len(), 8);
        assert!(rows[7].fixed_last && rows[5].key.is_empty() && rows[6].key.is_empty());
        let p = parse(&form(&[
            ("s0_key", "screening"),
            ("s0_name", "简历筛选"),
            ("s0_order", "2"),
            ("s1_key", "ai_interview"),
            ("s1_name", "AI 初面"),
            ("s1_order", "1"),
            ("s2_key", "second_round"),
            ("s2_name", "复试"),
            ("s2_remove", "1"),
            ("s3_key", ""),
            ("s3_name", "笔试"),
            ("s3_order", "3"),
            ("s4_key", ""),
            ("s4_name", ""),
            ("s5_key", "hired"),
            ("s5_name", "已入职"),
            ("s5_order", "1"),
        ]))
        .unwrap()
        .unwrap();
        let got: Vec<(&str, &str)> = p
            .stages()
            .iter()
            .map(|s| (s.key.as_str(), s.name.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("ai_interview", "AI 初面"),
                ("screening", "简历筛选"),
                ("custom_1", "笔试"),
                ("hired", "已入职")
            ]
        );
    }

    #[test]
    fn a_new_stage_never_takes_a_key_in_use_and_bad_pipelines_are_refused() {
        let p = parse(&form(&[
            ("s0_key", "custom_1"),
            ("s0_name", "笔试"),
            ("s0_order", "1"),
            ("s1_key", ""),
            ("s1_name", "终面"),
            ("s1_order", "2"),
            ("s2_key", "hired"),
            ("s2_name", "入职"),
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(p.stages()[1].key.as_str(), "custom_2");
        // Only hired left: a pipeline needs two stages.
        assert!(parse(&form(&[("s0_key", "hired"), ("s0_name", "入职")])).is_err());
        // A blank name on an existing stage.
        assert!(parse(&form(&[
            ("s0_key", "screening"),
            ("s0_name", " "),
            ("s1_key", "hired"),
            ("s1_name", "入职"),
        ]))
        .is_err());
        assert_eq!(parse(&form(&[("reset", "1")])).unwrap(), None);
    }
}
