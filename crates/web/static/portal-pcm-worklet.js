// Kaoguan candidate portal: the AudioWorklet that hands microphone samples to the WAV
// recorder in portal.js (used only where the browser has no MediaRecorder). It passes its
// mono input through to the main thread unchanged; the page resamples and encodes.
class KaoguanPcmTap extends AudioWorkletProcessor {
  process(inputs) {
    const input = inputs[0];
    if (input && input.length) {
      const n = input[0].length;
      const mono = new Float32Array(n);
      for (let c = 0; c < input.length; c++) {
        const ch = input[c];
        for (let i = 0; i < n; i++) mono[i] += ch[i] / input.length;
      }
      this.port.postMessage(mono, [mono.buffer]);
    }
    return true;
  }
}
registerProcessor('kaoguan-pcm-tap', KaoguanPcmTap);
