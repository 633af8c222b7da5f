// Kaoguan candidate portal: the device check before the first question (see portal.js,
// which creates it with the helpers it shares).
(function () {
  'use strict';

  window.KaoguanDevices = function (p) {
    let dev = null;          // the check on screen
    let devChecked = false;  // passed (or skipped) in this page's life

    // ---- device check --------------------------------------------------------------------
    //
    // Before the first question of an interview that takes spoken (or filmed) answers: a
    // level meter, a camera preview when a question takes video, and a 3-second test
    // recording played back on the spot. Nothing from here is uploaded. When permission is
    // denied the candidate can still go on and answer in writing where questions allow it.

    const devKey = () => 'kaoguan.devices.' + p.token;
    const TEST_MS = 3000;

    function needsDeviceCheck(s) {
      if (devChecked || s.practice_done || s.answered_count > 0 || p.store.get(devKey()) === 'done') return false;
      const modes = s.answer_modes || [];
      return modes.indexOf('audio') >= 0 || modes.indexOf('video') >= 0;
    }

    function showDeviceCheck() {
      const s = p.state();
      const modes = (s && s.answer_modes) || [];
      dev = { video: modes.indexOf('video') >= 0, textOk: modes.indexOf('text') >= 0, state: 'idle',
        stream: null, ctx: null, meter: null, recorder: null, url: null, levelId: 'device-level' };
      paintDevice();
      p.show('device-page');
    }

    async function deviceStart() {
      const d = dev;
      if (!d || (d.state !== 'idle' && d.state !== 'denied')) return;
      if (!p.canRecord()) { d.state = 'denied'; return paintDevice(); }
      d.state = 'asking';
      paintDevice();
      try {
        d.stream = await navigator.mediaDevices.getUserMedia({
          audio: true, video: d.video ? { facingMode: 'user', width: { ideal: 640 }, height: { ideal: 480 } } : false,
        });
      } catch (e) {
        if (dev === d) { d.state = 'denied'; paintDevice(); }
        return;
      }
      if (dev !== d) return p.stopTracks(d);
      d.state = 'live';
      p.startMeter(d);
      if (d.video) {
        const v = p.$('device-preview');
        v.srcObject = d.stream;
        if (v.play) v.play().catch(() => {});
      }
      paintDevice();
    }

    function deviceTest() {
      const d = dev;
      if (!d || (d.state !== 'live' && d.state !== 'tested')) return;
      const type = d.video ? p.videoType() : p.audioType();
      const chunks = [];
      try {
        // Without MediaRecorder this is a WAV recording of the microphone (see portal.js).
        d.recorder = p.newRecorder(d, type, type ? { mimeType: type } : {});
      } catch (e) {
        d.state = 'denied';
        return paintDevice();
      }
      d.recorder.addEventListener('dataavailable', (e) => { if (e.data && e.data.size > 0) chunks.push(e.data); });
      d.recorder.addEventListener('stop', () => {
        if (dev !== d) return;
        if (d.url) URL.revokeObjectURL(d.url);
        d.url = URL.createObjectURL(d.recorder.wav ? p.playableWav(chunks)
          : new Blob(chunks, { type: d.recorder.mimeType || type || 'audio/webm' }));
        const player = p.$(d.video ? 'device-playback-video' : 'device-playback-audio');
        player.src = d.url;
        d.state = 'tested';
        paintDevice();
      });
      d.recorder.start();
      d.state = 'testing';
      paintDevice();
      setTimeout(() => { if (d.recorder && d.recorder.state !== 'inactive') d.recorder.stop(); }, TEST_MS);
    }

    function deviceContinue() {
      const d = dev;
      dev = null;
      if (d) {
        if (d.recorder && d.recorder.state !== 'inactive') { try { d.recorder.stop(); } catch (e) { /* ignore */ } }
        p.teardown(d);
        ['device-preview', 'device-playback-audio', 'device-playback-video'].forEach((id) => {
          const el = p.$(id);
          el.srcObject = null;
          el.removeAttribute('src');
        });
        if (d.url) URL.revokeObjectURL(d.url);
      }
      devChecked = true;
      p.store.set(devKey(), 'done');
      p.loadNext();
    }

    function paintDevice() {
      const d = dev;
      if (!d) return;
      p.$('device-intro').textContent = p.t(d.video ? 'deviceIntroVideo' : 'deviceIntroAudio');
      const on = d.state === 'live' || d.state === 'testing' || d.state === 'tested';
      p.$('device-preview-box').hidden = !(on && d.video);
      p.$('device-level-row').hidden = !on;
      p.$('device-start').hidden = on;
      p.$('device-start').disabled = d.state === 'asking';
      p.$('device-test').hidden = !on;
      p.$('device-test').disabled = d.state === 'testing';
      p.$('device-playback-box').hidden = d.state !== 'tested';
      p.$('device-playback-audio').hidden = d.video;
      p.$('device-playback-video').hidden = !d.video;
      let msg = '';
      if (d.state === 'asking') msg = p.t('deviceAsking', { cam: d.video ? p.t('deviceAndCamera') : '' });
      else if (d.state === 'live') msg = p.t('deviceLive');
      else if (d.state === 'testing') msg = p.t('deviceTesting');
      else if (d.state === 'denied') msg = p.t('deviceDenied') + ' ' + p.t(d.textOk ? 'deviceUseText' : 'micFixHint');
      const status = p.$('device-status');
      status.textContent = msg;
      status.hidden = !msg;
      status.classList.toggle('note-warn', d.state === 'denied');
    }


    return { needed: needsDeviceCheck, show: showDeviceCheck, paint: paintDevice,
      start: deviceStart, test: deviceTest, cont: deviceContinue };
  };
})();
