//! Made-up questions from fields the dev set does not cover (pharmacy logistics, finance,
//! persuasion), so the behaviour tests are not tuned to the evaluation data.

#![allow(dead_code)]

use kaoguan_domain::{Language, QuestionKind, Rubric};
use kaoguan_scoring::QuestionInput;

pub fn question(
    id: &str,
    kind: QuestionKind,
    language: Language,
    text: &str,
    competencies: &[&str],
    key_points: &[&str],
    red_flags: &[&str],
) -> QuestionInput {
    QuestionInput {
        id: id.into(),
        kind,
        language,
        text: text.into(),
        competencies: competencies.iter().map(|c| c.parse().unwrap()).collect(),
        rubric: Rubric {
            key_points: key_points.iter().map(|s| s.to_string()).collect(),
            red_flags: red_flags.iter().map(|s| s.to_string()).collect(),
            exemplars: vec![],
        },
    }
}

pub fn cold_chain() -> QuestionInput {
    question(
        "cold-chain",
        QuestionKind::Situational,
        Language::En,
        "A delivery of vaccines arrives at the pharmacy and the temperature logger shows the box was above 8°C for three hours. What do you do?",
        &["quality", "judgement"],
        &[
            "quarantines the vaccines and labels them do not use until a decision is made",
            "downloads the logger data and checks the excursion against the manufacturer's stability data",
            "contacts the wholesaler or manufacturer for advice and a replacement",
            "documents the incident and reports it to the responsible pharmacist or quality team",
            "arranges replacement stock or reschedules patients so nobody receives a compromised dose",
        ],
        &["uses the vaccines anyway without checking", "throws the stock away without documenting anything"],
    )
}

pub const COLD_CHAIN_GOOD: &str = "First I'd move the whole box into a separate fridge and label it 'do not use' so nobody picks it up by mistake. Then I'd download the logger data to see the exact peak temperature and how long it lasted, and compare that with the manufacturer's stability data. I'd call the wholesaler's quality line the same morning to ask whether the stock can still be used and to order a replacement. I'd record the incident in the deviation log and tell the responsible pharmacist. If the replacement can't arrive before tomorrow's clinic, I'd phone the patients booked for that vaccine and move their appointments.";

pub const COLD_CHAIN_OK: &str = "I'd put the vaccines aside so they aren't used, call the wholesaler to ask for advice and a replacement, and tell the pharmacist.";

pub fn reconciliation() -> QuestionInput {
    question(
        "month-end",
        QuestionKind::Situational,
        Language::Zh,
        "月底对账时,你发现银行流水和账面余额之间有一笔5万元的差额对不上,你会怎么处理?",
        &["accuracy"],
        &[
            "逐笔核对银行流水、记账凭证和原始单据,找出差额来源",
            "区分未达账项、记账错误和异常交易",
            "与相关同事、客户或银行沟通核实",
            "按规定编制调节表或更正分录,并保留依据",
            "及时向主管报告,分析原因并完善对账流程",
        ],
        &["随意做一笔调整把差额抹平", "隐瞒差额不报告"],
    )
}

pub const RECON_GOOD: &str = "我会先把这个月的银行流水导出来,和账上的记账凭证逐笔核对,按金额和日期排序,重点看5万元附近的单笔和组合。如果是银行已收我们未记的未达账项,就编制余额调节表说明;如果是我们记账错误,比如金额录错或科目记错,就按规定做更正分录,并把原始单据附上。对于看不懂的异常交易,我会联系银行或相关业务同事核实。整个过程我会及时向主管汇报,事后总结原因,比如是否需要每周对账一次,避免月底集中出问题。";

pub fn persuasion() -> QuestionInput {
    question(
        "persuade",
        QuestionKind::Behavioral,
        Language::Zh,
        "请讲一个你说服一位不认同你方案的同事或客户的经历。",
        &["communication", "influence"],
        &[
            "说明当时的背景和双方分歧是什么",
            "主动了解对方的顾虑和真实需求",
            "用数据、试点或事实支持自己的观点",
            "调整方案或找到双方都能接受的做法",
            "说明最终结果以及自己的收获",
        ],
        &["靠职位或关系强压对方接受", "没有具体事例"],
    )
}

pub const PERSUADE_STAR: &str = "去年我在一家连锁药店做运营,我提出把会员积分从按金额改成按到店次数,但门店店长老王很反对。我的任务是在两周内让他同意在他的门店试点。我先约他聊了一次,了解到他担心老顾客积分变少会投诉。于是我拿上个季度的会员数据做了测算,发现八成老顾客的积分其实会增加,又把方案调整为新老规则并行一个月。最终他同意试点,一个月后他门店的复购率提升了12%,投诉只有两起。这件事让我体会到,先听懂对方的顾虑比急着讲道理更有用。";
