// Kaoguan candidate portal. Hand-written, no build step. The page runs under a strict CSP
// (script-src 'self', no inline code or styles), so the template only carries ids and
// data- attributes and everything dynamic happens here. Two companions load first:
// portal-signals.js (integrity counts, face counts) and portal-devices.js (device check).
(function () {
  'use strict';

  // UI strings: [Simplified Chinese, English]. {name} placeholders are filled by t().
  const S = {
    title: ['AI 面试 · 考官', 'AI interview · Kaoguan'],
    brand: ['考官 · AI 面试', 'Kaoguan · AI interview'],
    switchTo: ['English', '中文'],
    loading: ['正在加载…', 'Loading…'],
    retry: ['立即重试', 'Retry now'],
    netError: ['网络连接不稳定，正在自动重试…您已输入的内容不会丢失。', 'The connection dropped. Retrying automatically… nothing you typed is lost.'],
    genericError: ['出错了，请稍后再试。', 'Something went wrong. Please try again.'],
    invalidTitle: ['链接无效或已失效', 'This link is invalid or has expired'],
    invalidBody: ['请检查链接是否完整，或联系招聘方获取新的面试链接。', 'Check that the link is complete, or ask the recruiter for a new interview link.'],
    hello: ['{name}，您好', 'Hello, {name}'],
    noticeTitle: ['AI 面试说明', 'About this AI interview'],
    intro: ['{org} 邀请您参加「{job}」岗位的 AI 面试。开始前请阅读以下说明。', '{org} invites you to an AI interview for the position "{job}". Please read the following before you start.'],
    summary: ['共 {n} 道题，约 {m} 分钟。', '{n} questions, about {m} minutes.'],
    expires: ['请在 {date} 前开始面试，此后链接失效。', 'Please start before {date}; the link expires then.'],
    practiceNote: ['正式题目之前有 1 道练习题，不计分。', 'One practice question comes first; it is not scored.'],
    kindsTitle: ['题目类型', 'Question types'],
    kind_situational: ['情景模拟题', 'Situational'],
    kind_behavioral: ['行为面试题', 'Behavioural'],
    kind_technical: ['专业能力题', 'Technical / ability'],
    kind_open: ['开放题', 'Open'],
    howTitle: ['面试方式', 'How it works'],
    howBody: ['每道题先有思考时间，再有作答时间，时间由服务器计算。您以文字形式作答。如果网络中断，重新打开此链接即可从中断处继续。', 'Each question has a thinking time and then an answering time, kept by the server. You answer in writing. If your connection drops, open this link again to continue where you stopped.'],
    recordTitle: ['记录哪些内容', 'What is recorded'],
    recordBody: ['仅记录您提交的回答及提交时间：文字回答，以及在允许录音的题目中您主动录制的语音。本次面试不录像。', 'Only the answers you submit and when you submitted them: text, and, where a question allows it, audio you choose to record. There is no video recording.'],
    evalTitle: ['AI 如何评估', 'How the AI evaluates'],
    eval1: ['每个回答都会与该岗位预先设定的评分要点进行比对。', "Each answer is compared with the job's rubric of key points."],
    eval2: ['评估报告会引用您回答中的原文作为依据。', 'The report quotes evidence from your own answers.'],
    eval3: ['每一项决定都由招聘人员作出，AI 不会单独作出淘汰决定。', 'A human recruiter makes every decision; no rejection is made by the AI alone.'],
    eval4: ['不会推断您的情绪或性格。', 'Nothing about your emotions or personality is inferred.'],
    dataTitle: ['数据使用与保存', 'Data use and retention'],
    dataBody: ['您的回答仅用于本次招聘评估，保存时间不超过 6 个月，到期自动删除。', 'Your answers are used only to evaluate this application and are kept no longer than 6 months, then deleted automatically.'],
    refuseTitle: ['您有权拒绝', 'You may refuse'],
    refuseBody: ['如果您拒绝 AI 面试，不会因此受到任何不利影响：招聘方将改为为您安排人工面试。', 'If you refuse, you will not be disadvantaged: a human interview will be arranged instead.'],
    version: ['说明版本：{v}', 'Notice version: {v}'],
    accept: ['同意并开始', 'Accept and start'],
    refuse: ['拒绝，改为人工面试', 'Refuse, request a human interview'],
    refuseQuestion: ['确定不参加 AI 面试吗？您的选择会被记录，招聘方将为您安排人工面试。', 'Decline the AI interview? Your choice will be recorded and the recruiter will arrange a human interview.'],
    refuseConfirm: ['确定，改为人工面试', 'Yes, request a human interview'],
    cancel: ['返回', 'Go back'],
    refusedTitle: ['已记录您的选择', 'Your choice has been recorded'],
    refusedBody: ['您选择了不参加 AI 面试。招聘方将与您联系，安排人工面试，这不会对您产生任何不利影响。', 'You chose not to take the AI interview. The recruiter will contact you to arrange a human interview; this will not count against you.'],
    closeHint: ['您现在可以关闭此页面。', 'You can close this page now.'],
    questionHeading: ['面试题目', 'Interview question'],
    practice: ['练习题（不计分）', 'Practice (not scored)'],
    progress: ['第 {i} / {n} 题', 'Question {i} of {n}'],
    practiceHint: ['这道练习题帮助您熟悉流程，不计入评分。', 'This practice question lets you try the format. It is not scored.'],
    realStart: ['练习结束，以下为正式题目。', 'Practice is over; this question counts.'],
    think: ['思考时间', 'Thinking time'],
    answer: ['作答时间', 'Answer time'],
    timeUp: ['时间到', "Time's up"],
    remaining: ['{label}剩余 {t}', '{label}: {t} left'],
    minSec: ['{m} 分 {s} 秒', '{m} min {s} s'],
    sec: ['{s} 秒', '{s} seconds'],
    thinkHint: ['请先思考。准备好后，可以提前开始作答。', 'Take a moment to think. You can start answering early when ready.'],
    startAnswering: ['开始作答', 'Start answering'],
    answerLabel: ['您的回答', 'Your answer'],
    placeholder: ['请在此输入您的回答…', 'Type your answer here…'],
    counter: ['{n} / {max} 字', '{n} / {max} characters'],
    submit: ['提交回答', 'Submit answer'],
    sending: ['正在提交…', 'Submitting…'],
    emptyAnswer: ['请先输入回答再提交。', 'Please type an answer before submitting.'],
    deadlinePassed: ['作答时间已过，该题未能提交。接下来是下一题。', 'The answer time had passed, so that answer was not accepted. Moving on.'],
    practiceTimeUp: ['练习时间到。正式题目会在此时自动提交；请输入任意内容并提交以继续。', "Practice time is up. In the real questions your answer is submitted automatically at this point; type anything and submit to continue."],
    recordHeading: ['录音作答', 'Record answer'],
    recordHint: ['可以用语音回答本题。点击"开始录音"，说完后点击"结束录音并提交"。作答时间结束时录音会自动提交。', 'You can answer this question by voice. Tap "Start recording", then "Stop recording and submit" when you are done. When the answer time ends, the recording is submitted automatically.'],
    recordOrText: ['也可以在下方输入文字作答。', 'Or type your answer below instead.'],
    recordStart: ['开始录音', 'Start recording'],
    recordStop: ['结束录音并提交', 'Stop recording and submit'],
    recordLevel: ['麦克风音量', 'Microphone level'],
    recordAsking: ['正在请求使用麦克风…请在浏览器提示中选择"允许"。', 'Asking for the microphone… please choose "Allow" in the browser prompt.'],
    recording: ['正在录音 {t}', 'Recording {t}'],
    recordUploading: ['正在上传录音…请勿关闭页面。', 'Uploading your recording… please keep this page open.'],
    recordUnsupported: ['此浏览器不支持录音。', 'This browser cannot record audio.'],
    micDenied: ['无法使用麦克风（未获授权或设备不可用）。', 'The microphone cannot be used (permission denied or no device).'],
    micUseText: ['请在下方输入文字作答。', 'Please type your answer below instead.'],
    micFixHint: ['请在浏览器设置中允许本页面使用麦克风，然后重试。', "Allow this page to use the microphone in your browser's settings, then try again."],
    recordHeadingVideo: ['录像作答', 'Record a video answer'],
    recordHintVideo: ['可以用视频回答本题。点击"开始录像"，说完后点击"结束录像并提交"。作答时间结束时录像会自动提交。画面仅在您点击后录制。', 'You can answer this question on video. Tap "Start recording", then "Stop recording and submit" when you are done. When the answer time ends, the recording is submitted automatically. Nothing is filmed before you tap.'],
    recordStartVideo: ['开始录像', 'Start recording'],
    recordStopVideo: ['结束录像并提交', 'Stop recording and submit'],
    recordingVideo: ['正在录像 {t}', 'Recording video {t}'],
    camDenied: ['无法使用摄像头或麦克风（未获授权或设备不可用）。', 'The camera or microphone cannot be used (permission denied or no device).'],
    recordBodyVideo: ['仅记录您提交的回答及提交时间：文字回答，以及在允许录音或录像的题目中您主动录制的语音和视频。只有在您点击"开始录像"后才会录像。', 'Only the answers you submit and when you submitted them: text, and, where a question allows it, audio or video you choose to record. Video is recorded only after you tap "Start recording".'],
    recordBodyFaces: ['录像时，浏览器会在您的设备上每秒检测一次画面中的人脸数量，只上报"未检测到人脸"和"检测到多张人脸"的次数，画面本身不会因此上传，也不用于识别身份或评分。', 'While video records, your browser checks once a second, on your device, how many faces are in the picture and reports only how often it saw none or more than one; the picture is not sent for this, and it is not used to identify you or to score you.'],
    recordEmpty: ['没有录到声音，请重新录音。', 'Nothing was recorded. Please try again.'],
    deviceTitle: ['设备检查', 'Check your devices'],
    deviceIntroAudio: ['部分题目可以用语音作答。开始前请检查麦克风：点击"检查设备"，说几句话，看音量条是否跳动；再录一段 3 秒的测试并回放。', 'Some questions can be answered by voice. Check your microphone first: tap "Check devices", say a few words and watch the level bar move; then record a 3-second test and play it back.'],
    deviceIntroVideo: ['部分题目可以用语音或视频作答。开始前请检查麦克风和摄像头：点击"检查设备"，确认能看到自己、说话时音量条跳动；再录一段 3 秒的测试并回放。', 'Some questions can be answered by voice or video. Check your microphone and camera first: tap "Check devices", make sure you can see yourself and the level bar moves as you speak; then record a 3-second test and play it back.'],
    deviceStart: ['检查设备', 'Check devices'],
    deviceAsking: ['正在请求使用麦克风{cam}…请在浏览器提示中选择"允许"。', 'Asking for the microphone{cam}… please choose "Allow" in the browser prompt.'],
    deviceAndCamera: ['和摄像头', ' and camera'],
    deviceLive: ['说话时音量条应当跳动。', 'The bar should move as you speak.'],
    deviceTest: ['录制 3 秒测试', 'Record a 3-second test'],
    deviceTesting: ['正在录制测试…', 'Recording a test…'],
    devicePlayback: ['请播放测试录音，确认能听清自己的声音。', 'Play the test back to check that you can be heard clearly.'],
    deviceDenied: ['无法使用麦克风或摄像头（未获授权或设备不可用）。', 'The microphone or camera cannot be used (permission denied or no device).'],
    deviceUseText: ['您仍可以继续面试，并以文字作答。', 'You can still continue and answer in writing.'],
    deviceContinue: ['继续', 'Continue'],
    finishTitle: ['感谢您完成面试', 'Thank you for completing the interview'],
    finishBody: ['您的回答已全部提交。招聘方将就后续安排与您联系。', 'Your answers were submitted. The recruiter will contact you about next steps.'],
    finishHuman: ['AI 生成的评估报告会由招聘人员人工审阅，所有决定均由人作出。', 'A person reviews the AI report, and every decision is made by a human.'],
  };

  const MAX_CHARS = 20000;
  // Auto-submit this long before the server's deadline so the request arrives in time
  // over a slow mobile connection; the countdown reaches 0:00 at that moment.
  const SUBMIT_LEAD_MS = 1000;
  const PAGES = ['loading-page', 'invalid-page', 'notice-page', 'refused-page', 'device-page', 'question-page', 'finish-page'];

  const $ = (id) => document.getElementById(id);
  const root = $('portal');
  const TOKEN = root.dataset.token || '';
  const API = '/api/v1/interview/' + encodeURIComponent(TOKEN);

  // localStorage can throw (Safari private mode, some in-app browsers): never let it break the flow.
  const store = {
    get(k) { try { return localStorage.getItem(k); } catch (e) { return null; } },
    set(k, v) { try { localStorage.setItem(k, v); } catch (e) { /* ignore */ } },
    del(k) { try { localStorage.removeItem(k); } catch (e) { /* ignore */ } },
  };

  const saved = store.get('kaoguan.lang');
  let lang = saved === 'en' || saved === 'zh' ? saved : (root.dataset.lang === 'en' ? 'en' : 'zh');
  let state = null;        // last interview state from the server
  let cur = null;          // the question on screen
  let banner = null;       // { key | text, net?, retry? }
  let ticker = null;
  let sending = false;
  let lastWasPractice = false;
  let missed = null;       // { id, n }: polls for a question that timed out with no answer
  let rec = null;          // the audio recording for the question on screen, see startRecording()
  let recNote = null;      // { key, extra? }: why recording is not available for this question
  // Integrity signals (portal-signals.js) and the device check (portal-devices.js), with
  // what they share of this file. Helpers are wrapped so they are looked up when called.
  const signals = window.KaoguanSignals({
    $, store, api: API, token: TOKEN, current: () => cur, recording: () => rec,
  });
  const devices = window.KaoguanDevices({
    $, t: (k, v) => t(k, v), store, token: TOKEN, state: () => state,
    show: (id) => show(id), loadNext: () => loadNext(), canRecord: () => canRecord(),
    stopTracks: (r) => stopTracks(r), startMeter: (r) => startMeter(r), teardown: (r) => teardown(r),
    audioType: () => audioType(), videoType: () => videoType(),
    newRecorder: (r, type, opts) => newRecorder(r, type, opts), playableWav: (chunks) => playableWav(chunks),
  });

  function t(key, vars) {
    const pair = S[key];
    let s = pair ? pair[lang === 'en' ? 1 : 0] : key;
    if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
    return s;
  }

  // ---- network -------------------------------------------------------------------------

  class NetError extends Error {}

  async function api(method, path, body) {
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), 20000);
    try {
      const res = await fetch(API + path, {
        method, cache: 'no-store', signal: ctl.signal,
        headers: body ? { 'Content-Type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
      });
      // 5xx and gateway errors are transient: treat them like a dropped connection.
      if (res.status >= 500) throw new NetError();
      const data = await res.json().catch(() => null);
      // A 200 that isn't JSON is usually a Wi-Fi login page, not our server.
      if (data === null && res.ok) throw new NetError();
      const err = (data && data.error) || {};
      return { ok: res.ok, status: res.status, data: data || {}, code: err.code, message: err.message };
    } catch (e) {
      throw e instanceof NetError ? e : new NetError();
    } finally {
      clearTimeout(timer);
    }
  }

  // Every request goes through here. On network failure it shows the retry banner and
  // resends the very same request (same answer text) with backoff; the server treats a
  // resend as idempotent, so retrying is always safe.
  function call(method, path, body) {
    return new Promise((resolve, reject) => {
      let delay = 2000, timer = null, inFlight = false;
      const attempt = async () => {
        if (inFlight) return;
        clearTimeout(timer);
        inFlight = true;
        try {
          const r = await api(method, path, body);
          if (banner && banner.net) hideBanner();
          resolve(r);
        } catch (e) {
          if (!(e instanceof NetError)) return reject(e);
          showBanner({ key: 'netError', net: true, retry: attempt });
          timer = setTimeout(attempt, delay);
          delay = Math.min(delay * 2, 30000);
        } finally {
          inFlight = false;
        }
      };
      attempt();
    });
  }

  const gone = (r) => (r.status === 404 || r.status === 410 ? (show('invalid-page'), true) : false);
  const msgOf = (r) => (r.code === 'deadline_passed' ? { key: 'deadlinePassed' }
    : r.message ? { text: r.message } : { key: 'genericError' });

  // ---- flow ----------------------------------------------------------------------------

  async function load() {
    const r = await call('GET', '');
    if (gone(r)) return;
    if (!r.ok) return showBanner(Object.assign(msgOf(r), { retry: load }));
    route(r.data);
  }

  function route(s) {
    state = s;
    if (banner && banner.retry && !banner.net) hideBanner(); // the retried request succeeded
    paintHeader();
    switch (s.status) {
      case 'invited': paintNotice(); return show('notice-page');
      case 'human_interview_requested': return show('refused-page');
      case 'in_progress': return devices.needed(s) ? devices.show() : loadNext();
      case 'completed': case 'scored': return show('finish-page');
      default: return showBanner({ key: 'genericError', retry: load });
    }
  }

  async function consent(accept) {
    setConsentBusy(true);
    const r = await call('POST', '/consent', { accept });
    setConsentBusy(false);
    if (gone(r)) return;
    if (r.status === 409) return load(); // already decided (e.g. in another tab): follow the server
    if (!r.ok) return showBanner(msgOf(r));
    route(r.data);
  }

  async function loadNext() {
    const r = await call('GET', '/next');
    if (gone(r)) return;
    if (!r.ok) return showBanner(Object.assign(msgOf(r), { retry: load }));
    if (r.data.done) return finish();
    showQuestion(r.data);
  }

  async function finish() {
    const r = await call('POST', '/finish');
    if (gone(r)) return;
    // 409 means it was already finished (e.g. a reload mid-request): same outcome.
    if (!r.ok && r.status !== 409) return showBanner(Object.assign(msgOf(r), { retry: finish }));
    if (r.ok) state = r.data;
    signals.start(null);
    cur = null;
    show('finish-page');
  }

  // Parse RFC 3339; trims sub-millisecond digits, which some WebKit builds reject.
  function parseTime(iso) {
    const ms = iso ? Date.parse(String(iso).replace(/(\.\d{3})\d+/, '$1')) : NaN;
    return isNaN(ms) ? null : ms;
  }

  function showQuestion(d) {
    const q = d.question;
    // Deadlines are in server time. Shift them into this device's clock using the skew
    // measured now, so a phone whose clock is off still shows the right countdown.
    const serverNow = parseTime(d.server_time);
    const skew = serverNow === null ? 0 : serverNow - Date.now();
    const local = (iso) => { const ms = parseTime(iso); return ms === null ? null : ms - skew; };
    const prev = cur && cur.id === q.id ? cur : null; // same question again (e.g. reload): keep local practice clock
    const thinkEnd = local(d.think_deadline) || (prev ? prev.thinkEnd : Date.now() + q.think_seconds * 1000);
    const serverAnswerEnd = local(d.answer_deadline);
    const answerEnd = serverAnswerEnd !== null ? serverAnswerEnd - SUBMIT_LEAD_MS
      : prev ? prev.answerEnd : thinkEnd + q.answer_seconds * 1000;
    cur = {
      id: q.id, practice: !!d.practice, index: d.index, total: d.total, text: q.text,
      audio: (q.modes || []).indexOf('audio') >= 0,
      video: (q.modes || []).indexOf('video') >= 0,
      textOk: !q.modes || !q.modes.length || q.modes.indexOf('text') >= 0,
      thinkSecs: q.think_seconds, answerSecs: q.answer_seconds, thinkEnd, answerEnd,
      serverEnd: serverAnswerEnd === null ? answerEnd : serverAnswerEnd,
      phase: Date.now() < thinkEnd ? 'think' : 'answer', overtime: false,
      firstReal: lastWasPractice && !d.practice, spokenPhase: null, spokenLeft: null, barMax: 1,
    };
    lastWasPractice = cur.practice;
    sending = false;
    signals.start(cur);
    if (rec && rec.qid !== q.id) dropRecording();
    if (!rec) recNote = null;
    const box = $('answer-text');
    box.value = store.get(draftKey(q.id)) || ''; // restore what was typed before a crash or reload
    box.readOnly = false;
    paintQuestion();
    window.scrollTo(0, 0);
    show('question-page');
    startTimer();
  }

  const draftKey = (id) => 'kaoguan.draft.' + TOKEN + '.' + id;

  function startTimer() { stopTimer(); tick(); ticker = setInterval(tick, 250); }
  function stopTimer() { clearInterval(ticker); ticker = null; }

  // Always computed from absolute deadlines, so throttled timers in background tabs
  // or a sleeping phone cannot make the countdown drift.
  function tick() {
    if (!cur || cur.phase === 'over') return;
    const now = Date.now();
    if (cur.phase === 'think' && now >= cur.thinkEnd) enterAnswer(false);
    if (cur.phase === 'answer' && now >= cur.answerEnd) return timeUp();
    paintTimer();
  }

  function enterAnswer(byUser) {
    cur.phase = 'answer';
    paintQuestion();
    // Only move focus on an explicit click: on phones focus pops up the keyboard.
    if (byUser) $('answer-text').focus();
  }

  function timeUp() {
    cur.phase = 'over';
    stopTimer();
    if (rec && rec.qid === cur.id) { paintQuestion(); return stopRecording(); }
    const hasText = $('answer-text').value.trim() !== '';
    if (!hasText && cur.practice) cur.overtime = true; // practice waits: nothing is scored
    paintQuestion();
    if (sending) return;
    if (hasText) return submit();
    if (cur.practice) return;
    // Nothing typed: ask for the next question once the server's own deadline has passed,
    // so it records this one as missed; back off if it still hands back the same question.
    missed = missed && missed.id === cur.id ? { id: cur.id, n: missed.n + 1 } : { id: cur.id, n: 0 };
    const backoff = missed.n ? Math.min(1000 * 2 ** missed.n, 10000) : 0;
    sending = true;
    paintQuestion();
    setTimeout(loadNext, Math.max(cur.serverEnd - Date.now() + 300, backoff));
  }

  async function submit() {
    if (sending || !cur || rec) return;
    const box = $('answer-text');
    const text = box.value;
    if (!text.trim()) { showBanner({ key: 'emptyAnswer' }); return box.focus(); }
    const q = cur;
    sending = true;
    box.readOnly = true;
    paintQuestion();
    signals.send(false);
    const r = await call('POST', '/answers', { question_id: q.id, text });
    if (gone(r)) return;
    if (r.ok || r.code === 'already_answered' || r.code === 'deadline_passed') {
      store.del(draftKey(q.id));
      if (r.code === 'deadline_passed') showBanner(msgOf(r)); else hideBanner();
      return loadNext(); // stays "sending" until the next question replaces this one
    }
    // 422 (empty/too long) and other refusals: explain and let the candidate fix it,
    // unless the time is already over, in which case move on.
    sending = false;
    box.readOnly = false;
    showBanner(msgOf(r));
    paintQuestion();
    if (q.phase === 'over' && !q.practice) { sending = true; loadNext(); }
  }

  // ---- audio recording -----------------------------------------------------------------
  //
  // MediaRecorder hands over a chunk every 2 s; each is uploaded in order as it arrives
  // (PUT …/uploads/{id}?offset=N). A dropped connection is retried with backoff; a 409
  // resyncs from what the server really has. On stop (or when the time is up) the last
  // chunk is flushed and the upload completed, which records the answer.

  const AUDIO_TYPES = ['audio/webm;codecs=opus', 'audio/mp4', 'audio/ogg;codecs=opus'];
  const VIDEO_TYPES = ['video/webm;codecs=vp8,opus', 'video/webm', 'video/mp4'];
  const TIMESLICE_MS = 2000;

  const canRecord = () => !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia
    && (window.MediaRecorder || window.AudioContext || window.webkitAudioContext));

  function audioType() {
    const ok = (ty) => { try { return MediaRecorder.isTypeSupported(ty); } catch (e) { return false; } };
    return AUDIO_TYPES.find(ok) || '';
  }

  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  function videoType() {
    const ok = (ty) => { try { return MediaRecorder.isTypeSupported(ty); } catch (e) { return false; } };
    return VIDEO_TYPES.find(ok) || '';
  }

  // The camera and microphone for a video question (falling back to the microphone alone
  // when the camera fails and the question also takes audio), or the microphone.
  async function openMedia(r, q) {
    const md = navigator.mediaDevices;
    if (r.video) {
      try {
        return await md.getUserMedia({ audio: true, video: { facingMode: 'user', width: { ideal: 640 }, height: { ideal: 480 } } });
      } catch (e) {
        if (!q.audio) return null;
        r.video = false;
      }
    }
    try { return await md.getUserMedia({ audio: true }); } catch (e) { return null; }
  }

  // The candidate sees themselves while a video answer records; the frames stay here.
  function showPreview(stream) {
    const v = $('record-preview');
    v.srcObject = stream;
    v.hidden = false;
    if (v.play) v.play().catch(() => {});
  }

  async function startRecording() {
    if (!cur || rec || sending || cur.phase === 'think' || !(cur.audio || cur.video)) return;
    if (cur.phase === 'over' && !cur.practice) return;
    // Without MediaRecorder only audio can be recorded (as WAV, see WavRecorder).
    const noVideo = cur.video && !window.MediaRecorder;
    if (!canRecord() || (noVideo && !cur.audio)) { recNote = { key: 'recordUnsupported' }; return paintQuestion(); }
    const q = cur;
    const r = { qid: q.id, state: 'asking', stream: null, recorder: null, ctx: null, meter: null,
      uploadId: null, queue: [], headStart: 0, pumping: false, broken: false, started: 0, stopped: null,
      video: q.video && !noVideo };
    rec = r;
    recNote = null;
    hideBanner();
    paintQuestion();
    r.stream = await openMedia(r, q);
    if (!r.stream) {
      if (rec === r) rec = null;
      recNote = { key: q.video ? 'camDenied' : 'micDenied' };
      return recFailed(q);
    }
    if (rec !== r) return stopTracks(r);
    startMeter(r);
    if (r.video) showPreview(r.stream);
    const type = r.video ? videoType() : audioType();
    // Video at a modest bitrate: a few minutes of answer stays a few tens of MB.
    const opts = r.video ? { videoBitsPerSecond: 600000, audioBitsPerSecond: 64000 } : {};
    if (type) opts.mimeType = type;
    try {
      r.recorder = newRecorder(r, type, opts);
    } catch (e) {
      teardown(r);
      if (rec === r) rec = null;
      recNote = { key: 'recordUnsupported' };
      return recFailed(q);
    }
    const contentType = type || r.recorder.mimeType || (r.video ? 'video/webm' : 'audio/webm');
    const res = await call('POST', '/answers/' + encodeURIComponent(q.id) + '/uploads', { content_type: contentType });
    if (gone(res)) return teardown(r);
    if (rec !== r) return teardown(r);
    if (!res.ok) {
      teardown(r);
      rec = null;
      showBanner(msgOf(res));
      paintQuestion();
      if (res.code === 'already_answered' || res.code === 'deadline_passed') { sending = true; loadNext(); }
      return;
    }
    r.uploadId = res.data.upload_id;
    r.headStart = res.data.received || 0;
    r.recorder.addEventListener('dataavailable', (e) => {
      if (e.data && e.data.size > 0) { r.queue.push(e.data); pump(r); }
    });
    r.stopped = new Promise((resolve) => r.recorder.addEventListener('stop', resolve));
    r.recorder.start(TIMESLICE_MS);
    r.state = 'recording';
    r.started = Date.now();
    r.clock = setInterval(paintRecord, 500);
    if (r.video && state && state.face_detection) signals.countFaces(r);
    paintQuestion();
    // The time may have run out while the browser asked for permission.
    if (cur === q && q.phase === 'over') stopRecording();
  }

  // Recording could not start: if the time ran out meanwhile, carry on as timeUp() would.
  function recFailed(q) {
    paintQuestion();
    if (cur === q && q.phase === 'over' && !rec) timeUp();
  }

  // Uploads queued chunks one at a time, in order.
  async function pump(r) {
    if (r.pumping || !r.uploadId) return;
    r.pumping = true;
    let delay = 1000;
    while (r.queue.length && !r.broken) {
      const blob = r.queue[0];
      let res;
      try {
        res = await putChunk(r, r.headStart, blob);
      } catch (e) {
        showBanner({ key: 'netError', net: true });
        await sleep(delay);
        delay = Math.min(delay * 2, 15000);
        continue;
      }
      if (banner && banner.net) hideBanner();
      delay = 1000;
      if (res.ok) {
        r.headStart += blob.size;
        r.queue.shift();
      } else if (res.status === 409 && res.data && typeof res.data.expected_offset === 'number') {
        await resync(r);
      } else {
        // Deadline passed, already complete, too large: keep what the server has.
        r.broken = true;
      }
    }
    r.pumping = false;
    if (r.drained && (r.broken || !r.queue.length)) r.drained();
  }

  async function putChunk(r, offset, blob) {
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), 30000);
    try {
      const res = await fetch(API + '/uploads/' + encodeURIComponent(r.uploadId) + '?offset=' + offset, {
        method: 'PUT', cache: 'no-store', signal: ctl.signal,
        headers: { 'Content-Type': 'application/octet-stream' }, body: blob,
      });
      if (res.status >= 500) throw new NetError();
      const data = await res.json().catch(() => null);
      return { ok: res.ok, status: res.status, data };
    } finally {
      clearTimeout(timer);
    }
  }

  // Asks the server how much it holds and drops or trims queued chunks to continue there.
  async function resync(r) {
    const res = await call('GET', '/uploads/' + encodeURIComponent(r.uploadId));
    if (!res.ok || typeof res.data.received !== 'number') { r.broken = true; return; }
    const have = res.data.received;
    // Complete already, or behind what it acknowledged (cannot happen): nothing more to send.
    if (res.data.complete || have < r.headStart) { r.broken = true; return; }
    while (r.queue.length && r.headStart + r.queue[0].size <= have) {
      r.headStart += r.queue[0].size;
      r.queue.shift();
    }
    if (r.queue.length && have > r.headStart) {
      r.queue[0] = r.queue[0].slice(have - r.headStart);
      r.headStart = have;
    }
  }

  async function stopRecording() {
    const r = rec;
    if (!r || r.state !== 'recording') return;
    r.state = 'uploading';
    sending = true;
    signals.send(false);
    clearInterval(r.clock);
    r.recorder.stop(); // hands over the last chunk, then fires 'stop'
    paintQuestion();
    await r.stopped;
    teardown(r);
    if (!r.broken && (r.pumping || r.queue.length)) {
      await new Promise((resolve) => { r.drained = resolve; pump(r); });
    }
    const q = cur;
    const res = await call('POST', '/uploads/' + encodeURIComponent(r.uploadId) + '/complete');
    if (gone(res)) return;
    rec = null;
    if (res.ok || res.code === 'already_answered' || res.code === 'deadline_passed') {
      if (res.code === 'deadline_passed') showBanner(msgOf(res)); else hideBanner();
      return loadNext(); // stays "sending" until the next question replaces this one
    }
    // Nothing usable arrived (e.g. an empty recording): let the candidate try again.
    sending = false;
    showBanner(res.status === 422 ? { key: 'recordEmpty' } : msgOf(res));
    paintQuestion();
    if (q && q.phase === 'over' && !q.practice) { sending = true; loadNext(); }
  }

  // ---- recording without MediaRecorder -------------------------------------------------
  //
  // Some in-app browsers (older Android WeChat X5/XWeb kernels, old iOS WKWebView) have the
  // microphone and Web Audio but no MediaRecorder. There an audio answer is recorded as WAV:
  // the microphone is tapped through the AudioContext (an AudioWorklet where there is one,
  // else a ScriptProcessorNode), mixed down to mono, resampled to 16 kHz and encoded as
  // 16-bit little-endian PCM. Chunks go through the same upload as MediaRecorder's. The
  // header is sent before the length is known, so its RIFF and data sizes are 0xFFFFFFFF
  // ("until the end of the file"); the server reads such a file to its end.

  const WAV_RATE = 16000;
  const WAV_HEADER_BYTES = 44;

  // The 44-byte header of a 16 kHz mono 16-bit PCM WAV; sizes unknown unless given.
  function wavHeader(dataBytes) {
    const v = new DataView(new ArrayBuffer(WAV_HEADER_BYTES));
    const tag = (at, s) => { for (let i = 0; i < 4; i++) v.setUint8(at + i, s.charCodeAt(i)); };
    const known = typeof dataBytes === 'number';
    tag(0, 'RIFF');
    v.setUint32(4, known ? dataBytes + 36 : 0xFFFFFFFF, true);
    tag(8, 'WAVE');
    tag(12, 'fmt ');
    v.setUint32(16, 16, true);
    v.setUint16(20, 1, true);            // PCM
    v.setUint16(22, 1, true);            // mono
    v.setUint32(24, WAV_RATE, true);
    v.setUint32(28, WAV_RATE * 2, true); // bytes per second
    v.setUint16(32, 2, true);            // bytes per frame
    v.setUint16(34, 16, true);           // bits per sample
    tag(36, 'data');
    v.setUint32(40, known ? dataBytes : 0xFFFFFFFF, true);
    return v.buffer;
  }

  // A WavRecorder's chunks as one file with its real sizes, for local playback.
  function playableWav(chunks) {
    const whole = new Blob(chunks);
    const data = Math.max(0, whole.size - WAV_HEADER_BYTES);
    return new Blob([wavHeader(data - (data % 2)), whole.slice(WAV_HEADER_BYTES, WAV_HEADER_BYTES + data - (data % 2))],
      { type: 'audio/wav' });
  }

  // MediaRecorder's interface, as far as this page uses it: start(timeslice), stop(), state,
  // mimeType, and 'dataavailable' / 'stop' events. `ctx` is the level meter's AudioContext
  // when there is one (some browsers allow only a few); otherwise the recorder opens its own.
  function WavRecorder(stream, ctx) {
    const AC = window.AudioContext || window.webkitAudioContext;
    if (!ctx && !AC) throw new Error('no Web Audio');
    this.stream = stream;
    this.ownCtx = !ctx;
    this.ctx = ctx || new AC();
    this.state = 'inactive';
    this.mimeType = 'audio/wav';
    this.wav = true;       // chunks start with a header of unknown sizes, see playableWav()
    this.handlers = { dataavailable: [], stop: [] };
    this.parts = [];       // encoded PCM since the last chunk
    this.headerSent = false;
    this.step = this.ctx.sampleRate / WAV_RATE;
    this.pos = 0;          // where the next output sample falls in the next input block
    this.prev = 0;         // the last input sample of the previous block
  }

  WavRecorder.prototype.addEventListener = function (type, fn) {
    if (this.handlers[type]) this.handlers[type].push(fn);
  };

  WavRecorder.prototype.start = function (timeslice) {
    if (this.state !== 'inactive') return;
    this.state = 'recording';
    const ctx = this.ctx;
    this.source = ctx.createMediaStreamSource(this.stream);
    if (ctx.resume) ctx.resume().catch(() => {});
    this.tapWorklet().catch(() => { if (this.state === 'recording') this.tapScript(); });
    if (timeslice) this.timer = setInterval(() => this.flush(), timeslice);
  };

  WavRecorder.prototype.tapWorklet = async function () {
    const ctx = this.ctx;
    if (!window.AudioWorkletNode || !ctx.audioWorklet) throw new Error('no AudioWorklet');
    await ctx.audioWorklet.addModule('/static/portal-pcm-worklet.js');
    if (this.state !== 'recording') return;
    const node = new AudioWorkletNode(ctx, 'kaoguan-pcm-tap',
      { numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [1], channelCount: 1, channelCountMode: 'explicit' });
    node.port.onmessage = (e) => { if (this.state === 'recording') this.push(e.data); };
    this.source.connect(node);
    node.connect(ctx.destination); // silent (the tap writes nothing), but keeps it running
    this.node = node;
  };

  WavRecorder.prototype.tapScript = function () {
    const ctx = this.ctx;
    const node = ctx.createScriptProcessor(4096, 1, 1);
    node.onaudioprocess = (e) => {
      if (this.state !== 'recording') return;
      const buf = e.inputBuffer;
      const n = buf.length;
      const chans = buf.numberOfChannels;
      let mono = buf.getChannelData(0);
      if (chans > 1) {
        const mix = new Float32Array(n);
        for (let c = 0; c < chans; c++) {
          const ch = buf.getChannelData(c);
          for (let i = 0; i < n; i++) mix[i] += ch[i] / chans;
        }
        mono = mix;
      }
      this.push(mono);
    };
    this.source.connect(node);
    node.connect(ctx.destination); // a ScriptProcessorNode runs only when connected
    this.node = node;
  };

  // Resamples one block of mono samples to 16 kHz (linear interpolation, carried across
  // blocks) and encodes it as 16-bit little-endian PCM.
  WavRecorder.prototype.push = function (input) {
    const n = input.length;
    if (!n) return;
    const out = new DataView(new ArrayBuffer(2 * (Math.ceil((n - this.pos) / this.step) + 1)));
    let k = 0;
    let pos = this.pos;
    while (pos < n - 1) {
      const i = Math.floor(pos);
      const a = i < 0 ? this.prev : input[i];
      const x = a + (input[i + 1] - a) * (pos - i);
      const c = Math.max(-1, Math.min(1, x));
      out.setInt16(2 * k++, c < 0 ? c * 0x8000 : c * 0x7FFF, true);
      pos += this.step;
    }
    this.pos = pos - n;
    this.prev = input[n - 1];
    if (k) this.parts.push(new Uint8Array(out.buffer, 0, 2 * k));
  };

  // Hands over what was recorded since the last chunk (the first one starts with the header).
  WavRecorder.prototype.flush = function () {
    const parts = this.parts;
    this.parts = [];
    if (!this.headerSent) { parts.unshift(new Uint8Array(wavHeader())); this.headerSent = true; }
    if (!parts.length) return;
    const data = new Blob(parts, { type: 'audio/wav' });
    this.handlers.dataavailable.forEach((fn) => fn({ data }));
  };

  WavRecorder.prototype.stop = function () {
    if (this.state === 'inactive') return;
    this.state = 'inactive';
    clearInterval(this.timer);
    try { this.source.disconnect(); } catch (e) { /* ignore */ }
    if (this.node) {
      try { this.node.disconnect(); } catch (e) { /* ignore */ }
      if (this.node.port) this.node.port.onmessage = null;
      else this.node.onaudioprocess = null;
    }
    if (this.ownCtx && this.ctx.close) this.ctx.close().catch(() => {});
    // As MediaRecorder does: the last chunk, then 'stop', both after stop() returns.
    setTimeout(() => {
      this.flush();
      this.handlers.stop.forEach((fn) => fn({}));
    }, 0);
  };

  // MediaRecorder where it can record the answer; else, for audio, a WavRecorder.
  function newRecorder(r, type, opts) {
    if (!window.MediaRecorder || (!r.video && !type)) return new WavRecorder(r.stream, r.ctx);
    return new MediaRecorder(r.stream, opts);
  }

  function startMeter(r) {
    const AC = window.AudioContext || window.webkitAudioContext;
    if (!AC) return;
    try {
      r.ctx = new AC();
      const analyser = r.ctx.createAnalyser();
      analyser.fftSize = 1024;
      r.ctx.createMediaStreamSource(r.stream).connect(analyser);
      if (r.ctx.resume) r.ctx.resume().catch(() => {});
      const buf = new Uint8Array(analyser.fftSize);
      r.meter = setInterval(() => {
        analyser.getByteTimeDomainData(buf);
        let sum = 0;
        for (let i = 0; i < buf.length; i++) { const v = (buf[i] - 128) / 128; sum += v * v; }
        const rms = Math.sqrt(sum / buf.length);
        // Square root: quiet speech still moves the bar visibly.
        $(r.levelId || 'record-level').value = Math.min(100, Math.round(Math.sqrt(rms) * 200));
      }, 100);
    } catch (e) {
      r.ctx = null; // the meter is a nicety: record without it
    }
  }

  function stopTracks(r) {
    if (r.stream) r.stream.getTracks().forEach((tr) => tr.stop());
  }

  function teardown(r) {
    clearTimeout(r.faceTimer);
    if (r.video && $('record-preview').srcObject === r.stream) {
      $('record-preview').srcObject = null;
      $('record-preview').hidden = true;
    }
    clearInterval(r.meter);
    clearInterval(r.clock);
    stopTracks(r);
    if (r.ctx && r.ctx.close) r.ctx.close().catch(() => {});
    r.ctx = null;
    $(r.levelId || 'record-level').value = 0;
  }

  // Abandons a recording (the question changed under it, e.g. answered in another tab).
  function dropRecording() {
    const r = rec;
    rec = null;
    if (!r) return;
    r.broken = true;
    if (r.recorder && r.recorder.state !== 'inactive') { try { r.recorder.stop(); } catch (e) { /* ignore */ } }
    teardown(r);
  }

  function paintRecord() {
    const box = $('record-box');
    const on = !!(cur && (cur.audio || cur.video) && cur.phase !== 'think');
    box.hidden = !on;
    const video = !!(cur && cur.video);
    [['record-heading', 'recordHeading'], ['record-hint', 'recordHint'], ['record-start', 'recordStart'],
      ['record-stop', 'recordStop']].forEach(([id, key]) => {
      const k = video ? key + 'Video' : key;
      $(id).dataset.i18n = k;
      $(id).textContent = t(k);
    });
    const textOk = !cur || cur.textOk;
    const r = rec && cur && rec.qid === cur.id ? rec : null;
    // While recording, the text box steps aside; it is the fallback when the microphone is not available.
    const textShown = textOk && !r;
    ['answer-label', 'answer-text', 'answer-foot', 'answer-submit'].forEach((id) => { $(id).hidden = !textShown; });
    if (!on) return;
    const state = r ? r.state : 'idle';
    $('record-start').hidden = state === 'recording' || state === 'uploading';
    $('record-start').disabled = sending || state === 'asking' || (cur.phase === 'over' && !cur.practice);
    $('record-stop').hidden = state !== 'recording';
    $('record-level-row').hidden = !r;
    $('record-or').hidden = !textShown || !!recNote;
    const status = $('record-status');
    let msg = '';
    if (state === 'asking') msg = t('recordAsking');
    else if (state === 'recording') msg = t(r.video ? 'recordingVideo' : 'recording', { t: clock(Math.floor((Date.now() - r.started) / 1000)) });
    else if (state === 'uploading') msg = t('recordUploading');
    else if (recNote) msg = t(recNote.key) + ' ' + t(textOk ? 'micUseText' : 'micFixHint');
    status.textContent = msg;
    status.hidden = !msg;
    status.classList.toggle('note-warn', !!recNote && state === 'idle');
  }

  // ---- rendering -----------------------------------------------------------------------

  function show(id) {
    PAGES.forEach((p) => { $(p).hidden = p !== id; });
    if (id !== 'question-page') stopTimer();
    const target = $(id).querySelector('[data-focus]');
    if (target) target.focus({ preventScroll: true }); // lets screen readers hear the new page
  }

  function showBanner(b) { banner = b; paintBanner(); }
  function hideBanner() { banner = null; paintBanner(); }
  function paintBanner() {
    $('error-banner').hidden = !banner;
    if (!banner) return;
    $('error-banner').classList.toggle('is-net', !!banner.net);
    $('error-text').textContent = banner.key ? t(banner.key) : banner.text;
    $('error-retry').hidden = !banner.retry;
  }

  function setConsentBusy(busy) {
    ['consent-accept', 'consent-refuse', 'refuse-confirm', 'refuse-cancel'].forEach((id) => { $(id).disabled = busy; });
  }

  function paintHeader() {
    $('header-job').textContent = state ? [state.organisation, state.job_title].filter(Boolean).join(' · ') : '';
  }

  function paintNotice() {
    const s = state;
    if (!s) return;
    $('notice-greeting').textContent = s.candidate_name ? t('hello', { name: s.candidate_name }) : '';
    $('notice-intro').textContent = t('intro', { org: s.organisation || '', job: s.job_title || '' });
    $('notice-summary').textContent = t('summary', { n: s.question_count, m: s.total_minutes })
      + (s.practice_done ? '' : ' ' + t('practiceNote'));
    const expiry = $('notice-expiry');
    if (s.link_expires_at) {
      const at = new Date(s.link_expires_at);
      const date = at.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
      expiry.textContent = t('expires', { date });
      expiry.hidden = false;
    } else {
      expiry.hidden = true;
    }
    const kinds = Array.from(new Set(s.question_kinds || []));
    const ul = $('notice-kinds');
    ul.textContent = '';
    kinds.forEach((k) => {
      const li = document.createElement('li');
      li.textContent = S['kind_' + k] ? t('kind_' + k) : k;
      ul.appendChild(li);
    });
    $('kinds-block').hidden = kinds.length === 0;
    $('consent-version').textContent = s.consent_version ? t('version', { v: s.consent_version }) : '';
    const filmed = (s.answer_modes || []).indexOf('video') >= 0;
    $('record-body').dataset.i18n = filmed ? 'recordBodyVideo' : 'recordBody';
    $('record-body').textContent = t(filmed ? 'recordBodyVideo' : 'recordBody') + (s.face_detection ? ' ' + t('recordBodyFaces') : '');
  }

  function paintQuestion() {
    if (!cur) return;
    const badge = $('question-badge');
    badge.textContent = cur.practice ? t('practice') : t('progress', { i: cur.index, n: cur.total });
    badge.classList.toggle('is-practice', cur.practice);
    const note = cur.practice ? 'practiceHint' : cur.firstReal ? 'realStart' : '';
    $('question-note').hidden = !note;
    $('question-note').textContent = note ? t(note) : '';
    $('question-text').textContent = cur.text;
    $('question-text').lang = state && state.language === 'en' ? 'en' : 'zh-CN';
    $('think-area').hidden = cur.phase !== 'think';
    $('answer-area').hidden = cur.phase === 'think';
    $('overtime-note').hidden = !cur.overtime;
    const submitBtn = $('answer-submit');
    submitBtn.disabled = sending || (cur.phase === 'over' && !cur.overtime);
    submitBtn.textContent = t(sending ? 'sending' : 'submit');
    submitBtn.setAttribute('aria-busy', sending ? 'true' : 'false');
    paintRecord();
    paintCount();
    paintTimer();
  }

  function paintCount() {
    const n = $('answer-text').value.length;
    $('char-count').textContent = t('counter', { n, max: MAX_CHARS });
    $('char-count').classList.toggle('is-near', n > MAX_CHARS * 0.9);
  }

  const clock = (s) => Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
  const spoken = (s) => (s >= 60 ? t('minSec', { m: Math.floor(s / 60), s: s % 60 }) : t('sec', { s }));

  function paintTimer() {
    if (!cur) return;
    const think = cur.phase === 'think';
    const over = cur.phase === 'over';
    const left = over ? 0 : Math.max(0, Math.ceil(((think ? cur.thinkEnd : cur.answerEnd) - Date.now()) / 1000));
    const label = over ? t('timeUp') : t(think ? 'think' : 'answer');
    $('timer-label').textContent = label;
    $('timer-value').textContent = clock(left);
    // Screen readers hear phase changes and a few milestones, not a number every second.
    const phaseChanged = cur.phase !== cur.spokenPhase;
    if (phaseChanged) cur.barMax = Math.max(think ? cur.thinkSecs : cur.answerSecs, left, 1);
    if (phaseChanged || ([60, 30, 10].indexOf(left) >= 0 && left !== cur.spokenLeft)) {
      cur.spokenPhase = cur.phase;
      cur.spokenLeft = left;
      $('timer-live').textContent = over ? label : t('remaining', { label, t: spoken(left) });
    }
    const bar = $('timer-bar');
    bar.max = cur.barMax;
    bar.value = Math.min(left, cur.barMax);
    $('question-page').classList.toggle('is-low', !think && left <= 15);
    $('question-page').classList.toggle('is-thinking', think);
  }

  // Re-render every UI string in the current language (the question text itself stays
  // in the interview's language).
  function paint() {
    document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
    document.title = t('title');
    document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
    $('lang-switch').lang = lang === 'en' ? 'zh-CN' : 'en';
    $('answer-text').placeholder = t('placeholder');
    paintHeader();
    paintNotice();
    if (cur) { cur.spokenPhase = null; paintQuestion(); }
    devices.paint();
    paintBanner();
  }

  // ---- wiring --------------------------------------------------------------------------

  $('lang-switch').addEventListener('click', () => {
    lang = lang === 'en' ? 'zh' : 'en';
    store.set('kaoguan.lang', lang); // an explicit choice outlives a reload
    paint();
  });
  $('consent-accept').addEventListener('click', () => consent(true));
  // Refusing takes a second, explicit click; until then the choice can be taken back.
  const askRefuse = (open) => {
    $('consent-actions').hidden = open;
    $('refuse-box').hidden = !open;
    $(open ? 'refuse-confirm' : 'consent-refuse').focus();
  };
  $('consent-refuse').addEventListener('click', () => askRefuse(true));
  $('refuse-cancel').addEventListener('click', () => askRefuse(false));
  $('refuse-confirm').addEventListener('click', () => consent(false));
  $('start-answering').addEventListener('click', () => { if (cur && cur.phase === 'think') enterAnswer(true); });
  $('answer-submit').addEventListener('click', submit);
  $('device-start').addEventListener('click', () => devices.start());
  $('device-test').addEventListener('click', () => devices.test());
  $('device-continue').addEventListener('click', () => devices.cont());
  $('record-start').addEventListener('click', startRecording);
  $('record-stop').addEventListener('click', stopRecording);
  $('answer-text').addEventListener('input', (e) => {
    if (cur) store.set(draftKey(cur.id), e.target.value);
    paintCount();
    if (banner && banner.key === 'emptyAnswer') hideBanner();
  });
  $('error-retry').addEventListener('click', () => { if (banner && banner.retry) banner.retry(); });
  // Phones pause timers in the background: catch up as soon as the page is visible again.
  document.addEventListener('visibilitychange', () => { if (!document.hidden) tick(); });
  $('answer-text').addEventListener('paste', (e) => signals.paste(e));
  document.addEventListener('visibilitychange', () => { if (document.hidden) signals.away(); else signals.back(); });
  // The browser's own microphone prompt can take focus from the page: not a switch away.
  window.addEventListener('blur', () => { if (!(rec && rec.state === 'asking')) signals.away(); });
  window.addEventListener('focus', () => signals.back());
  window.addEventListener('pagehide', () => signals.send(true));

  paint();
  load();
})();
