//! The tokens inside a shortcode's parentheses: names and values (quoted text with
//! escapes, integers, floats, booleans, lists), with errors that say how to fix them
//! (including the full-width punctuation a Chinese input method types).

use super::markdown::count_chars;
use super::ArgValue;
use crate::diag::Text;
use crate::tr;

/// A parse failure inside a shortcode.
pub(super) enum Fail {
    /// The shortcode is not closed: reported at its `{{`; `found` says where parsing
    /// stopped (`None`: end of text).
    Unclosed { found: Option<usize> },
    /// A bad argument: reported at `at`, `len` characters long.
    Bad {
        at: usize,
        len: usize,
        msg: Text,
        hint: Option<Text>,
    },
}

pub(super) fn bad(at: usize, len: usize, msg: Text, hint: Option<Text>) -> Fail {
    Fail::Bad { at, len, msg, hint }
}

pub(super) fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

pub(super) fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// The input, with the token-level helpers.
#[derive(Clone, Copy)]
pub(super) struct Lexer<'a> {
    pub(super) src: &'a str,
    pub(super) b: &'a [u8],
}

impl Lexer<'_> {
    pub(super) fn skip_ws(&self, mut i: usize) -> usize {
        while i < self.b.len() && self.b[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    }

    pub(super) fn ident_end(&self, mut i: usize) -> usize {
        while i < self.b.len() && is_ident(self.b[i]) {
            i += 1;
        }
        i
    }

    pub(super) fn char_at(&self, i: usize) -> Option<char> {
        self.src.get(i..).and_then(|s| s.chars().next())
    }

    /// A full-width (Chinese input method) punctuation mark where ASCII is needed.
    pub(super) fn stray(&self, i: usize) -> Option<Fail> {
        let c = self.char_at(i)?;
        let (en, zh, ascii) = match c {
            '，' => ("full-width comma `，`", "全角逗号“，”", ","),
            '）' => ("full-width parenthesis `）`", "全角括号“）”", ")"),
            '＝' => ("full-width equals sign `＝`", "全角等号“＝”", "="),
            '“' | '”' | '＂' => ("curly quotation mark", "中文引号", "\""),
            '［' | '］' | '【' | '】' => ("full-width bracket", "全角方括号", "[ ]"),
            _ => return None,
        };
        Some(bad(
            i,
            1,
            tr!("shortcode uses a {en}", "短代码里使用了{zh}"),
            Some(tr!(
                "switch the input method to English punctuation and write `{ascii}`",
                "请切换到英文标点，改为 `{ascii}`"
            )),
        ))
    }

    /// A value at `i` (a scalar, or a list unless `in_list`); returns it and its end.
    pub(super) fn value(
        &self,
        i: usize,
        arg: &str,
        in_list: bool,
    ) -> Result<(ArgValue, usize), Fail> {
        let b = self.b;
        match b.get(i) {
            Some(b'"') => self.string(i),
            Some(b'[') if in_list => Err(bad(
                i,
                1,
                tr!("a list inside a list in argument `{arg}`", "参数 `{arg}` 的列表里又嵌套了列表"),
                Some(tr!("lists hold only text, numbers or true/false: [\"a\", \"b\"]", "列表里只能放文本、数字或 true/false：[\"a\", \"b\"]")),
            )),
            Some(b'[') => self.list(i, arg),
            Some(b'-' | b'0'..=b'9') => self.number(i, arg),
            Some(&c) if is_ident_start(c) => {
                let end = self.ident_end(i);
                match &self.src[i..end] {
                    "true" => Ok((ArgValue::Bool(true), end)),
                    "false" => Ok((ArgValue::Bool(false), end)),
                    word => Err(bad(
                        i,
                        count_chars(&b[i..end]),
                        tr!("`{word}` is not a value", "`{word}` 不是有效的值"),
                        Some(tr!(
                            "put text in double quotes: {arg}=\"{word}\"",
                            "文本要放在英文双引号里：{arg}=\"{word}\""
                        )),
                    )),
                }
            }
            _ if in_list => Err(self.stray(i).unwrap_or_else(|| {
                bad(
                    i,
                    1,
                    tr!("a value is missing in the list of argument `{arg}`", "参数 `{arg}` 的列表里缺少一个值"),
                    Some(tr!("write the list like [\"a\", \"b\"]", "列表的写法如 [\"a\", \"b\"]")),
                )
            })),
            _ => Err(self.stray(i).unwrap_or_else(|| {
                bad(
                    i,
                    1,
                    tr!("argument `{arg}` has no value after `=`", "参数 `{arg}` 的 `=` 后面没有值"),
                    Some(tr!(
                        "a value is text in double quotes, a number, true/false or a list [\"a\", \"b\"]",
                        "值可以是英文双引号里的文本、数字、true/false 或列表 [\"a\", \"b\"]"
                    )),
                )
            })),
        }
    }

    pub(super) fn string(&self, open: usize) -> Result<(ArgValue, usize), Fail> {
        let b = self.b;
        let mut out = String::new();
        let mut run = open + 1;
        let mut i = open + 1;
        loop {
            match b.get(i) {
                None | Some(b'\n') => {
                    return Err(bad(
                        open,
                        1,
                        tr!("text in quotes is not closed", "引号里的文本没有结束"),
                        Some(tr!(
                            "add the closing `\"` on the same line",
                            "请在同一行加上结尾的英文双引号 `\"`"
                        )),
                    ))
                }
                Some(b'"') => {
                    out.push_str(&self.src[run..i]);
                    return Ok((ArgValue::Str(out), i + 1));
                }
                Some(b'\\') => {
                    out.push_str(&self.src[run..i]);
                    let esc = match b.get(i + 1) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'n') => '\n',
                        Some(b't') => '\t',
                        _ => {
                            return Err(bad(
                                i,
                                2,
                                tr!(
                                    "unknown escape `\\` in quoted text",
                                    "引号里的文本有无法识别的转义 `\\`"
                                ),
                                Some(tr!(
                                    "write `\\\\` for a backslash and `\\\"` for a quotation mark",
                                    "反斜杠请写成 `\\\\`，双引号请写成 `\\\"`"
                                )),
                            ))
                        }
                    };
                    out.push(esc);
                    i += 2;
                    run = i;
                }
                Some(_) => i += 1,
            }
        }
    }

    pub(super) fn number(&self, start: usize, arg: &str) -> Result<(ArgValue, usize), Fail> {
        let b = self.b;
        let digits = |mut i: usize| {
            while b.get(i).is_some_and(|c| c.is_ascii_digit()) {
                i += 1;
            }
            i
        };
        let int_start = start + usize::from(b[start] == b'-');
        let mut i = digits(int_start);
        let mut float = false;
        if i > int_start && b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit)
        {
            i = digits(i + 1);
            float = true;
        }
        if i > int_start && matches!(b.get(i), Some(b'e' | b'E')) {
            let exp = i + 1 + usize::from(matches!(b.get(i + 1), Some(b'+' | b'-')));
            if b.get(exp).is_some_and(u8::is_ascii_digit) {
                i = digits(exp);
                float = true;
            }
        }
        let tail = self.ident_end(i);
        let tail = if b.get(tail) == Some(&b'.') {
            self.ident_end(tail + 1)
        } else {
            tail
        };
        let text = &self.src[start..tail];
        let not_number = || {
            bad(
                start,
                tail - start,
                tr!("`{text}` is not a number", "`{text}` 不是数字"),
                Some(tr!(
                    "write a number like 2024, -3 or 98.5, or put text in double quotes: {arg}=\"{text}\"",
                    "数字的写法如 2024、-3、98.5；如果是文本，请放在英文双引号里：{arg}=\"{text}\""
                )),
            )
        };
        if i == int_start || tail != i {
            return Err(not_number());
        }
        if float {
            match text.parse::<f64>() {
                Ok(f) if f.is_finite() => Ok((ArgValue::Float(f), i)),
                _ => Err(not_number()),
            }
        } else {
            text.parse::<i64>()
                .map(|n| (ArgValue::Int(n), i))
                .map_err(|_| {
                    bad(
                        start,
                        i - start,
                        tr!("the number `{text}` is too large", "数字 `{text}` 太大了"),
                        None,
                    )
                })
        }
    }

    pub(super) fn list(&self, open: usize, arg: &str) -> Result<(ArgValue, usize), Fail> {
        let b = self.b;
        let mut items = Vec::new();
        let mut i = self.skip_ws(open + 1);
        loop {
            if b.get(i) == Some(&b']') {
                return Ok((ArgValue::List(items), i + 1));
            }
            let (v, end) = self.value(i, arg, true)?;
            items.push(v);
            i = self.skip_ws(end);
            match b.get(i) {
                Some(b',') => i = self.skip_ws(i + 1),
                Some(b']') => {}
                _ => {
                    return Err(self.stray(i).unwrap_or_else(|| {
                        bad(
                            open,
                            1,
                            tr!(
                                "the list of argument `{arg}` is not closed",
                                "参数 `{arg}` 的列表没有结束"
                            ),
                            Some(tr!(
                            "separate items with commas and end the list with `]`: [\"a\", \"b\"]",
                            "列表项之间用英文逗号分隔，并以 `]` 结束：[\"a\", \"b\"]"
                        )),
                        )
                    }))
                }
            }
        }
    }
}
