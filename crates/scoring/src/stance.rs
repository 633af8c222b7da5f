//! Stance: whether a piece of an answer *asserts* a rubric item, *contradicts* it, or only
//! *mentions* its words.
//!
//! Similarity (cosine or shared words) measures topic, not stance: "没必要报告主管" is as
//! close to the key point "向主管报告" as "我会报告主管" is. This module reads the speaker's
//! commitment the way clinical negation detectors (NegEx) do: cue words with a scope.
//!
//! - **Flips** reverse what falls in their scope: grammatical negation (不, 没, never,
//!   n't), dismissal (没必要, 多余, no need, pointless) and verbs of not doing (拒绝,
//!   放弃, 隐瞒, refuse, skip, ignore). A cue's scope runs to the end of its clause, or to
//!   a contrastive word (但是, 而是, but, instead); dismissals that follow what they
//!   dismiss ("报告主管是多余的", "calling them is pointless") reach back to the clause's
//!   start.
//! - **Deflection** hands the responsibility to someone else ("不是我们能决定的",
//!   "the courier's responsibility", "not my job").
//! - **Hedges** defer the action to a condition that may never hold ("有时间的话",
//!   "if I have time").
//!
//! The *focus* of a comparison is the content the item and the answer share, minus the
//! question's own words (any on-topic answer repeats those). An item and a clause that
//! flip their shared content the same number of times (mod 2) agree; otherwise the clause
//! contradicts the item. With nothing shared (a paraphrase, or another language) only
//! grammatical negation is read, and a negated clause cannot support an affirmative item.
//!
//! Everything here is about how people state commitments in Chinese and English, not about
//! any trade: the same cues hold for a bank teller, a nurse and a backend engineer.

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::tokenize::{analyse, Term};

/// How an answer span relates to a rubric item. Only [`Relation::Supports`] earns credit
/// for a key point or raises a red flag.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The span says the candidate does (or holds) what the item describes.
    #[default]
    Supports,
    /// The span negates, refuses or dismisses it, or says the opposite.
    Contradicts,
    /// The span uses the item's words without committing to it: deflected to someone else
    /// or deferred to a condition.
    Mentions,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Grammatical negation and dismissal: read even when nothing is shared.
    Negation,
    /// Verbs of not doing (refuse, skip, hide…): read only over shared content, since a
    /// paraphrase may express the same act without them ("停机" and "stop the line").
    Verb,
    /// Dismissal that may follow its object.
    Dismissal,
}

struct Cue {
    start: usize,
    end: usize,
    kind: Kind,
}

/// Words that contain a negation character without negating anything (不错, 不断, 不仅,
/// not only…), listed first so that the leftmost-first alternation prefers them.
const ZH_NOT_NEGATION: &str = "不符|不一致|不对劲|不清楚|不明|不当|不佳|不稳|不够|不全|不合格|不合规|不正常|不舒服|不满意|不耐烦|不配合|不确定|不熟|对不起|不好意思|不客气|了不起|不得了|不一样|无论|无误|非常|并非常|别人|别的|区别|特别|分别|个别|类别|级别|辨别|识别|告别|不错|不断|不仅|不只|不少|不同|不久|不但|不管|不论|不如|不妨|不免|不禁|差不多|不得不|不然|要不|不安|不满|不足|不便|不适|不良|不光|不停|不懈|不怕|不可或缺|不容易|没错|没问题|并不难|毫不犹豫|不遗余力|一丝不苟|不厌其烦|未来|未必然";
const EN_NOT_NEGATION: &str =
    r"not only|not just|no matter|no doubt|never mind|nothing but|no later than|not least";
const ZH_DISMISSAL_BEFORE: &str = "不必|不需要|无需|无须|不用|用不着|何必|不应该|不该";
const ZH_DISMISSAL_BOTH: &str = "没必要|没有必要|不必要|犯不着|多此一举|多余|没用|没有用|白费|浪费时间|是错误的|是不对的|没意义|没有意义|意义不大|小题大做|大惊小怪";
const EN_DISMISSAL_BEFORE: &str = r"no need|needn['’]t|shouldn['’]t|should not";
const EN_DISMISSAL_BOTH: &str = r"unnecessary|needless|pointless|a waste of time|waste of time|overkill|not worth|not necessary|a bad idea|makes no sense|is wrong|a mistake|overreact\w*|paranoi\w*";
const ZH_NEGATION: &str = "不|没有|没|别|勿|未|莫|甭|非|无|避免|防止|杜绝|禁止|以免|免得";
const EN_NEGATION: &str = r"\w+n['’]t|not|never|no|nobody|nothing|neither|nor|without|cannot|instead of|rather than|avoid\w*|prevent\w*";
const ZH_VERB: &str = "拒绝|放弃|忽视|忽略|无视|隐瞒|掩盖|瞒着|瞒报|回避|敷衍|拖延|跳过|省掉|省去|漏掉|懒得|推迟|拖着|搁置";
const EN_VERB: &str = r"refus\w*|ignor\w*|skip\w*|hid(e|es|ing|den)?|conceal\w*|cover(s|ed|ing)? up|neglect\w*|dismiss\w*|delay\w*|postpon\w*|fail(s|ed)? to|forgot\w*|bypass\w*|omit\w*|stop(s|ped|ping)?";

fn cue_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let pattern = format!(
            r"(?i)(?P<skip>{ZH_NOT_NEGATION}|\b(?:{EN_NOT_NEGATION})\b)|(?P<dboth>{ZH_DISMISSAL_BOTH}|\b(?:{EN_DISMISSAL_BOTH})\b)|(?P<dbefore>{ZH_DISMISSAL_BEFORE}|\b(?:{EN_DISMISSAL_BEFORE})\b)|(?P<verb>{ZH_VERB}|\b(?:{EN_VERB})\b)|(?P<neg>{ZH_NEGATION}|\b(?:{EN_NEGATION})\b)"
        );
        Regex::new(&pattern).expect("static stance cue pattern")
    })
}

// Where a cue's scope stops: clause punctuation and contrastive words.
pattern!(
    boundary_regex,
    r"(?i)[,，;；:：、。.!！?？()（）]|但是|但|而是|可是|不过|却|就|然后|之后|的话|的时候|",
    r"\b(?:but|however|instead|rather|though|although|whereas|then|when|if|before|after|because|so that)\b"
);

// Passing responsibility to someone or something else.
pattern!(
    deflection_regex,
    r"(?i)(?:不是|并非|又不是)(?:我|我们)[^，,。；;]{0,10}(?:的|能|该|来|管)|不归(?:我|我们)|不关(?:我|我们)|与(?:我|我们)无关|",
    r"(?:跟|和|与)[^，,。；;]{0,6}(?:没有|没|无)关系|推卸|推给|推到|推脱|甩锅|找借口|",
    r"(?:主要|都|全|完全|本来就)是[^，,。；;]{1,12}?(?:的)?(?:问题|责任|错)|自己[^，,。；;]{0,6}有问题|",
    r"(?:怪|归咎于|归罪于)(?:他|她|他们|别人|同事|客户|领导|公司|系统|快递|物流|下属|上级|其他)|",
    r"是(?:他|她|他们|别人|同事|领导|上面|公司|总部|物流|快递|厂家|系统|制度|其他部门|客户自己)[^，,。；;]{0,12}(?:的)?(?:问题|责任|错|事)|",
    r"\bnot (?:my|our) (?:job|problem|fault|responsibility|call|department|concern)\b|",
    r"\b(?:their|his|her|someone else['’]s|somebody else['’]s|the \w+['’]s|the \w+ team['’]s) (?:fault|responsibility|problem|job)\b|",
    r"\bblam\w*|\bshift\w* (?:the )?(?:blame|responsibility)|\bdeflect\w*|\bpass(?:es|ed|ing)? the buck|",
    r"\bout of (?:my|our) hands\b|\bnothing (?:i|we) can do\b|\bup to (?:them|the \w+)\b|\bmake excuses\b"
);

// Deferring the action to a condition that may never hold.
pattern!(
    hedge_regex,
    r"(?i)如果有时间|有时间的话|有空的话|有空再|看情况再|以后再说|到时候再说|看心情|",
    r"\bif (?:i|we) (?:have|get|find) (?:the )?time\b|\bif there['’]?s time\b|\bif there is time\b|\bmaybe later\b|\bwhen i get around to\b"
);

// A condition rather than a fact ("如果…", "if …").
pattern!(
    conditional_regex,
    r"(?i)如果|如仍|若是|要是|假如|万一|一旦|\b(?:if|unless|in case|should the)\b"
);

// Quoted passages (“…”, "…", 「…」, ‘…’).
pattern!(quote_regex, r#"“[^”]*”|「[^」]*」|‘[^’]*’|"[^"]*""#);

fn cues(text: &str) -> Vec<Cue> {
    cue_regex()
        .captures_iter(text)
        .filter_map(|c| {
            let (m, kind) = if let Some(m) = c.name("dboth") {
                (m, Kind::Dismissal)
            } else if let Some(m) = c.name("dbefore") {
                (m, Kind::Negation)
            } else if let Some(m) = c.name("verb") {
                (m, Kind::Verb)
            } else {
                (c.name("neg")?, Kind::Negation)
            };
            Some(Cue {
                start: m.start(),
                end: m.end(),
                kind,
            })
        })
        .collect()
}

/// The byte range of the scope of a cue at `start..end` in `text`: forward to the next
/// boundary; a dismissal also backward to the previous one.
fn scope(text: &str, cue: &Cue) -> (usize, usize) {
    let after = &text[cue.end..];
    let fwd = boundary_regex()
        .find(after)
        .map_or(text.len(), |m| cue.end + m.start());
    let back = if cue.kind == Kind::Dismissal {
        boundary_regex()
            .find_iter(&text[..cue.start])
            .last()
            .map_or(0, |m| m.end())
    } else {
        cue.start
    };
    (back, fwd)
}

/// How one text treats the focus: the number of flips whose scope holds focus content,
/// whether it deflects, whether it hedges.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reading {
    pub flips: usize,
    pub deflects: bool,
    pub hedged: bool,
}

impl Reading {
    pub fn negative(&self) -> bool {
        self.flips % 2 == 1
    }
}

/// Reads `text` with respect to `focus` (content terms). With an empty focus, every
/// grammatical negation counts once (verbs of not doing are not read).
pub fn read(text: &str, focus: &HashSet<Term>) -> Reading {
    let mut r = Reading {
        deflects: deflects(text),
        hedged: hedge_regex().is_match(text),
        ..Reading::default()
    };
    let has_focus = |s: &str| analyse(s).terms.iter().any(|t| focus.contains(t));
    for cue in cues(text) {
        if focus.is_empty() {
            if cue.kind != Kind::Verb {
                r.flips += 1;
            }
            continue;
        }
        let (a, b) = scope(text, &cue);
        // The scope without the cue word itself: a verb of not doing that *is* the shared
        // content ("拒绝" in both) is the content, not a flip of it.
        let before = text.get(a..cue.start.max(a)).unwrap_or("");
        let after = text.get(cue.end.min(b)..b).unwrap_or("");
        if has_focus(before) || has_focus(after) {
            r.flips += 1;
        }
    }
    r
}

/// Whether the text passes responsibility on, and does not negate doing so ("我不会推卸
/// 责任", "I won't blame the courier").
pub fn deflects(text: &str) -> bool {
    deflection_regex().find_iter(text).any(|m| {
        let head = &text[..m.start()];
        // The clause the match sits in, up to the match.
        let clause_start = boundary_regex()
            .find_iter(head)
            .last()
            .map_or(0, |b| b.end());
        let lead = &text[clause_start..m.start()];
        !cues(lead).iter().any(|c| c.kind == Kind::Negation) || m.as_str().starts_with('不')
    })
}

/// Whether a rubric item describes passing responsibility on (a blame-shifting red flag).
pub fn describes_deflection(item: &str) -> bool {
    deflection_regex().is_match(item)
}

/// The clauses of a span: pieces between boundaries, each with its content terms.
pub fn clauses(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut at = 0;
    for m in boundary_regex().find_iter(text) {
        // Contrastive words start the next clause; punctuation belongs to neither.
        if m.start() > at {
            out.push(&text[at..m.start()]);
        }
        at = if m.as_str().chars().all(char::is_alphabetic) {
            m.start()
        } else {
            m.end()
        };
    }
    if at < text.len() {
        out.push(&text[at..]);
    }
    out.into_iter().filter(|c| !c.trim().is_empty()).collect()
}

/// The relation of an answer span to a rubric item.
///
/// `item_terms` are the item's content terms and `ignore` the question's (not evidence of
/// stance: every on-topic answer uses them). A span supports the item when one of its
/// clauses holds the shared content with the item's polarity and commits to it; it
/// contradicts when the shared content is held with the opposite polarity, or when it is
/// negated while the item is affirmative and nothing is shared.
///
/// With `red_flag`, a span that shares no content with the item can at most mention it: a
/// flag is raised on what the answer says, and a resemblance of topic is not an assertion
/// (a false red flag costs a candidate more than a missed one).
pub fn relation(
    item: &str,
    item_terms: &HashSet<Term>,
    span: &str,
    span_terms: &HashSet<Term>,
    ignore: &HashSet<Term>,
    red_flag: bool,
) -> Relation {
    // Quoted examples in an item ("如“大家都在排队，又不是只有您”") are speech the item
    // describes, not the item's own stance.
    let unquoted = without_quotes(item);
    let item = unquoted.as_str();
    let focus: HashSet<Term> = item_terms
        .iter()
        .filter(|t| span_terms.contains(*t) && !ignore.contains(*t))
        .cloned()
        .collect();
    let deflection_item = describes_deflection(item);
    // A question the candidate asks ("是预算不够，还是竞品报价更低？") asserts nothing.
    if red_flag && span.trim_end().ends_with(['?', '？']) {
        return Relation::Mentions;
    }
    if focus.is_empty() {
        let it = read(item, &focus);
        let sp = read(span, &focus);
        if red_flag {
            // Nothing shared: only a plain, unconditional statement can assert a flag by
            // meaning alone ("客户如仍要投诉" is about the customer, and conditional).
            let plain = !it.negative() && !sp.negative() && !sp.deflects && !sp.hedged;
            return if plain && !conditional(span) {
                Relation::Supports
            } else {
                Relation::Mentions
            };
        }
        if sp.deflects && !deflection_item {
            return Relation::Mentions;
        }
        if sp.hedged {
            return Relation::Mentions;
        }
        return match (it.negative(), sp.negative()) {
            (false, true) => Relation::Contradicts,
            _ => Relation::Supports,
        };
    }
    // The clause holding most of the shared content decides; on a tie the less favourable
    // reading wins (a clause that refuses the act outweighs one that repeats a word of it).
    let mut best: Option<(f64, Relation)> = None;
    for clause in clauses(span) {
        let clause_terms = analyse(clause).terms;
        let shared: HashSet<Term> = clause_terms
            .into_iter()
            .filter(|t| focus.contains(t))
            .collect();
        if shared.is_empty() {
            continue;
        }
        let weight: f64 = shared.iter().map(Term::weight).sum();
        // Polarity over what this clause shares: an item may negate one act and affirm
        // another ("不核对处方就直接发药").
        let it = read(item, &shared);
        let r = read(clause, &shared);
        let rel = if r.negative() != it.negative() {
            Relation::Contradicts
        } else if r.hedged || (r.deflects && !deflection_item) {
            Relation::Mentions
        } else {
            Relation::Supports
        };
        let better = match best {
            None => true,
            Some((w, prev)) => {
                weight > w + 1e-9 || ((weight - w).abs() <= 1e-9 && rank(rel) < rank(prev))
            }
        };
        if better {
            best = Some((weight, rel));
        }
    }
    match best {
        Some((_, rel)) => rel,
        None => {
            // The shared words sit across clauses (e.g. only in a window): judge the whole.
            if read(span, &focus).negative() != read(item, &focus).negative() {
                Relation::Contradicts
            } else {
                Relation::Supports
            }
        }
    }
}

/// Whether the text states a condition rather than a fact.
fn conditional(text: &str) -> bool {
    conditional_regex().is_match(text)
}

/// The text without quoted passages.
fn without_quotes(text: &str) -> String {
    quote_regex().replace_all(text, "").into_owned()
}

/// Order of precedence on ties: contradiction, then mention, then support.
fn rank(r: Relation) -> u8 {
    match r {
        Relation::Contradicts => 0,
        Relation::Mentions => 1,
        Relation::Supports => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(s: &str) -> HashSet<Term> {
        analyse(s).terms.into_iter().collect()
    }

    fn rel(item: &str, span: &str) -> Relation {
        relation(
            item,
            &terms(item),
            span,
            &terms(span),
            &HashSet::new(),
            false,
        )
    }

    fn flag(item: &str, span: &str) -> Relation {
        relation(
            item,
            &terms(item),
            span,
            &terms(span),
            &HashSet::new(),
            true,
        )
    }

    #[test]
    fn a_red_flag_needs_shared_content_and_quoted_examples_carry_no_stance() {
        // Nothing shared: a conditional or negated statement does not raise a flag.
        assert_eq!(
            flag("与客人争执", "如果还要投诉,我会告诉他投诉电话"),
            Relation::Mentions
        );
        assert_eq!(flag("与客人争执", "我没有跟他吵"), Relation::Mentions);
        // The example quoted in the flag does not make the flag negative.
        let f = "否认问题或与客人争执,如“又不是只有您在等”";
        assert_eq!(
            flag(f, "我会跟客人争执,告诉他大家都在等"),
            Relation::Supports
        );
        assert_eq!(flag(f, "我不会跟客人争执"), Relation::Contradicts);
        // A question asks; it does not assert.
        assert_eq!(
            flag("贬低竞争对手", "是预算不够,还是竞争对手报价更低?"),
            Relation::Mentions
        );
    }

    // Made-up items from trades the dev set does not use (pharmacy, logistics, hotels).

    #[test]
    fn affirmed_action_supports_and_negated_action_contradicts() {
        let point = "发现批号不符时立即通知药师";
        assert_eq!(
            rel(point, "我会马上通知当班药师核对批号"),
            Relation::Supports
        );
        assert_eq!(
            rel(point, "我不会通知药师,自己改一下批号就行"),
            Relation::Contradicts
        );
        assert_eq!(
            rel(point, "通知药师没必要,浪费大家时间"),
            Relation::Contradicts
        );
        let en = "escalate the damaged pallet to the shift lead";
        assert_eq!(
            rel(en, "I would escalate it to the shift lead right away."),
            Relation::Supports
        );
        assert_eq!(
            rel(en, "I wouldn't escalate it to the shift lead."),
            Relation::Contradicts
        );
        assert_eq!(
            rel(en, "Escalating to the shift lead is pointless."),
            Relation::Contradicts
        );
        assert_eq!(
            rel(en, "There's no need to escalate to the shift lead."),
            Relation::Contradicts
        );
    }

    #[test]
    fn negative_items_agree_with_negated_clauses() {
        // A red flag phrased as not doing something is asserted by a clause that does not.
        let flag = "不核对处方就直接发药";
        assert_eq!(rel(flag, "我不会核对处方,直接发药"), Relation::Supports);
        assert_eq!(rel(flag, "我会先核对处方再发药"), Relation::Contradicts);
        let flag = "拒绝给客人换房";
        assert_eq!(rel(flag, "我不会拒绝给客人换房"), Relation::Contradicts);
        let flag = "argues with the guest";
        assert_eq!(
            rel(flag, "I would never argue with the guest."),
            Relation::Contradicts
        );
        assert_eq!(
            rel(flag, "I'd argue with the guest until they admit it."),
            Relation::Supports
        );
        // "Don't argue" as a key point is supported by not arguing.
        assert_eq!(
            rel("保持冷静,不与客人争执", "我不会和客人争执"),
            Relation::Supports
        );
    }

    #[test]
    fn words_that_merely_contain_a_negation_character_are_not_negations() {
        let point = "持续跟进配送进度";
        assert_eq!(rel(point, "我会不断跟进配送进度"), Relation::Supports);
        assert_eq!(
            rel(point, "不仅要跟进配送进度,还要告诉客户"),
            Relation::Supports
        );
        assert_eq!(
            rel(
                "track the delivery",
                "Not only would I track the delivery, I'd call."
            ),
            Relation::Supports
        );
    }

    #[test]
    fn contrast_ends_the_scope_of_a_negation() {
        let point = "向客人道歉";
        assert_eq!(
            rel(point, "我不会找借口,而是先向客人道歉"),
            Relation::Supports
        );
        assert_eq!(
            rel(
                "refund the guest",
                "I would not argue, but refund the guest at once."
            ),
            Relation::Supports
        );
    }

    #[test]
    fn deflection_and_hedges_only_mention() {
        let point = "主动承担责任并给出补救方案";
        assert_eq!(
            rel(point, "补救方案是物流公司的责任,不是我们能决定的"),
            Relation::Mentions
        );
        assert_eq!(
            rel(
                "call the customer back",
                "If I have time I'd call the customer back."
            ),
            Relation::Mentions
        );
        assert!(describes_deflection("把责任推给其他同事"));
        assert!(describes_deflection("blames the carrier"));
        assert!(deflects("这是仓库的问题,跟我们没关系"));
        assert!(deflects(
            "Honestly that's the carrier's responsibility, not ours."
        ));
        assert!(!deflects("我不会推卸责任"));
        assert!(!deflects("I won't blame the carrier."));
        // A blame-shifting flag is asserted by a deflecting clause.
        assert_eq!(
            rel("把责任推给其他同事", "这是同事的问题,不归我管"),
            Relation::Supports
        );
    }

    #[test]
    fn with_nothing_shared_only_grammatical_negation_is_read() {
        // Another language: no shared terms.
        let point = "立即停止作业并报告";
        assert_eq!(
            rel(point, "I would stop the line and report it."),
            Relation::Supports
        );
        assert_eq!(rel(point, "I would not report it."), Relation::Contradicts);
        // A negated item is not contradicted by an affirmative paraphrase.
        assert_eq!(
            rel("do not leave the patient alone", "我会一直陪着病人"),
            Relation::Supports
        );
    }

    #[test]
    fn question_words_are_not_focus() {
        // "客人" is the question's word: its presence decides nothing.
        let q = terms("客人投诉房间太吵,你怎么处理?");
        let point = "先向客人道歉并表示理解";
        let span = "我会告诉客人不想等可以去别的酒店";
        let r = relation(point, &terms(point), span, &terms(span), &q, false);
        assert_eq!(r, Relation::Contradicts);
    }

    #[test]
    fn clauses_split_at_punctuation_and_contrast() {
        assert_eq!(
            clauses("我不会找借口,而是先道歉。"),
            vec!["我不会找借口", "而是先道歉"]
        );
        assert_eq!(
            clauses("I won't argue but I will refund"),
            vec!["I won't argue ", "but I will refund"]
        );
    }
}
