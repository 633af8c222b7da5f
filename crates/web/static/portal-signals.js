// Kaoguan candidate portal: integrity signals and (opt-in) face counts (see portal.js,
// which creates them with the helpers it shares).
(function () {
  'use strict';

  window.KaoguanSignals = function (p) {
    let integ = null;        // counts for the question on screen, see integStart()

    // ---- integrity signals ---------------------------------------------------------------
    //
    // Per real question: pastes into the answer box (and the characters they carried), and
    // switches away from the page — hidden (another tab, the home screen) or the window
    // losing focus (another app), counted once per absence however many of those events
    // fire — with the total time away. Kept in localStorage so a reload does not lose them,
    // and sent whenever they change; each report replaces the last on the server. When the
    // page is going away they go by sendBeacon, which outlives the page. Reviewers see them
    // beside the answer; they never change a score. Nothing else about the device is read.

    const integKey = (id) => 'kaoguan.integrity.' + p.token + '.' + id;
    const INTEG_FIELDS = ['paste', 'chars', 'losses', 'awayMs'];

    // Starts counting for question `q` (null: none), after closing the previous question's.
    function integStart(q) {
      if (integ && q && integ.qid === q.id) return;
      if (integ) { integBack(); integSend(false); }
      integ = null;
      if (!q || q.practice) return;
      integ = { qid: q.id, paste: 0, chars: 0, losses: 0, awayMs: 0, awaySince: null, faces: null,
        maxSecs: (q.thinkSecs || 0) + (q.answerSecs || 0), sent: '', inFlight: false, again: false };
      let saved = null;
      try { saved = JSON.parse(p.store.get(integKey(q.id)) || 'null'); } catch (e) { saved = null; }
      if (saved && typeof saved === 'object') {
        INTEG_FIELDS.forEach((k) => { if (Number.isFinite(saved[k]) && saved[k] >= 0) integ[k] = saved[k]; });
        // Closed (or reloaded) while away: the time until now was away too.
        if (Number.isFinite(saved.awaySince)) integ.awaySince = saved.awaySince;
        const f = saved.faces;
        if (f && [f.checks, f.none, f.multiple].every((n) => Number.isFinite(n) && n >= 0)) integ.faces = f;
      }
      if (document.hidden) integAway(); else integBack();
    }

    function integSave(i) {
      const keep = { awaySince: i.awaySince, faces: i.faces };
      INTEG_FIELDS.forEach((k) => { keep[k] = i[k]; });
      p.store.set(integKey(i.qid), JSON.stringify(keep));
    }

    function integBody(i) {
      const away = i.awayMs + (i.awaySince !== null ? Math.max(0, Date.now() - i.awaySince) : 0);
      const body = {
        paste_events: i.paste,
        pasted_chars: i.paste ? i.chars : 0,
        focus_losses: i.losses,
        // The server refuses more time away than the question's window holds.
        away_seconds: i.losses ? Math.min(Math.round(away / 1000), i.maxSecs) : 0,
      };
      if (i.faces) body.faces = { checks: i.faces.checks, no_face: i.faces.none, multiple_faces: i.faces.multiple };
      return JSON.stringify(body);
    }

    // Sends the counts if they changed since the last report that got through. One request
    // at a time, so an older report can never land after a newer one; a beacon, when the
    // page is going away, skips the queue because nothing will come after it.
    function integSend(beacon) {
      const i = integ;
      if (!i) return;
      integSave(i);
      const body = integBody(i);
      if (body === i.sent) return;
      const url = p.api + '/answers/' + encodeURIComponent(i.qid) + '/integrity';
      if (beacon && navigator.sendBeacon) {
        // A string goes as text/plain, which beacons may carry (application/json may not).
        try { if (navigator.sendBeacon(url, body)) i.sent = body; } catch (e) { /* best effort */ }
        return;
      }
      if (i.inFlight) { i.again = true; return; }
      i.inFlight = true;
      fetch(url, { method: 'POST', cache: 'no-store', keepalive: true,
        headers: { 'Content-Type': 'application/json' }, body })
        // A refusal (time over, bad counts) will not improve by resending: count it as sent.
        .then((res) => { if (res.status < 500) i.sent = body; })
        .catch(() => { /* offline: the next change or the beacon tries again */ })
        .finally(() => {
          i.inFlight = false;
          if (i.again && integ === i) { i.again = false; integSend(false); }
        });
    }

    function integAway() {
      const i = integ;
      if (!i || i.awaySince !== null) return;
      i.losses += 1;
      i.awaySince = Date.now();
      integSend(true); // a hidden page may be frozen or killed before it comes back
    }

    function integBack() {
      const i = integ;
      if (!i || i.awaySince === null || document.hidden) return;
      i.awayMs += Math.max(0, Date.now() - i.awaySince);
      i.awaySince = null;
      integSend(false);
    }

    function integPaste(e) {
      const i = integ;
      const cur = p.current();
      if (!i || !cur || i.qid !== cur.id) return;
      const text = e.clipboardData ? e.clipboardData.getData('text') || '' : '';
      i.paste += 1;
      i.chars += Array.from(text).length;
      integSend(false);
    }

    // ---- face counts (video answers, opt-in per job) ---------------------------------------
    //
    // While a video answer records, a small face detector (tiny_face_detector from
    // @vladmandic/face-api, served from our own /static) looks at the preview once a second,
    // here on the device. Only three numbers leave it: frames checked, frames with no face,
    // frames with more than one. No landmarks, no recognition, nothing about the person.

    const FACE_EVERY_MS = 1000;
    const FACE_SEND_EVERY = 5; // checks between reports; the last one goes when recording stops
    let faceLib = null;        // Promise of the loaded library, or of null when it cannot run

    function loadFaceApi() {
      if (faceLib) return faceLib;
      faceLib = new Promise((resolve) => {
        const el = document.createElement('script');
        el.src = '/static/face-api.js';
        el.onload = () => {
          const fa = window.faceapi;
          if (!fa) return resolve(null);
          fa.nets.tinyFaceDetector.loadFromUri('/static').then(() => resolve(fa), () => resolve(null));
        };
        el.onerror = () => resolve(null);
        document.head.appendChild(el);
      });
      return faceLib;
    }

    async function countFaces(r) {
      const fa = await loadFaceApi();
      if (!fa || p.recording() !== r || r.state !== 'recording') return;
      const video = p.$('record-preview');
      const opts = new fa.TinyFaceDetectorOptions({ inputSize: 224, scoreThreshold: 0.5 });
      const step = async () => {
        if (p.recording() !== r || r.state !== 'recording') return;
        const i = integ;
        if (video.readyState >= 2 && i && i.qid === r.qid) {
          let found;
          try { found = await fa.detectAllFaces(video, opts); } catch (e) { return; } // stop rather than report noise
          const f = i.faces || (i.faces = { checks: 0, none: 0, multiple: 0 });
          f.checks += 1;
          if (found.length === 0) f.none += 1;
          else if (found.length > 1) f.multiple += 1;
          if (f.checks % FACE_SEND_EVERY === 0) integSend(false); else integSave(i);
        }
        r.faceTimer = setTimeout(step, FACE_EVERY_MS);
      };
      step();
    }


    return { start: integStart, send: integSend, away: integAway, back: integBack,
      paste: integPaste, countFaces };
  };
})();
