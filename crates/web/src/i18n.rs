//! The console's two languages. Messages live in one table so a missing translation is a
//! test failure, not a blank on screen.

mod hiring;
mod import;
mod intake;

use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// The content language of the same name (default names of stages and the like).
    pub fn language(self) -> kaoguan_domain::Language {
        match self {
            Lang::Zh => kaoguan_domain::Language::Zh,
            Lang::En => kaoguan_domain::Language::En,
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("zh") {
            Some(Lang::Zh)
        } else if s.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    pub fn html_lang(&self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The other language, for the switcher.
    pub fn other(&self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Lang::Zh => "中文",
            Lang::En => "English",
        }
    }

    /// The message for `key`; the key itself if it is missing (and a test catches that).
    pub fn t<'a>(&self, key: &'a str) -> &'a str {
        match catalogue().get(key) {
            Some((zh, en)) => match self {
                Lang::Zh => zh,
                Lang::En => en,
            },
            None => key,
        }
    }
}

fn catalogue() -> &'static HashMap<&'static str, (&'static str, &'static str)> {
    static MAP: OnceLock<HashMap<&'static str, (&'static str, &'static str)>> = OnceLock::new();
    MAP.get_or_init(|| {
        MESSAGES
            .iter()
            .chain(hiring::MESSAGES)
            .chain(intake::MESSAGES)
            .chain(import::MESSAGES)
            .map(|(k, zh, en)| (*k, (*zh, *en)))
            .collect()
    })
}

pub const MESSAGES: &[(&str, &str, &str)] = &[
    ("app.name", "考官 Kaoguan", "Kaoguan 考官"),
    ("app.tagline", "可解释的 AI 结构化面试", "Explainable AI structured interviews"),
    ("nav.jobs", "岗位", "Jobs"),
    ("nav.todo", "待办", "To do"),
    ("nav.reviews", "待复核", "Reviews"),
    ("nav.users", "用户管理", "Users"),
    ("nav.candidates", "候选人", "Candidates"),
    ("todo.title", "待办", "To do"),
    ("todo.human.title", "待安排人工面试", "Human interviews to arrange"),
    ("todo.human.hint", "这些候选人拒绝了 AI 面试，需要人工面试。请联系候选人安排；在报告页做出决定（如“通过”进入复试）后，此项自动移除。", "These candidates declined the AI interview and need a human one. Contact them to arrange it; the entry goes once someone takes a decision on the report page (e.g. advance to the second round)."),
    ("todo.none", "暂无待办。", "Nothing to do."),
    ("todo.job", "岗位", "Job"),
    ("todo.contact", "联系方式", "Contact"),
    ("todo.no_contact", "未留联系方式", "No contact details"),
    ("todo.refused_at", "拒绝时间", "Declined at"),
    ("nav.api", "API 文档", "API docs"),
    ("nav.signout", "退出登录", "Sign out"),
    ("login.title", "登录", "Sign in"),
    ("login.email", "邮箱", "Email"),
    ("login.password", "密码", "Password"),
    ("login.submit", "登录", "Sign in"),
    ("login.failed", "邮箱或密码不正确。", "Wrong email or password."),
    ("role.admin", "管理员", "Admin"),
    ("role.hr", "招聘 HR", "HR"),
    ("role.dept_head", "用人部门负责人", "Department head"),
    ("role.interviewer", "面试官", "Interviewer"),
    ("jobs.title", "岗位列表", "Jobs"),
    ("jobs.new", "新建岗位", "New job"),
    ("jobs.empty", "还没有岗位。", "No jobs yet."),
    ("jobs.department", "部门", "Department"),
    ("jobs.language", "面试语言", "Interview language"),
    ("jobs.questions", "题目数", "Questions"),
    ("jobs.candidates", "候选人数", "Candidates"),
    ("jobs.created", "创建时间", "Created"),
    ("job.title_field", "岗位名称", "Job title"),
    ("job.description", "岗位描述与要求", "Description and requirements"),
    ("job.create", "创建岗位", "Create job"),
    ("job.save", "保存", "Save"),
    ("job.details", "基本信息", "Details"),
    ("job.model", "能力模型", "Competency model"),
    ("job.model_version", "版本", "version"),
    ("job.edit_model", "编辑能力模型", "Edit competency model"),
    ("job.questions", "题库", "Question bank"),
    ("job.add_question", "添加题目", "Add question"),
    ("job.candidates", "候选人", "Candidates"),
    ("job.invite", "邀请候选人", "Invite candidates"),
    ("job.no_candidates", "还没有候选人。", "No candidates yet."),
    ("job.first_model_hint", "先定义能力维度（可稍后修改），创建后再添加题目。", "Define the competency dimensions first (you can change them later); add questions after creating the job."),
    ("lang.zh", "中文", "Chinese"),
    ("lang.en", "英文", "English"),
    ("model.key", "键", "Key"),
    ("model.name", "维度名称", "Dimension"),
    ("model.weight", "权重", "Weight"),
    ("model.indicators", "行为指标（每行一条）", "Behavioural indicators (one per line)"),
    ("model.hint", "留空的行会被忽略。权重为相对值，系统会自动归一化。保存会生成新版本；已出的报告保留原版本。", "Blank rows are ignored. Weights are relative and normalised. Saving creates a new version; existing reports keep theirs."),
    ("model.save", "保存为新版本", "Save as new version"),
    ("q.kind", "题型", "Kind"),
    ("q.kind.situational", "情景模拟", "Situational"),
    ("q.kind.behavioral", "行为面试（STAR）", "Behavioural (STAR)"),
    ("q.kind.technical", "专业/能力", "Technical / ability"),
    ("q.kind.open", "开放题", "Open"),
    ("q.text", "题目", "Question"),
    ("q.competencies", "考察维度", "Dimensions measured"),
    ("q.think", "思考时间（秒）", "Think time (s)"),
    ("q.answer", "作答时间（秒）", "Answer time (s)"),
    ("q.modes", "作答方式", "Answer modes"),
    ("q.mode.text", "文字", "Text"),
    ("q.mode.audio", "语音", "Audio"),
    ("q.mode.video", "视频", "Video"),
    ("q.key_points", "评分要点（每行一条）", "Rubric key points (one per line)"),
    ("q.red_flags", "红线/扣分项（每行一条）", "Red flags (one per line)"),
    ("q.exemplars", "参考答案（可选，多条之间用单独一行 --- 分隔）", "Exemplar answers (optional; separate several with a line containing ---)"),
    ("q.save", "保存题目", "Save question"),
    ("q.rubric_summary", "评分要点", "Rubric key points"),
    ("q.edit", "编辑", "Edit"),
    ("q.archive", "移除", "Remove"),
    ("q.archive_confirm", "从后续面试中移除这道题？已作答的记录会保留。", "Remove this question from future interviews? Given answers are kept."),
    ("q.new_title", "添加题目", "Add question"),
    ("q.edit_title", "编辑题目", "Edit question"),
    ("q.seconds", "秒", "s"),
    ("invite.single", "单个邀请", "Invite one"),
    ("invite.name", "姓名", "Name"),
    ("invite.email", "邮箱（可选）", "Email (optional)"),
    ("invite.phone", "手机（可选）", "Phone (optional)"),
    ("invite.bulk", "批量邀请", "Invite many"),
    ("invite.bulk_hint", "每行一位：姓名, 邮箱, 手机（邮箱和手机可省略）", "One per line: name, email, phone (email and phone optional)"),
    ("invite.submit", "生成面试链接", "Create interview links"),
    ("invite.done", "已生成面试链接", "Interview links created"),
    ("invite.done_hint", "每个链接只显示这一次，请现在复制并发送给候选人。", "Each link is shown only now: copy it and send it to the candidate."),
    ("invite.link", "面试链接", "Interview link"),
    ("invite.back", "返回岗位", "Back to the job"),
    ("invite.errors", "以下行有问题，未发送任何邀请：", "These lines have problems; nothing was sent:"),
    ("invite.line", "第 {n} 行", "line {n}"),
    ("cand.name", "姓名", "Name"),
    ("cand.status", "面试状态", "Interview"),
    ("cand.score", "总分", "Score"),
    ("cand.report", "报告", "Report"),
    ("cand.invited_at", "邀请时间", "Invited"),
    ("cand.view_report", "查看报告", "View report"),
    ("status.invited", "已邀请", "Invited"),
    ("status.in_progress", "面试中", "In progress"),
    ("status.completed", "已完成，评分中", "Completed, scoring"),
    ("status.scored", "已出报告", "Report ready"),
    ("status.human_interview_requested", "拒绝AI面试，需安排人工面试", "Refused AI; human interview requested"),
    ("rstatus.pending", "待生成", "Pending"),
    ("rstatus.ready", "已生成", "Ready"),
    ("rstatus.insufficient_data", "数据不足", "Insufficient data"),
    ("rstatus.not_scored", "不评分（候选人选择人工面试）", "Not scored (candidate chose a human interview)"),
    ("report.title", "结构化面试报告", "Structured interview report"),
    ("report.total", "综合得分", "Overall score"),
    ("report.dimensions", "维度得分", "Dimension scores"),
    ("report.weight", "权重", "weight"),
    ("report.highlights", "回答亮点", "Highlights"),
    ("report.suggestions", "给候选人的反馈", "Feedback for the candidate"),
    ("job.links.title", "面试链接有效期", "How long interview links last"),
    ("job.links.hint", "候选人须在有效期内开始面试；已开始的可以答完。修改只影响之后发出或重新生成的链接。", "Candidates must start within this time; one who has started may finish. A change applies to links sent or made anew from now on."),
    ("job.links.days", "有效天数", "Days"),
    ("job.links.save", "保存有效期", "Save"),
    ("job.bands.title", "推荐档位", "Recommendation bands"),
    ("job.bands.hint", "报告按总分给出 AI 建议档位，有风险信号时最高为“待定”。修改后，已有报告立即按新档位显示，分数不变。", "Reports suggest a band from the total; a red flag caps it at undecided. Changes apply to existing reports at once; no score changes."),
    ("job.bands.below", "低于“待定”为不推荐", "Below undecided: not recommended"),
    ("job.bands.strongly_recommend", "强烈推荐", "Strongly recommend"),
    ("job.bands.recommend", "推荐", "Recommend"),
    ("job.bands.undecided", "待定", "Undecided"),
    ("job.bands.save", "保存档位", "Save bands"),
    ("job.bands.reset", "恢复默认", "Restore defaults"),
    ("job.bands.custom", "本岗位使用自定义档位。", "This job uses its own bands."),
    ("job.bands.default", "本岗位使用默认档位（80 / 65 / 50）。", "This job uses the default bands (80 / 65 / 50)."),
    ("report.suggestions_note", "可在感谢信中发给候选人；不含评分要点。", "Fit to send the candidate with a thank-you letter; it names no rubric item."),
    ("report.hr_notes", "给面试官的提示", "Notes for the interviewer"),
    ("report.advice", "复试建议（给下一轮面试官）", "Advice for the next-round interviewer"),
    ("report.answers", "逐题分析", "Question by question"),
    ("report.answer", "候选人回答", "Answer"),
    ("report.unanswered", "未作答或超时", "Not answered or timed out"),
    ("report.key_points", "评分要点", "Rubric key points"),
    ("report.covered", "已覆盖", "covered"),
    ("report.missing", "未覆盖", "missing"),
    ("band.strongly_recommend", "AI 建议：强烈推荐", "AI suggests: strongly recommend"),
    ("band.recommend", "AI 建议：推荐", "AI suggests: recommend"),
    ("band.undecided", "AI 建议：待定", "AI suggests: undecided"),
    ("band.not_recommended", "AI 建议：不推荐", "AI suggests: not recommended"),
    ("band.reason.at_least", "总分 {total}，达到 {threshold} 分档", "Total {total}, at or above the {threshold} mark"),
    ("band.reason.below", "总分 {total}，低于 {threshold} 分", "Total {total}, below {threshold}"),
    ("band.reason.red_flags", "触及 {n} 条红线，需人工复核，最高为待定", "{n} red flag(s) raised: a person must review, so at most undecided"),
    ("band.reason.contradicted", "有 {n} 个评分要点与回答相反", "{n} key point(s) contradicted by the answer"),
    ("band.reason.insufficient", "作答内容不足，无法判断", "Too little was answered to judge"),
    ("feature.key_point_coverage", "评分要点覆盖", "Rubric key points covered"),
    ("feature.key_point_coverage.help", "回答中明确表示会这样做的要点所占比例；被否定或只是提到的要点不计分", "Share of key points the answer says the candidate does; points it rejects or only mentions earn nothing"),
    ("feature.exemplar_similarity", "与参考答案的接近程度", "Closeness to the model answer"),
    ("feature.exemplar_similarity.help", "整体上与题目参考答案的相似度，回答否定的要点会相应扣减", "Overall similarity to the question's model answer, reduced for each point the answer rejects"),
    ("feature.star_completeness", "STAR 完整度", "STAR completeness"),
    ("feature.star_completeness.help", "行为题是否讲清情境、任务、行动和结果", "Whether a behavioural answer gives the situation, task, action and result"),
    ("feature.specificity", "具体程度", "Specificity"),
    ("feature.specificity.help", "数字、时间、具体做法等可核实的细节", "Numbers, times, concrete steps: details that could be checked"),
    ("feature.elaboration", "充分程度", "Elaboration"),
    ("feature.elaboration.help", "回答的篇幅是否足以说明问题", "Whether the answer is long enough to make its case"),
    ("feature.structure", "条理性", "Structure"),
    ("feature.structure.help", "先后顺序、分点等组织回答的方式", "Ordering words and steps that organise the answer"),
    ("feature.coherence", "连贯性", "Coherence"),
    ("feature.coherence.help", "各句是否围绕同一主线，不跑题", "Whether the sentences keep to one thread"),
    ("feature.relevance", "切题程度", "Relevance"),
    ("feature.relevance.help", "回答是否围绕题目和评分要点", "Whether the answer is about the question and its rubric"),
    ("feature.red_flags", "触及红线", "Red flags raised"),
    ("feature.red_flags.help", "回答明确表示会做的红线行为，每条扣分", "Flagged behaviours the answer says the candidate would do; each costs points"),
    ("feature.red_flag_resemblance", "接近红线", "Close to a red flag"),
    ("feature.red_flag_resemblance.help", "有句子接近某条红线但不足以认定", "A sentence comes close to a red flag without clearly asserting it"),
    ("feature.vague_language", "空泛表述", "Vague language"),
    ("feature.vague_language.help", "套话、空话所占比重", "How much of the answer is stock phrases"),
    ("feature.evasive", "回避问题", "Evasive"),
    ("feature.evasive.help", "回答主要在推脱、回避或拖延", "The answer mostly declines, deflects or waits the problem out"),
    ("feature.calibration_intercept", "校准常数项", "Calibration constant"),
    ("feature.calibration_intercept.help", "根据面试官评分校准后的基准分", "Baseline fitted from interviewers' ratings"),
    ("feature.floor", "最低分调整", "Floor at 0"),
    ("feature.ceiling", "最高分调整", "Ceiling at 100"),
    ("feature.cap", "得分上限：", "Score capped: "),
    ("flag.too_short", "回答过短，信息不足", "Too short to judge"),
    ("flag.keyword_list", "罗列关键词，没有成句的回答", "A list of keywords, not an answer"),
    ("flag.question_echo", "主要在复述题目", "Mostly repeats the question"),
    ("flag.addresses_scorer", "试图指挥评分系统", "Tries to instruct the scorer"),
    ("flag.off_topic", "答非所问", "Off topic"),
    ("flag.evasive", "回避问题", "Evasive"),
    ("flag.unanswered", "未作答", "Not answered"),
    ("flag.transcription_failed", "录音未能转写", "The recording could not be transcribed"),
    ("flag.engines_disagree", "外部模型与本地引擎判断分歧较大，请人工复核", "The external model and the local engine disagree; review it"),
    ("flag.other", "其他需要留意的情况", "Something to check"),
    ("report.reading.title", "外部模型评分", "External model's reading"),
    ("report.reading.used", "本题要点和红线由外部模型判断（引用已核对为原文），分数由本地公式计算。", "The external model judged this answer's key points and red flags (its quotes checked against the answer); the score comes from the local formula."),
    ("report.reading.unavailable", "外部模型未能给出判断，本题由本地引擎评分。", "The external model gave no usable reading; the local engine scored this answer."),
    ("report.reading.level", "外部模型评级（1–5）", "External model's level (1–5)"),
    ("report.reading.local_total", "本地引擎单独评分", "Local engine alone"),
    ("report.reading.discarded", "引用不在回答原文中、已丢弃的判断", "Claims discarded because their quote is not in the answer"),
    ("report.contradicted", "回答与此相反", "contradicted"),
    ("report.mentioned", "仅提及，未表明会这样做", "mentioned, not committed to"),
    ("report.instead", "回答中的相关说法：", "What the answer says:"),
    ("report.evidence", "证据", "Evidence"),
    ("report.red_flags", "红线", "Red flags"),
    ("report.star", "STAR 完整度", "STAR completeness"),
    ("report.star.situation", "情境", "Situation"),
    ("report.star.task", "任务", "Task"),
    ("report.star.action", "行动", "Action"),
    ("report.star.result", "结果", "Result"),
    ("report.features", "评分构成", "How the score was computed"),
    ("report.feature", "特征", "Feature"),
    ("report.value", "取值", "Value"),
    ("report.contribution", "贡献", "Contribution"),
    ("report.flags", "提示", "Flags"),
    ("report.model", "评分引擎", "Scoring engine"),
    ("report.competency_version", "能力模型版本", "Competency model version"),
    ("report.scored_at", "评分时间", "Scored at"),
    ("report.pending_hint", "候选人尚未完成面试，或报告正在生成。", "The candidate has not finished yet, or the report is being generated."),
    ("report.not_scored_hint", "候选人拒绝了 AI 面试，请安排人工面试。该申请不会被 AI 评分。", "The candidate refused the AI interview; arrange a human interview. This application is never scored by AI."),
    ("report.insufficient_hint", "回答太少或太短，无法可靠评估；分数已封顶，请人工复核。", "Too little was answered to judge reliably; the score is capped. Please review manually."),
    ("rate.title", "人工评分", "Your rating"),
    ("rate.note", "备注（可选）", "Note (optional)"),
    ("rate.save", "保存评分", "Save rating"),
    ("rate.scale", "1 = 差，5 = 优秀", "1 = poor, 5 = excellent"),
    ("rate.count", "已有评分", "ratings so far"),
    ("calib.title", "评分校准", "Scorer calibration"),
    ("calib.hint", "当本岗位有至少 20 个人工评分的回答时，可按人工评分拟合评分公式的权重（交叉验证），对比校准前后与人工评分的一致性，确认后发布为新版本。已有报告保留原版本；重新评分需手动触发。", "With at least 20 answers rated by people, Kaoguan fits the scoring formula's weights to the ratings (cross-validated) and shows agreement before and after; publish it to use it for new reports. Existing reports keep their version; re-scoring is explicit."),
    ("calib.rated", "已评分回答", "Rated answers"),
    ("calib.fit", "拟合新的校准版本", "Fit a new calibration"),
    ("calib.version", "版本", "Version"),
    ("calib.status", "状态", "Status"),
    ("calib.before", "校准前一致性", "Agreement before"),
    ("calib.after", "校准后一致性（交叉验证）", "Agreement after (cross-validated)"),
    ("calib.publish", "发布", "Publish"),
    ("calib.spearman", "秩相关", "Spearman"),
    ("calib.mae", "平均误差（分）", "mean error (points)"),
    ("calib.status.draft", "草稿", "Draft"),
    ("calib.status.published", "已发布", "Published"),
    ("calib.status.retired", "已停用", "Retired"),
    ("report.no_advice", "无特别建议；可按常规结构化复试。", "Nothing specific; a standard structured follow-up will do."),
    ("report.none", "暂无。", "None."),
    ("report.human_note", "AI 报告仅供参考，所有决定由人工做出。", "The AI report is advisory; every decision is made by a person."),
    ("report.print", "打印", "Print"),
    ("report.candidate", "候选人", "Candidate"),
    ("report.job", "岗位", "Job"),
    ("report.consent", "同意 AI 面试", "Consented to AI interview"),
    ("common.yes", "是", "yes"),
    ("common.no", "否", "no"),
    ("common.back", "返回", "Back"),
    ("common.cancel", "取消", "Cancel"),
    ("error.title", "出错了", "Something went wrong"),
    ("error.not_found", "页面不存在，或您无权查看。", "This page does not exist, or you may not see it."),
    ("error.forbidden", "您的角色无权进行此操作。", "Your role does not allow this."),
    ("error.internal", "服务器内部错误，已记录日志。", "Internal error; it has been logged."),
    ("error.invalid", "输入有误：", "Invalid input: "),
    ("error.conflict", "操作与当前状态冲突：", "Conflicts with the current state: "),
    ("report.external.title", "外部模型补充意见（仅供参考，不影响评分）", "External model notes (advisory; not part of the score)"),
    ("report.external.follow_up", "建议追问", "Suggested follow-up questions"),
    ("report.external.unavailable", "外部模型暂不可用，本报告的评分不受影响。", "The external model was unavailable; the score in this report is unaffected."),
    ("report.external.model", "外部模型", "External model"),
    ("job.faces.title", "视频作答中的人脸检测（可选）", "Face detection during video answers (optional)"),
    ("job.faces.hint", "开启后，候选人录制视频回答时，浏览器会在本机用小型人脸检测模型每秒检查一次画面，只上报“未检测到人脸”和“检测到多张人脸”的次数。画面不会离开候选人的设备，不做身份识别，也不影响任何分数；结果仅作为诚信信号供审阅。", "When on, during video answers the candidate's browser checks the picture once a second with a small face detector on the device and reports only how often it saw no face or more than one. Frames never leave the device; nobody is identified and no score changes; the counts are integrity signals for review."),
    ("job.faces.enable", "开启人脸检测", "Turn on face detection"),
    ("job.faces.save", "保存", "Save"),
    ("report.segments", "转写分段（点击时间跳转播放）", "Transcript segments (click a time to play from there)"),
    ("report.play_from", "从此处播放：", "Play from"),
    ("report.integrity.title", "作答诚信信号", "Integrity signals"),
    ("report.integrity.note", "以下信号由候选人的浏览器记录，仅供审阅人参考，绝不会从任何分数中扣除。请结合上下文判断，必要时在下一轮面试中核实。", "Recorded by the candidate's browser and shown for review only; they are never deducted from any score. Judge them in context and check in the next round if needed."),
    ("report.integrity.paste", "粘贴到回答框", "Pasted into the answer box"),
    ("report.integrity.times", "次", "time(s)"),
    ("report.integrity.chars", "字符", "characters"),
    ("report.integrity.switches", "切换到其他标签页或应用", "Switched to another tab or app"),
    ("report.integrity.away", "离开共计", "away for a total of"),
    ("report.integrity.seconds", "秒", "s"),
    ("report.integrity.silences", "长时间停顿（录音）", "Long silences (recording)"),
    ("report.integrity.longest", "最长", "longest"),
    ("report.integrity.threshold", "统计不短于", "counting pauses of at least"),
    ("report.integrity.faces", "人脸检测（视频，仅在设备上运行）", "Face detection (video, run on the device)"),
    ("report.integrity.no_face", "未检测到人脸", "no face"),
    ("report.integrity.multiple_faces", "检测到多张人脸", "more than one face"),
    ("report.integrity.checks", "帧检查", "frames checked"),
    ("report.integrity.none", "浏览器未报告该题的信号。", "The browser reported no signals for this question."),
    // Validation and conflict messages on console pages (the API keeps its English and codes).
    ("invite.line_error", "第 {n} 行：", "Line {n}: "),
    ("error.conflict_other", "请刷新页面查看最新状态后再试。", "Refresh the page to see the current state, then try again."),
    ("conflict.conflict", "与已有记录冲突，可能已被他人修改或重复提交，请刷新后再试。", "This clashes with an existing record; someone may have changed it, or it was sent twice. Refresh and try again."),
    ("cand.stage", "阶段", "Stage"),
    ("report.contact", "联系方式", "Contact"),
    ("decision.title", "招聘决定", "Hiring decision"),
    ("decision.stage", "当前阶段", "Current stage"),
    ("decision.held_from", "（待定前：{stage}）", "(held from {stage})"),
    ("decision.rejected_for", "（原因：{reason}）", "(reason: {reason})"),
    ("decision.advance", "通过", "Advance"),
    ("decision.hold", "待定", "Put on hold"),
    ("decision.reject", "淘汰…", "Reject…"),
    ("decision.reject_confirm", "确认淘汰", "Confirm rejection"),
    ("decision.reason", "淘汰原因", "Reason"),
    ("decision.note", "备注（可选，仅团队可见）", "Note (optional, seen by the team only)"),
    ("decision.reopen", "重新打开到", "Reopen at"),
    ("decision.reopen_button", "重新打开", "Reopen"),
    ("reason.skills", "专业技能不符", "Skills"),
    ("reason.experience", "经验不足", "Experience"),
    ("reason.motivation", "求职动机不符", "Motivation"),
    ("reason.communication", "沟通表达", "Communication"),
    ("reason.compensation", "薪资期望不符", "Compensation"),
    ("reason.availability", "到岗时间不合适", "Availability"),
    ("reason.no_show", "未参加面试", "Did not attend"),
    ("reason.other", "其他原因", "Other"),
    ("conflict.duplicate_application", "该候选人（相同邮箱或手机号）已在这个岗位的候选人名单中，请在列表中找到其原有申请。", "This person (same email or phone) is already a candidate for this job; find their existing application in the list."),
    ("conflict.interview_over", "面试已经结束（已完成或已拒绝），不能再更换或撤销链接。", "The interview is over (finished or declined); its link can no longer be changed."),
    ("link.title", "面试链接", "Interview link"),
    ("link.hint", "只保存链接的摘要，原链接无法再次显示。候选人找不到链接时可重新生成：旧链接立即失效。", "Only a digest of the link is kept, so it cannot be shown again. If the candidate lost it, make a new one: the old link stops working at once."),
    ("link.renew", "重新生成链接", "Make a new link"),
    ("link.revoke", "撤销链接", "Revoke the link"),
    ("link.revoked", "链接已撤销，候选人目前无法进入面试。", "The link is revoked; the candidate cannot open the interview."),
    ("link.new", "新的面试链接（只显示这一次）", "The new interview link (shown this once)"),
    ("conflict.stage_changed", "这位候选人的阶段刚被其他人调整过，请刷新页面后再决定。", "Someone has moved this candidate since the page was loaded; reload it and decide again."),
    ("history.title", "阶段记录", "Stage history"),
    ("history.rule", "规则", "rule "),
    ("conflict.move_not_allowed", "招聘流程不允许这样调整阶段。", "The pipeline does not allow this move."),
    ("conflict.job_closed", "该岗位已关闭，不再邀请新的候选人；重新开放后才能邀请。", "The job is closed to new candidates; reopen it to invite."),
    ("conflict.contact_in_use", "补充的联系方式属于本岗位的另一位候选人，无法合并。", "The other contact belongs to another candidate of this job; nothing was merged."),
    ("conflict.own_account", "不能停用自己的账号，也不能取消自己的管理员角色。", "You cannot disable your own account or take away your own admin role."),
    ("conflict.review_decided", "这条建议已有人复核过，请刷新页面查看结果。", "Someone has already reviewed this proposal; reload to see the outcome."),
    ("conflict.email_taken", "该邮箱已有账号。", "A user with this email already exists."),
    ("conflict.question_not_started", "这道题还没有出示，请先获取下一题。", "This question has not been shown yet; fetch the next question first."),
    ("conflict.already_answered", "这道题已经作答过了。", "This question has already been answered."),
    ("conflict.upload_complete", "这次上传已经完成，不再接收数据。", "This upload is complete and takes no more data."),
    ("conflict.consent_already_recorded", "候选人已就 AI 面试作出选择；如需更改，请联系招聘方。", "A decision on the AI interview was already recorded; contact the recruiter to change it."),
    ("conflict.consent_required", "请先同意或拒绝 AI 面试说明。", "Accept or refuse the AI interview notice first."),
    ("conflict.ai_interview_refused", "候选人已选择人工面试，招聘方会联系安排。", "The candidate chose a human interview; the recruiter will be in touch."),
    ("conflict.interview_finished", "本次面试已经结束。", "This interview is already finished."),
    ("conflict.deadline_passed", "本题作答时间已过，按未作答计，面试进入下一题。", "The time for this question is over; it counts as unanswered and the interview moves on."),
    ("conflict.calibration_not_possible", "暂时无法校准：需要至少 20 个人工评分的回答，且评分不能全部相同。", "Calibration is not possible yet: it needs at least 20 rated answers, and the ratings must not all be the same."),
    ("conflict.calibration_race", "该岗位同时生成了另一个校准版本，请再试一次。", "Another calibration of this job was created at the same time; try again."),
    ("conflict.not_finished", "只有已完成的面试才能重新评分。", "Only a finished interview can be re-scored."),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_key_is_translated_once() {
        let mut seen = std::collections::HashSet::new();
        for (k, zh, en) in MESSAGES
            .iter()
            .chain(hiring::MESSAGES)
            .chain(intake::MESSAGES)
            .chain(import::MESSAGES)
        {
            assert!(seen.insert(*k), "duplicate key {k}");
            assert!(
                !zh.is_empty() && !en.is_empty(),
                "{k} has an empty translation"
            );
        }
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        let mut checked = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for part in text.split(".t(\"").skip(1) {
                let key = part.split('"').next().unwrap();
                assert!(
                    catalogue().contains_key(key),
                    "template uses untranslated key {key}"
                );
                checked += 1;
            }
        }
        assert!(
            checked > 50,
            "expected the templates to use translations, found {checked}"
        );
    }

    #[test]
    fn languages_parse() {
        assert_eq!(Lang::parse("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::parse("en-US"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::En.t("nav.jobs"), "Jobs");
        assert_eq!(Lang::Zh.t("nav.jobs"), "岗位");
    }
}
