//! Question templates for the synthetic corpus: six topics, each in Chinese and English
//! (topic `i` of one language is the same scenario as topic `i` of the other, so mixed
//! answers can borrow a sentence across). Written for the benchmark; no evaluation text.
//!
//! In `moves` and `fillers`, `{n}` becomes a number, `{x}` a named tool and `{t}` a time.

pub struct Topic {
    /// `situational` or `behavioral`, as the API spells it.
    pub kind: &'static str,
    /// The job competency this question measures.
    pub competency: &'static str,
    pub question: &'static str,
    pub key_points: [&'static str; 5],
    pub red_flag: &'static str,
    /// Sentences that address the key points (roughly one per point, in order).
    pub moves: &'static [&'static str],
}

pub struct Language {
    pub code: &'static str,
    pub topics: [Topic; 6],
    /// Sentences that say little; they pad weak answers.
    pub fillers: &'static [&'static str],
    pub numbers: &'static [&'static str],
    pub things: &'static [&'static str],
    pub times: &'static [&'static str],
    /// Joins sentences: "" for Chinese, " " for English.
    pub joiner: &'static str,
}

pub const EN: Language = Language {
    code: "en",
    joiner: " ",
    numbers: &["3", "5", "12", "20", "35", "40"],
    things: &["the CRM", "Zendesk", "an Excel tracker", "the order system", "Jira", "a shared checklist"],
    times: &["within two hours", "the same day", "by Friday", "within a week", "before the deadline"],
    fillers: &[
        "I think this is very important for any team.",
        "Communication is always the key in my opinion.",
        "I am a hard-working person and I learn fast.",
        "Every situation is different, so it depends.",
    ],
    topics: [
        Topic {
            kind: "situational",
            competency: "service",
            question: "A customer says the parcel arrived damaged and they need it tomorrow. What do you do?",
            key_points: [
                "apologises and acknowledges the customer's frustration",
                "collects the order number and photos of the damage",
                "arranges an express replacement before the deadline",
                "offers a refund or discount if the deadline cannot be met",
                "follows up afterwards and reports the packaging issue",
            ],
            red_flag: "blames the courier and refuses to help",
            moves: &[
                "First I apologise and tell the customer I understand how stressful this is.",
                "I ask for the order number and {n} photos of the damage and log them in {x}.",
                "Then I arrange an express replacement so it arrives {t}.",
                "If that is impossible I offer a full refund or a {n}% discount.",
                "Afterwards I call back to confirm and report the packaging problem to the warehouse.",
            ],
        },
        Topic {
            kind: "behavioral",
            competency: "teamwork",
            question: "Tell us about a time you disagreed with a colleague. How did you resolve it?",
            key_points: [
                "describes the situation and the disagreement",
                "explains their own responsibility in it",
                "talked to the colleague privately and listened",
                "agreed a concrete compromise or next step",
                "states the result and what they learned",
            ],
            red_flag: "describes the colleague as stupid or lazy",
            moves: &[
                "Last year a colleague and I disagreed about the launch plan for a client project.",
                "I was responsible for the schedule, so I had to settle it {t}.",
                "I invited him for a private talk and listened to his concerns about quality.",
                "We agreed to split the release into two phases and track it in {x}.",
                "As a result we shipped on time, defects fell by {n}%, and I learned to ask before arguing.",
            ],
        },
        Topic {
            kind: "behavioral",
            competency: "execution",
            question: "Describe a time you had too many urgent tasks. How did you prioritise?",
            key_points: [
                "describes the workload and the deadlines",
                "ranks tasks by impact and urgency",
                "communicates with the manager about trade-offs",
                "delegates or postpones lower-value work",
                "states the outcome with a measurable result",
            ],
            red_flag: "works overtime without telling anyone",
            moves: &[
                "In my last role I once had {n} urgent requests due in the same week.",
                "I listed them in {x} and ranked them by customer impact and deadline.",
                "I told my manager which two items would slip and why, and she agreed.",
                "I delegated the reporting task to a teammate and postponed the internal review.",
                "All critical items were delivered {t} and customer complaints dropped by {n}%.",
            ],
        },
        Topic {
            kind: "situational",
            competency: "service",
            question: "A client says our price is too high compared with a competitor. How do you respond?",
            key_points: [
                "asks questions to understand the client's needs",
                "explains the value beyond price",
                "compares total cost honestly",
                "offers a suitable option or package",
                "agrees a next step with the client",
            ],
            red_flag: "criticises the competitor dishonestly",
            moves: &[
                "I would first ask what matters most to the client and how they will use the product.",
                "Then I explain the value we add, such as training and support {t}.",
                "I compare the total cost over {n} months honestly, including maintenance.",
                "If the budget is tight I offer a smaller package that still solves the main need.",
                "Finally I agree a follow-up call and send a written proposal through {x}.",
            ],
        },
        Topic {
            kind: "behavioral",
            competency: "execution",
            question: "Tell us about a process you improved at work.",
            key_points: [
                "describes the old process and its problem",
                "explains why they took ownership",
                "analysed the cause with data",
                "implemented a concrete change",
                "measured the improvement",
            ],
            red_flag: "takes credit for the team's work",
            moves: &[
                "Our refund process used to take {n} days because every case was checked twice.",
                "Nobody owned it, so I volunteered to fix it.",
                "I pulled the data from {x} and found most delays came from missing documents.",
                "I built a checklist form so requests arrive complete the first time.",
                "After two months the average time fell to {n} hours and errors went down.",
            ],
        },
        Topic {
            kind: "situational",
            competency: "teamwork",
            question: "A new teammate keeps making mistakes that affect your work. What would you do?",
            key_points: [
                "stays calm and checks the facts first",
                "talks to the teammate privately and kindly",
                "offers help, training or a clear example",
                "agrees how to check progress",
                "escalates to the manager only if it continues",
            ],
            red_flag: "complains about the teammate publicly",
            moves: &[
                "I would stay calm and check which mistakes really came from the new teammate.",
                "Then I would talk to him privately and kindly, without blame.",
                "I would offer to walk him through the process and share an example in {x}.",
                "We would agree to review his work together {t} for the next {n} days.",
                "If the problem continued I would raise it with our manager with facts.",
            ],
        },
    ],
};

pub const ZH: Language = Language {
    code: "zh",
    joiner: "",
    numbers: &["3", "5", "12", "20", "35", "40"],
    things: &[
        "CRM系统",
        "工单系统",
        "Excel表格",
        "企业微信",
        "OA流程",
        "共享清单",
    ],
    times: &["两小时内", "当天", "周五前", "一周内", "截止日期前"],
    fillers: &[
        "我觉得这件事对任何团队来说都非常重要。",
        "我认为沟通永远是最关键的。",
        "我是一个认真负责、学习能力很强的人。",
        "每种情况都不一样，要具体问题具体分析。",
    ],
    topics: [
        Topic {
            kind: "situational",
            competency: "service",
            question: "客户说收到的包裹破损了，而且明天就要用，你会怎么处理？",
            key_points: [
                "真诚道歉并理解客户的着急心情",
                "核实订单号并收集破损照片",
                "在期限前安排加急补发",
                "无法按时送达时提供退款或补偿",
                "事后回访并反馈包装问题",
            ],
            red_flag: "把责任推给快递且不提供帮助",
            moves: &[
                "我会先真诚地向客户道歉，表示理解他着急的心情。",
                "然后核实订单号，请客户拍{n}张破损照片，并记录到{x}里。",
                "接着马上安排加急补发，保证{t}送到客户手上。",
                "如果实在来不及，我会主动提出全额退款或者给{n}%的补偿。",
                "事后我会回访确认客户满意，并把包装问题反馈给仓库。",
            ],
        },
        Topic {
            kind: "behavioral",
            competency: "teamwork",
            question: "请讲一次你和同事意见不一致的经历，你是怎么解决的？",
            key_points: [
                "说明当时的背景和分歧",
                "说明自己承担的职责",
                "私下沟通并认真倾听对方",
                "商定具体的折中方案",
                "说明结果和收获",
            ],
            red_flag: "贬低同事能力差或者懒",
            moves: &[
                "去年做一个客户项目时，我和一位同事对上线方案有很大分歧。",
                "我负责整体排期，所以必须在{t}把问题解决。",
                "我约他私下聊了一次，认真听了他对质量的担心。",
                "最后我们商定分两期上线，并用{x}跟踪进度。",
                "结果项目按时交付，缺陷减少了{n}%，我也学会了先倾听再表达。",
            ],
        },
        Topic {
            kind: "behavioral",
            competency: "execution",
            question: "请描述一次你同时有很多紧急任务的经历，你是怎么排优先级的？",
            key_points: [
                "说明工作量和截止时间",
                "按影响和紧急程度排序",
                "和主管沟通取舍",
                "把次要工作委托或延后",
                "用数据说明结果",
            ],
            red_flag: "自己默默加班不和任何人沟通",
            moves: &[
                "上一份工作中，我有一周同时接到了{n}个紧急需求。",
                "我把任务列在{x}里，按对客户的影响和截止时间排序。",
                "我跟主管说明哪两项会延期以及原因，她同意了。",
                "我把报表工作交给同事，把内部评审往后推。",
                "最后关键任务都在{t}完成，客户投诉下降了{n}%。",
            ],
        },
        Topic {
            kind: "situational",
            competency: "service",
            question: "客户说我们的价格比竞争对手贵，你会怎么回应？",
            key_points: [
                "先提问了解客户的需求",
                "说明价格之外的价值",
                "如实比较总体成本",
                "推荐合适的方案或套餐",
                "和客户约定下一步",
            ],
            red_flag: "不实地诋毁竞争对手",
            moves: &[
                "我会先问客户最看重什么，以及打算怎么使用产品。",
                "然后说明我们额外提供的价值，比如培训和{t}响应的售后服务。",
                "我会如实比较{n}个月的总体成本，包括维护费用。",
                "如果预算紧张，我会推荐一个更小的套餐，先解决最主要的需求。",
                "最后和客户约好回访时间，并通过{x}发送书面方案。",
            ],
        },
        Topic {
            kind: "behavioral",
            competency: "execution",
            question: "请讲一个你在工作中改进流程的例子。",
            key_points: [
                "说明原来的流程和问题",
                "说明自己为什么主动负责",
                "用数据分析原因",
                "落实了具体的改进",
                "衡量改进效果",
            ],
            red_flag: "把团队的功劳说成自己的",
            moves: &[
                "我们原来的退款流程要{n}天，因为每个单子都要审核两遍。",
                "这件事没人负责，我就主动把它接了过来。",
                "我从{x}导出数据，发现大部分延误都是因为材料不全。",
                "于是我做了一个清单表单，让申请一次就提交完整。",
                "两个月后平均处理时间缩短到{n}小时，差错也明显减少。",
            ],
        },
        Topic {
            kind: "situational",
            competency: "teamwork",
            question: "新来的同事总是出错，影响了你的工作，你会怎么做？",
            key_points: [
                "保持冷静并先核实事实",
                "私下友善地和同事沟通",
                "提供帮助、培训或示范",
                "约定跟进检查的方式",
                "问题持续时才上报主管",
            ],
            red_flag: "公开抱怨这位同事",
            moves: &[
                "我会先冷静下来，核实哪些错误确实是新同事造成的。",
                "然后私下友善地和他沟通，不去指责他。",
                "我会带他走一遍流程，并在{x}里给他一个示范。",
                "我们约定接下来{n}天里{t}一起检查他的工作。",
                "如果问题还持续，我会带着事实和主管反映。",
            ],
        },
    ],
};
