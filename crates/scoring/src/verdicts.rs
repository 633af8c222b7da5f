//! The judge's answers for one scoring call: which spans of each rubric item it was asked
//! about, and what it said (see [`crate::judge`]).

use crate::coverage::{Calibration, Span, Target};
use crate::judge::{Judge, JudgePair, JUDGED_SPANS};

/// The judge's answers per item: span index → probability that it asserts the item.
#[derive(Default)]
pub(crate) struct Verdicts {
    pub points: Vec<Vec<(usize, Option<f64>)>>,
    pub flags: Vec<Vec<(usize, Option<f64>)>>,
}

/// Asks the judge (if any) about each item's most similar distinct spans, in one call.
pub(crate) fn ask(
    judge: Option<&dyn Judge>,
    points: &[Target],
    flags: &[Target],
    spans: &[Span],
    cal: &Calibration,
) -> Verdicts {
    let Some(judge) = judge else {
        return Verdicts {
            points: vec![Vec::new(); points.len()],
            flags: vec![Vec::new(); flags.len()],
        };
    };
    let pick = |t: &Target| -> Vec<usize> {
        let mut seen: Vec<&str> = Vec::new();
        let mut out = Vec::new();
        for (i, _) in t.ranked(spans, cal) {
            if out.len() == JUDGED_SPANS {
                break;
            }
            if !seen.contains(&spans[i].text.as_str()) {
                seen.push(&spans[i].text);
                out.push(i);
            }
        }
        out
    };
    let chosen: Vec<(bool, usize, Vec<usize>)> = points
        .iter()
        .enumerate()
        .map(|(k, t)| (false, k, pick(t)))
        .chain(flags.iter().enumerate().map(|(k, t)| (true, k, pick(t))))
        .collect();
    let pairs: Vec<JudgePair> = chosen
        .iter()
        .flat_map(|(red_flag, k, idx)| {
            let item = if *red_flag { &flags[*k] } else { &points[*k] };
            idx.iter().map(move |i| JudgePair {
                item: item.text.clone(),
                red_flag: *red_flag,
                span: spans[*i].text.clone(),
            })
        })
        .collect();
    let answers = judge.judge(&pairs);
    let mut answers = answers.into_iter().chain(std::iter::repeat(None));
    let mut v = Verdicts {
        points: vec![Vec::new(); points.len()],
        flags: vec![Vec::new(); flags.len()],
    };
    for (red_flag, k, idx) in chosen {
        let slot = if red_flag {
            &mut v.flags[k]
        } else {
            &mut v.points[k]
        };
        for i in idx {
            slot.push((i, answers.next().flatten()));
        }
    }
    v
}
