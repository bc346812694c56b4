//! Shortcodes (docs/reference/shortcodes.md): `{{ name(arg=value, ...) }}` inside Markdown.
//!
//! This module owns finding shortcodes in a page body (outside code spans and code
//! blocks, see [`parse`]), the values of their arguments, the signatures of the built-in
//! shortcodes, and checking a shortcode and reading a built-in one into a typed
//! [`Builtin`] (see [`check`] and [`Builtin::from_shortcode`]). Turning a shortcode into
//! HTML or Typst is not done here.

mod builtin;
mod lexer;
mod markdown;
mod parse;
mod signature;

use std::ops::Range;

use crate::diag::Text;

pub use builtin::check_shortcode;
pub(crate) use builtin::{
    check, Builtin, ChartArgs, Checked, FigureArgs, KpisArgs, QrArgs, VideoArgs,
};
pub use parse::parse;
pub(crate) use signature::unknown_shortcode;
pub use signature::{builtin, validate, ArgType, Signature, BUILTINS};

/// The value of one argument.
#[derive(Clone, Debug, PartialEq)]
pub enum ArgValue {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// A list of scalars (never of lists).
    List(Vec<ArgValue>),
}

impl ArgValue {
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            ArgValue::Str(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn as_i64(&self) -> Option<i64> {
        match self {
            ArgValue::Int(i) => Some(*i),
            _ => None,
        }
    }

    pub(crate) fn as_bool(&self) -> Option<bool> {
        match self {
            ArgValue::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// A list of strings; a single string counts as a list of one (like front matter).
    pub(crate) fn as_str_list(&self) -> Option<Vec<&str>> {
        match self {
            ArgValue::Str(s) => Some(vec![s.as_str()]),
            ArgValue::List(items) => items.iter().map(ArgValue::as_str).collect(),
            _ => None,
        }
    }
}

/// One `name=value` argument; `line`/`col` (1-based, col in characters) point at `name`.
#[derive(Clone, Debug, PartialEq)]
pub struct Arg {
    pub name: String,
    pub value: ArgValue,
    pub line: usize,
    pub col: usize,
}

/// One shortcode; `line`/`col` point at its `{{`, `span` is its bytes in the input
/// (from `{{` to after `}}`).
#[derive(Clone, Debug, PartialEq)]
pub struct Shortcode {
    pub name: String,
    pub args: Vec<Arg>,
    pub line: usize,
    pub col: usize,
    pub span: Range<usize>,
}

impl Shortcode {
    /// The value of argument `name` (the first one, if given twice).
    pub(crate) fn get(&self, name: &str) -> Option<&ArgValue> {
        self.arg(name).map(|a| &a.value)
    }

    /// Argument `name` with its position.
    pub(crate) fn arg(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|a| a.name == name)
    }
}

/// A piece of a page body: literal Markdown text, or a shortcode.
#[derive(Clone, Debug, PartialEq)]
pub enum Segment<'a> {
    Text(&'a str),
    Shortcode(Shortcode),
}

/// A problem with a shortcode. `line`/`col` are 1-based and relative to the text given
/// to [`parse`]; `len` is the number of characters to underline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShortcodeError {
    pub line: usize,
    pub col: usize,
    pub len: usize,
    pub message: Text,
    pub hint: Option<Text>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_helpers() {
        assert_eq!(ArgValue::Str("a".into()).as_str(), Some("a"));
        assert_eq!(ArgValue::Int(3).as_str(), None);
        assert_eq!(ArgValue::Int(3).as_i64(), Some(3));
        assert_eq!(ArgValue::Float(2.5).as_i64(), None);
        assert_eq!(ArgValue::Bool(true).as_bool(), Some(true));
        let l = ArgValue::List(vec![ArgValue::Str("a".into()), ArgValue::Str("b".into())]);
        assert_eq!(l.as_str_list(), Some(vec!["a", "b"]));
        assert_eq!(ArgValue::Str("a".into()).as_str_list(), Some(vec!["a"]));
        let mixed = ArgValue::List(vec![ArgValue::Str("a".into()), ArgValue::Int(1)]);
        assert_eq!(mixed.as_str_list(), None);
    }

    #[test]
    fn get_and_diagnostic() {
        let (segs, errs) = parse("x\n{{ stat(key=\"a\", year=2024) }}");
        assert!(errs.is_empty());
        let Some(Segment::Shortcode(sc)) = segs.get(1) else {
            panic!("no shortcode: {segs:?}");
        };
        assert_eq!(sc.get("year"), Some(&ArgValue::Int(2024)));
        assert_eq!(sc.get("nope"), None);
        assert_eq!(sc.arg("key").map(|a| (a.line, a.col)), Some((2, 9)));
    }
}
