//! STAR structure (Situation, Task, Action, Result) of behavioural answers, from generic
//! cue lexicons in zh and en. The cues are about narrative form, not about any field, so
//! they carry over to questions in any domain.

use std::sync::OnceLock;

use regex::Regex;

use crate::types::StarResult;

struct Cues {
    situation: Regex,
    task: Regex,
    action: Regex,
    result: Regex,
}

fn cues() -> &'static Cues {
    static CUES: OnceLock<Cues> = OnceLock::new();
    CUES.get_or_init(|| {
        let re = |s: &str| Regex::new(s).expect("static STAR pattern");
        Cues {
            // A past setting: time anchors and "at my previous job" framings.
            situation: re(concat!(
                r"(?i)当时|那时|那次|有一次|去年|前年|今年|上个?月|上周|上学期|之前|以前|曾经|刚入职|刚工作|实习的时候|在上一家|在之前的|",
                r"[0-9一二三四五六七八九十两]+年前|\b(when i was|when we|last (year|month|week|quarter|summer)|",
                r"at my (previous|last|old|former)|in my (previous|last|first|old|former)|",
                r"at the time|a few (years|months|weeks) ago|\d+ (years|months|weeks) ago|once,? (i|we)|",
                r"there was a time|i was working|i worked (at|as|on)|during my)\b"
            )),
            // A goal, a responsibility, a constraint to meet.
            task: re(concat!(
                r"(?i)任务|目标|负责|要求|需要我|需要在|期限|截止|领导让|领导给|安排我|交给我|让我|给了我|为了|",
                r"\b(my (goal|task|job|role|responsibility) (was|is)|the goal was|i was (responsible|asked|tasked|supposed)|",
                r"i needed to|i had to|we needed to|we had to|deadline|in order to|the aim was|objective)\b"
            )),
            // First-person actions.
            action: re(concat!(
                r"(?i)我(先|就|便|马上|立刻|立即|主动|决定|开始|花了|用了|找了|做了|把|去|又|还|每天|每周|通过|组织|带领|整理|制定|设计|写了|搭建|安排|联系|请教|学习|研究|分析)|",
                r"(于是|然后|接着|随后)我|",
                r"\b(i|we) (then |first |also |quickly |immediately )?(\w+ed|set up|built|wrote|made|took|began|ran|led|met|spent|sat down|broke|drew|did|went|found|got|brought|chose|taught|put|kept|sent|spoke|thought it through)\b"
            )),
            // Outcomes: change, completion, numbers, lessons.
            result: re(concat!(
                r"(?i)结果|最终|最后|终于|后来|成功|效果|提升了|提高了|降低了|减少了|缩短|节省|节约|增加了|增长|上线|完成了|达成|获得|拿到|通过了|解决了|得到了|",
                r"从[^，,。]{0,12}(降|提|缩|增|涨)|%|％|",
                r"\b(as a result|in the end|eventually|finally|resulted|result was|outcome|reduced|increased|improved|saved|cut|grew|doubled|halved|launched|delivered|shipped|achieved|won|passed|succeeded|solved|fixed|lowered|raised|went (up|down)|dropped|so that)\b"
            )),
        }
    })
}

/// Detects STAR parts sentence by sentence; each part's evidence is the first sentence
/// that shows it.
pub fn detect(sentences: &[String]) -> StarResult {
    let c = cues();
    let first = |re: &Regex| sentences.iter().find(|s| re.is_match(s)).cloned();
    let situation_evidence = first(&c.situation);
    let task_evidence = first(&c.task);
    let action_evidence = first(&c.action);
    let result_evidence = first(&c.result);
    StarResult {
        situation: situation_evidence.is_some(),
        task: task_evidence.is_some(),
        action: action_evidence.is_some(),
        result: result_evidence.is_some(),
        situation_evidence,
        task_evidence,
        action_evidence,
        result_evidence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn english_star_is_detected() {
        let r = detect(&s(&[
            "Last year at my previous job our nightly backup kept failing.",
            "My goal was to make it reliable within two weeks.",
            "I set up monitoring and rewrote the retry logic.",
            "As a result, failures dropped to zero for three months.",
        ]));
        assert_eq!(r.parts_present(), 4, "{r:?}");
    }

    #[test]
    fn chinese_star_is_detected() {
        let r = detect(&s(&[
            "去年我在仓库实习的时候,盘点总是对不上。",
            "主管给了我一周时间,目标是把差错率降下来。",
            "我先把流程画出来,然后每天抽查。",
            "最终差错率从5%降到了1%。",
        ]));
        assert_eq!(r.parts_present(), 4, "{r:?}");
    }

    #[test]
    fn generic_claims_have_no_star() {
        let r = detect(&s(&["I am a fast learner and I love challenges."]));
        assert!(!r.situation && !r.result, "{r:?}");
    }
}
