//! Signatures of the built-in shortcodes and checking shortcodes against them: unknown,
//! ill-typed, missing and repeated arguments (the rules of `chart`, `map` and `qr` are
//! checked where their arguments are read, in [`super::builtin`]).

use super::{Arg, ArgValue, Shortcode, ShortcodeError};
use crate::diag::{did_you_mean, Text};
use crate::tr;

/// The type an argument must have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgType {
    Str,
    Int,
    /// An integer or a float.
    Number,
    Bool,
    /// A list of strings (a single string is accepted as a list of one).
    StrList,
    /// An integer from 1900 to 2100.
    Year,
}

impl ArgType {
    pub(crate) fn accepts(self, v: &ArgValue) -> bool {
        match self {
            ArgType::Str => matches!(v, ArgValue::Str(_)),
            ArgType::Int => matches!(v, ArgValue::Int(_)),
            ArgType::Number => matches!(v, ArgValue::Int(_) | ArgValue::Float(_)),
            ArgType::Bool => matches!(v, ArgValue::Bool(_)),
            ArgType::StrList => v.as_str_list().is_some(),
            ArgType::Year => v.as_i64().is_some_and(|y| (1900..=2100).contains(&y)),
        }
    }

    /// What is expected, for messages: "text in double quotes" / "英文双引号里的文本".
    pub(crate) fn describe(self) -> Text {
        match self {
            ArgType::Str => Text::new("text in double quotes", "英文双引号里的文本"),
            ArgType::Int => Text::new("a whole number", "整数"),
            ArgType::Number => Text::new("a number", "数字"),
            ArgType::Bool => Text::new("true or false", "true 或 false"),
            ArgType::StrList => Text::new(
                "a list of texts like [\"a\", \"b\"]",
                "文本列表，如 [\"a\", \"b\"]",
            ),
            ArgType::Year => Text::new(
                "a year (a whole number from 1900 to 2100)",
                "年份（1900 到 2100 之间的整数）",
            ),
        }
    }
}

/// The arguments a shortcode takes: (name, type, required).
#[derive(Debug, PartialEq, Eq)]
pub struct Signature {
    pub name: &'static str,
    pub args: &'static [(&'static str, ArgType, bool)],
}

impl Signature {
    /// The type of argument `name` and whether it is required.
    pub(crate) fn arg(&self, name: &str) -> Option<(ArgType, bool)> {
        self.args
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|&(_, t, r)| (t, r))
    }
}

use ArgType::{Int, Str, StrList, Year};

/// The built-in shortcodes (docs/reference/shortcodes.md).
pub const BUILTINS: &[Signature] = &[
    Signature {
        name: "stat",
        args: &[("key", Str, true), ("year", Year, false)],
    },
    Signature {
        name: "kpis",
        args: &[("year", Year, false), ("keys", StrList, false)],
    },
    Signature {
        name: "chart",
        args: &[
            ("keys", StrList, false),
            ("breakdown", Str, false),
            ("kind", Str, false),
            ("from", Year, false),
            ("to", Year, false),
            ("year", Year, false),
            ("title", Str, false),
        ],
    },
    Signature {
        name: "figure",
        args: &[
            ("src", Str, true),
            ("caption", Str, false),
            ("alt", Str, false),
        ],
    },
    Signature {
        name: "gallery",
        args: &[],
    },
    Signature {
        name: "video",
        args: &[("src", Str, true), ("poster", Str, false)],
    },
    Signature {
        name: "qr",
        args: &[("url", Str, false), ("size", Int, false)],
    },
    Signature {
        name: "map",
        args: &[("source", Str, false)],
    },
];

/// The signature of built-in shortcode `name`.
pub fn builtin(name: &str) -> Option<&'static Signature> {
    BUILTINS.iter().find(|s| s.name == name)
}

pub(super) fn at_arg(a: &Arg, message: Text, hint: Option<Text>) -> ShortcodeError {
    ShortcodeError {
        line: a.line,
        col: a.col,
        len: a.name.chars().count().max(1),
        message,
        hint,
    }
}

pub(super) fn at_shortcode(sc: &Shortcode, message: Text, hint: Option<Text>) -> ShortcodeError {
    ShortcodeError {
        line: sc.line,
        col: sc.col,
        len: 2,
        message,
        hint,
    }
}

pub(super) fn did_you_mean_hint(word: &str, candidates: &[&str]) -> Option<Text> {
    did_you_mean(word, candidates.iter().copied())
        .map(|c| tr!("did you mean `{c}`?", "是不是 `{c}`？"))
}

/// A value as the user wrote it, for messages, shortened.
fn shown(v: &ArgValue) -> Text {
    let short = |s: &str| {
        let mut t: String = s.chars().take(30).collect();
        if t.len() < s.len() {
            t.push('…');
        }
        t
    };
    match v {
        ArgValue::Str(s) => {
            let s = short(s);
            tr!("the text \"{s}\"", "文本 \"{s}\"")
        }
        ArgValue::Int(i) => tr!("the whole number {i}", "整数 {i}"),
        ArgValue::Float(f) => tr!("the number {f}", "数字 {f}"),
        ArgValue::Bool(b) => tr!("{b}", "{b}"),
        ArgValue::List(_) => Text::new("a list", "一个列表"),
    }
}

fn type_hint(name: &str, want: ArgType, v: &ArgValue) -> Option<Text> {
    let quoted_number = v.as_str().filter(|s| s.trim().parse::<f64>().is_ok());
    match (want, v) {
        (ArgType::Int | ArgType::Number | ArgType::Year, ArgValue::Str(_))
            if quoted_number.is_some() =>
        {
            let n = quoted_number.unwrap_or_default().trim();
            Some(tr!("remove the quotes: {name}={n}", "去掉引号：{name}={n}"))
        }
        (ArgType::Bool, ArgValue::Str(s)) if s == "true" || s == "false" => {
            Some(tr!("remove the quotes: {name}={s}", "去掉引号：{name}={s}"))
        }
        (
            ArgType::Str | ArgType::StrList,
            ArgValue::Int(_) | ArgValue::Float(_) | ArgValue::Bool(_),
        ) => {
            let raw = match v {
                ArgValue::Int(i) => i.to_string(),
                ArgValue::Float(f) => f.to_string(),
                _ => v.as_bool().unwrap_or_default().to_string(),
            };
            Some(tr!(
                "put it in double quotes: {name}=\"{raw}\"",
                "请放在英文双引号里：{name}=\"{raw}\""
            ))
        }
        (ArgType::StrList, ArgValue::List(_)) => Some(tr!(
            "put every item in double quotes: {name}=[\"a\", \"b\"]",
            "每一项都要放在英文双引号里：{name}=[\"a\", \"b\"]"
        )),
        (ArgType::Year, ArgValue::Int(_)) => Some(Text::new(
            "write a year from 1900 to 2100",
            "请写 1900 到 2100 之间的年份",
        )),
        _ => None,
    }
}

/// Check `sc` against `sig`: unknown, repeated, ill-typed and missing arguments.
pub fn validate(sc: &Shortcode, sig: &Signature) -> Vec<ShortcodeError> {
    let sc_name = &sc.name;
    let mut errs = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for a in &sc.args {
        let name = &a.name;
        if seen.contains(&a.name.as_str()) {
            errs.push(at_arg(
                a,
                tr!(
                    "argument `{name}` of `{sc_name}` is given twice",
                    "`{sc_name}` 的参数 `{name}` 重复出现"
                ),
                Some(Text::new("keep only one of them", "只保留一个")),
            ));
            continue;
        }
        seen.push(&a.name);
        match sig.arg(name) {
            None => {
                let names: Vec<&str> = sig.args.iter().map(|(n, _, _)| *n).collect();
                let hint = did_you_mean_hint(name, &names).or_else(|| {
                    Some(if names.is_empty() {
                        tr!(
                            "`{sc_name}` takes no arguments: write {{{{ {sc_name}() }}}}",
                            "`{sc_name}` 不需要参数：写成 {{{{ {sc_name}() }}}}"
                        )
                    } else {
                        let list = names.join(", ");
                        let list_zh = names.join("、");
                        tr!(
                            "`{sc_name}` takes: {list}",
                            "`{sc_name}` 可用的参数：{list_zh}"
                        )
                    })
                });
                errs.push(at_arg(
                    a,
                    tr!(
                        "unknown argument `{name}` for shortcode `{sc_name}`",
                        "短代码 `{sc_name}` 没有参数 `{name}`"
                    ),
                    hint,
                ));
            }
            Some((want, _)) if !want.accepts(&a.value) => {
                let (w, g) = (want.describe(), shown(&a.value));
                let (w_en, w_zh, g_en, g_zh) = (w.en, w.zh, g.en, g.zh);
                errs.push(at_arg(
                    a,
                    tr!(
                        "argument `{name}` of `{sc_name}` must be {w_en}, but it is {g_en}",
                        "`{sc_name}` 的参数 `{name}` 应为{w_zh}，这里却是{g_zh}"
                    ),
                    type_hint(name, want, &a.value),
                ));
            }
            Some(_) => {}
        }
    }
    for (name, ty, required) in sig.args {
        if *required && !seen.contains(name) {
            let example = if *ty == ArgType::Str {
                "\"...\""
            } else {
                "..."
            };
            errs.push(at_shortcode(
                sc,
                tr!(
                    "shortcode `{sc_name}` needs the argument `{name}`",
                    "短代码 `{sc_name}` 缺少必填参数 `{name}`"
                ),
                Some(tr!(
                    "add {name}={example} inside the parentheses",
                    "请在括号里加上 {name}={example}"
                )),
            ));
        }
    }
    errs
}

/// The error for a shortcode that is neither built in nor in `known` (the site's own
/// shortcodes; built-in names are always suggested too).
pub(crate) fn unknown_shortcode(sc: &Shortcode, known: &[&str]) -> ShortcodeError {
    let name = &sc.name;
    let mut candidates: Vec<&str> = BUILTINS.iter().map(|s| s.name).collect();
    for k in known {
        if !candidates.contains(k) {
            candidates.push(k);
        }
    }
    let hint = did_you_mean_hint(name, &candidates).unwrap_or_else(|| {
        let list = candidates.join(", ");
        let list_zh = candidates.join("、");
        tr!(
            "known shortcodes: {list}; a site adds its own as templates/shortcodes/{name}.html",
            "可用的短代码：{list_zh}；网站可以在 templates/shortcodes/{name}.html 里自定义短代码"
        )
    });
    ShortcodeError {
        line: sc.line,
        col: sc.col,
        len: 3 + name.chars().count(),
        message: tr!("unknown shortcode `{name}`", "未知的短代码 `{name}`"),
        hint: Some(hint),
    }
}

#[cfg(test)]
#[path = "signature_tests.rs"]
mod tests;
