//! Which CTranslate2 variable becomes which whisper.cpp tensor, in the order OpenAI's
//! checkpoint (and so the reference Python converter) lists them. CTranslate2 fuses the
//! attention projections (self-attention Q,K,V in one matrix; cross-attention K,V in one);
//! whisper.cpp wants them apart, and has no key bias (it is zero in Whisper).

use super::ct2::Ct2Model;
use crate::SpeechError;

/// One output tensor: `part` of `parts` equal row blocks of CTranslate2 variable `var`.
#[derive(Debug, Clone)]
pub struct Planned {
    pub name: String,
    pub var: String,
    pub part: usize,
    pub parts: usize,
}

#[derive(Default)]
struct Plan(Vec<Planned>);

impl Plan {
    fn put(&mut self, name: &str, var: &str) {
        self.split(name, var, 0, 1);
    }

    fn split(&mut self, name: &str, var: &str, part: usize, parts: usize) {
        self.0.push(Planned {
            name: name.to_string(),
            var: var.to_string(),
            part,
            parts,
        });
    }

    fn self_attn(&mut self, dst: &str, src: &str) {
        let (w, b) = (
            format!("{src}/linear_0/weight"),
            format!("{src}/linear_0/bias"),
        );
        self.split(&format!("{dst}.query.weight"), &w, 0, 3);
        self.split(&format!("{dst}.query.bias"), &b, 0, 3);
        self.split(&format!("{dst}.key.weight"), &w, 1, 3);
        self.split(&format!("{dst}.value.weight"), &w, 2, 3);
        self.split(&format!("{dst}.value.bias"), &b, 2, 3);
        self.lin(&format!("{dst}.out"), &format!("{src}/linear_1"));
    }

    fn cross_attn(&mut self, dst: &str, src: &str) {
        self.lin(&format!("{dst}.query"), &format!("{src}/linear_0"));
        let (w, b) = (
            format!("{src}/linear_1/weight"),
            format!("{src}/linear_1/bias"),
        );
        self.split(&format!("{dst}.key.weight"), &w, 0, 2);
        self.split(&format!("{dst}.value.weight"), &w, 1, 2);
        self.split(&format!("{dst}.value.bias"), &b, 1, 2);
        self.lin(&format!("{dst}.out"), &format!("{src}/linear_2"));
    }

    fn ln(&mut self, dst: &str, src: &str) {
        self.put(&format!("{dst}.weight"), &format!("{src}/gamma"));
        self.put(&format!("{dst}.bias"), &format!("{src}/beta"));
    }

    fn lin(&mut self, dst: &str, src: &str) {
        self.put(&format!("{dst}.weight"), &format!("{src}/weight"));
        self.put(&format!("{dst}.bias"), &format!("{src}/bias"));
    }
}

/// Number of `side/layer_N/` blocks present.
pub fn count_layers(model: &Ct2Model, side: &str) -> usize {
    let prefix = format!("{side}/layer_");
    model
        .names()
        .filter_map(|n| n.strip_prefix(&prefix))
        .filter_map(|rest| rest.split('/').next()?.parse::<usize>().ok())
        .map(|i| i + 1)
        .max()
        .unwrap_or(0)
}

pub fn plan(model: &Ct2Model) -> Result<Vec<Planned>, SpeechError> {
    let (n_enc, n_dec) = (
        count_layers(model, "encoder"),
        count_layers(model, "decoder"),
    );
    if n_enc == 0 || n_dec == 0 {
        return Err(SpeechError::format(
            &model.path,
            format!("not a Whisper model: {n_enc} encoder and {n_dec} decoder layers"),
        ));
    }
    let mut p = Plan::default();
    p.lin("encoder.conv1", "encoder/conv1");
    p.lin("encoder.conv2", "encoder/conv2");
    p.put(
        "encoder.positional_embedding",
        "encoder/position_encodings/encodings",
    );
    for (side, n) in [("encoder", n_enc), ("decoder", n_dec)] {
        for i in 0..n {
            let (s, d) = (format!("{side}/layer_{i}"), format!("{side}.blocks.{i}"));
            p.self_attn(&format!("{d}.attn"), &format!("{s}/self_attention"));
            p.ln(
                &format!("{d}.attn_ln"),
                &format!("{s}/self_attention/layer_norm"),
            );
            if side == "decoder" {
                p.cross_attn(&format!("{d}.cross_attn"), &format!("{s}/attention"));
                p.ln(
                    &format!("{d}.cross_attn_ln"),
                    &format!("{s}/attention/layer_norm"),
                );
            }
            p.lin(&format!("{d}.mlp.0"), &format!("{s}/ffn/linear_0"));
            p.lin(&format!("{d}.mlp.2"), &format!("{s}/ffn/linear_1"));
            p.ln(&format!("{d}.mlp_ln"), &format!("{s}/ffn/layer_norm"));
        }
    }
    p.ln("encoder.ln_post", "encoder/layer_norm");
    p.put(
        "decoder.token_embedding.weight",
        "decoder/embeddings/weight",
    );
    p.put(
        "decoder.positional_embedding",
        "decoder/position_encodings/encodings",
    );
    p.ln("decoder.ln", "decoder/layer_norm");
    Ok(p.0)
}
