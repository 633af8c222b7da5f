//! The conditions of pipeline rules (`report.total >= 75 && report.dimensions.logic >= 60`):
//! CEL, the Common Expression Language, through the maintained `cel` crate.
//!
//! CEL has no loops, no recursion and no I/O, so a condition HR writes always ends and can
//! only read the facts it is given. We add two guards of our own: a length limit and a
//! nesting limit, because the parser recurses once per bracket and a hostile expression of
//! ten thousand `(` would otherwise exhaust the stack.
//!
//! Facts are plain JSON objects (`report`, `application`, `candidate`); which exist for a
//! trigger, and what they hold, is the service's business.

use std::panic::{catch_unwind, AssertUnwindSafe};

use cel::common::ast::{EntryExpr, Expr};
use cel::{Context, ExecutionError, Program, Value};
use serde_json::Map;
use thiserror::Error;

/// Longest condition accepted, in characters.
pub const MAX_CHARS: usize = 500;
/// Deepest nesting of brackets accepted.
pub const MAX_DEPTH: usize = 32;

/// A condition that compiled.
pub struct Condition {
    source: String,
    program: Program,
}

impl std::fmt::Debug for Condition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Condition").field(&self.source).finish()
    }
}

/// Why a condition does not compile, with where (1-based line and column) when the parser
/// knows.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CompileError {
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("longer than {MAX_CHARS} characters")]
    TooLong,
    #[error("brackets nested deeper than {MAX_DEPTH}")]
    TooDeep,
    #[error("empty")]
    Empty,
}

/// Why a condition could not be decided on the facts given.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EvalError {
    /// A name (variable or field) the facts do not have, e.g. a misspelt dimension.
    #[error("unknown name {0:?}")]
    UnknownName(String),
    /// The condition's value is not true or false, e.g. `report.total + 1`.
    #[error("the condition gives {0}, not true or false")]
    NotBoolean(&'static str),
    /// Anything else the interpreter refused, e.g. comparing a number with a string.
    #[error("{0}")]
    Invalid(String),
}

impl Condition {
    pub fn compile(source: &str) -> Result<Self, CompileError> {
        let trimmed = source.trim();
        if trimmed.is_empty() {
            return Err(CompileError::Empty);
        }
        if trimmed.chars().count() > MAX_CHARS {
            return Err(CompileError::TooLong);
        }
        if nesting(trimmed) > MAX_DEPTH {
            return Err(CompileError::TooDeep);
        }
        // The parser is generated code; should it panic on some input, that input is a
        // syntax error, not a crash of the request that saved it.
        let parsed = catch_unwind(AssertUnwindSafe(|| Program::compile(trimmed)));
        match parsed {
            Ok(Ok(program)) => Ok(Self {
                source: trimmed.to_string(),
                program,
            }),
            Ok(Err(errors)) => {
                let first = errors.errors.into_iter().next();
                let (line, column, message) = match first {
                    Some(e) => (
                        usize::try_from(e.pos.0).unwrap_or(1).max(1),
                        // The parser counts columns from 0.
                        usize::try_from(e.pos.1).unwrap_or(0) + 1,
                        plain(&e.msg),
                    ),
                    None => (1, 1, "syntax error".to_string()),
                };
                Err(CompileError::Syntax {
                    line,
                    column,
                    message,
                })
            }
            Err(_) => Err(CompileError::Syntax {
                line: 1,
                column: 1,
                message: "the expression could not be read".to_string(),
            }),
        }
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// The top-level names the condition reads (`report`, `application`, …).
    pub fn variables(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .program
            .references()
            .variables()
            .into_iter()
            .map(str::to_string)
            .collect();
        v.sort();
        v
    }

    /// Every field path the condition reads, e.g. `["report", "dimensions", "logic"]`,
    /// rooted at a variable (names a comprehension binds, as `f` in
    /// `report.flags.exists(f, f == 'evasive')`, are not variables). A caller checks them
    /// against the facts a trigger provides, so a misspelt field is an error when the rule
    /// is saved rather than whenever a branch that reads it first runs.
    pub fn paths(&self) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        collect_paths(&self.program.expression().expr, &mut Vec::new(), &mut out);
        out.sort();
        out.dedup();
        out
    }

    /// Decides the condition on `facts`, each top-level key a variable.
    pub fn evaluate(&self, facts: &Map<String, serde_json::Value>) -> Result<bool, EvalError> {
        let mut context = Context::default();
        for (name, value) in facts {
            context
                .add_variable(name.as_str(), value.clone())
                .map_err(|e| EvalError::Invalid(e.to_string()))?;
        }
        let result = catch_unwind(AssertUnwindSafe(|| self.program.execute(&context)))
            .map_err(|_| EvalError::Invalid("the expression could not be evaluated".into()))?;
        match result {
            Ok(Value::Bool(b)) => Ok(b),
            Ok(other) => Err(EvalError::NotBoolean(type_name(&other))),
            Err(ExecutionError::NoSuchKey(k)) => Err(EvalError::UnknownName(k.to_string())),
            Err(ExecutionError::UndeclaredReference(k)) => {
                Err(EvalError::UnknownName(k.to_string()))
            }
            Err(e) => Err(EvalError::Invalid(e.to_string())),
        }
    }
}

fn collect_paths(expr: &Expr, bound: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match expr {
        Expr::Ident(name) => {
            if !bound.contains(name) {
                out.push(vec![name.clone()]);
            }
        }
        Expr::Select(_) => {
            let mut fields = Vec::new();
            let mut at = expr;
            while let Expr::Select(s) = at {
                fields.push(s.field.clone());
                at = &s.operand.expr;
            }
            match at {
                Expr::Ident(root) if !bound.contains(root) => {
                    fields.push(root.clone());
                    fields.reverse();
                    out.push(fields);
                }
                other => collect_paths(other, bound, out),
            }
        }
        Expr::Call(call) => {
            if let Some(target) = &call.target {
                collect_paths(&target.expr, bound, out);
            }
            for arg in &call.args {
                collect_paths(&arg.expr, bound, out);
            }
        }
        Expr::Comprehension(c) => {
            collect_paths(&c.iter_range.expr, bound, out);
            collect_paths(&c.accu_init.expr, bound, out);
            let before = bound.len();
            bound.push(c.iter_var.clone());
            bound.extend(c.iter_var2.clone());
            bound.push(c.accu_var.clone());
            for e in [&c.loop_cond, &c.loop_step, &c.result] {
                collect_paths(&e.expr, bound, out);
            }
            bound.truncate(before);
        }
        Expr::List(list) => {
            for e in &list.elements {
                collect_paths(&e.expr, bound, out);
            }
        }
        Expr::Map(map) => {
            for entry in &map.entries {
                if let EntryExpr::MapEntry(e) = &entry.expr {
                    collect_paths(&e.key.expr, bound, out);
                    collect_paths(&e.value.expr, bound, out);
                }
            }
        }
        Expr::Struct(_) | Expr::Literal(_) | Expr::Unspecified => {}
    }
}

/// The deepest bracket nesting in `s`, ignoring brackets inside string literals.
fn nesting(s: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in s.chars() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '(' | '[' | '{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// The parser's message without its grammar dump: "mismatched input '<EOF>' expecting
/// {'[', '{', …}" says what was found, and the list of 15 token kinds helps nobody.
fn plain(msg: &str) -> String {
    let msg = msg.strip_prefix("Syntax error: ").unwrap_or(msg);
    match msg.find(" expecting ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Int(_) | Value::UInt(_) | Value::Float(_) => "a number",
        Value::String(_) => "text",
        Value::List(_) => "a list",
        Value::Map(_) => "a map",
        Value::Null => "null",
        _ => "a value of another type",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn facts() -> Map<String, serde_json::Value> {
        json!({
            "report": {"total": 80.5, "band": "recommend", "dimensions": {"logic": 70, "service": 55.5},
                        "flags": ["off_topic"], "red_flags": 0},
            "application": {"stage": "ai_interview"},
        })
        .as_object()
        .unwrap()
        .clone()
    }

    fn eval(src: &str) -> Result<bool, EvalError> {
        Condition::compile(src).unwrap().evaluate(&facts())
    }

    #[test]
    fn decides_comparisons_on_numbers_text_and_lists() {
        assert_eq!(
            eval("report.total >= 75 && report.dimensions.logic >= 60"),
            Ok(true)
        );
        assert_eq!(eval("report.dimensions.service >= 60"), Ok(false));
        assert_eq!(eval("report.band == 'recommend'"), Ok(true));
        assert_eq!(eval("'off_topic' in report.flags"), Ok(true));
        assert_eq!(eval("!('evasive' in report.flags)"), Ok(true));
        assert_eq!(eval("report.red_flags == 0 || report.total > 90"), Ok(true));
        assert_eq!(eval("application.stage == 'second_round'"), Ok(false));
    }

    #[test]
    fn a_syntax_error_names_line_and_column() {
        let err = Condition::compile("report.total >= ").unwrap_err();
        match err {
            CompileError::Syntax {
                line,
                column,
                message,
            } => {
                assert_eq!((line, column), (1, 17), "{message}");
                assert!(message.contains("EOF"), "{message}");
                assert!(!message.contains("expecting"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        let err = Condition::compile("report.total > 3\n  &&& 2").unwrap_err();
        assert!(
            matches!(err, CompileError::Syntax { line: 2, .. }),
            "{err:?}"
        );
    }

    #[test]
    fn unknown_names_and_non_boolean_results_are_errors_not_false() {
        assert_eq!(
            eval("report.dimensions.logik >= 60"),
            Err(EvalError::UnknownName("logik".into()))
        );
        assert_eq!(
            eval("candidat.x == 1"),
            Err(EvalError::UnknownName("candidat".into()))
        );
        assert_eq!(
            eval("report.total + 1.0"),
            Err(EvalError::NotBoolean("a number"))
        );
        assert!(matches!(
            eval("report.band > 3"),
            Err(EvalError::Invalid(_))
        ));
    }

    #[test]
    fn hostile_input_is_refused_before_the_parser_sees_it() {
        assert_eq!(
            Condition::compile(&"(".repeat(10_000)).unwrap_err(),
            CompileError::TooLong
        );
        assert_eq!(
            Condition::compile(&format!("{}true{}", "(".repeat(33), ")".repeat(33))).unwrap_err(),
            CompileError::TooDeep
        );
        assert_eq!(
            Condition::compile(&format!("{} == 1", "1 + ".repeat(200))).unwrap_err(),
            CompileError::TooLong
        );
        assert_eq!(Condition::compile("  ").unwrap_err(), CompileError::Empty);
        // Operators nest without brackets; the length limit keeps that within the stack.
        for op in ["!", "-"] {
            let _ = Condition::compile(&format!("{}1", op.repeat(MAX_CHARS - 1)));
        }
        let chain = vec!["report.total > 1"; 20].join(" && ");
        assert!(Condition::compile(&chain).is_ok());
        // Brackets inside text do not count as nesting.
        let deep_text = format!("'{}' == report.band", "(".repeat(100));
        assert!(Condition::compile(&deep_text).is_ok());
    }

    #[test]
    fn lists_the_field_paths_it_reads_but_not_bound_names() {
        let c = Condition::compile(
            "report.dimensions.logic >= 60 && report.flags.exists(f, f == 'evasive') && size(candidate.skills) > 0",
        )
        .unwrap();
        let paths = c.paths();
        let want: Vec<Vec<String>> = vec![
            vec!["candidate".into(), "skills".into()],
            vec!["report".into(), "dimensions".into(), "logic".into()],
            vec!["report".into(), "flags".into()],
        ];
        assert_eq!(paths, want);
    }

    #[test]
    fn lists_the_variables_it_reads() {
        let c = Condition::compile("report.total > 1 && application.stage == 'x'").unwrap();
        assert_eq!(c.variables(), vec!["application", "report"]);
    }
}
