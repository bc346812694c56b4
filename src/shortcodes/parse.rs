//! The shortcode parser: one linear pass over a page body that follows just enough of
//! the Markdown block structure (fenced and indented code blocks, list items, block
//! quotes, paragraphs) and inline structure (code spans, backslash escapes) to leave
//! code alone, and parses every `{{ name(...) }}` found elsewhere.

use super::lexer::{bad, is_ident_start, Fail, Lexer};
use super::markdown::{fence_open, is_single_line_block, list_marker, Backticks, LineInfo};
use super::{Arg, Segment, Shortcode, ShortcodeError};
use crate::diag::LineCursor;
use crate::diag::Text;
use crate::tr;

/// At most this many errors are reported for one text (plus one saying more follow).
pub(crate) const MAX_ERRORS: usize = 100;

/// Split `input` into text and shortcodes, with every syntax error found.
///
/// `{{` followed by a name and `(` starts a shortcode; any other `{{` is text. The
/// text segments and the shortcode spans cover `input` exactly, in order. A shortcode
/// with an error is left in the text.
pub fn parse(input: &str) -> (Vec<Segment<'_>>, Vec<ShortcodeError>) {
    let mut p = Parser {
        src: input,
        b: input.as_bytes(),
        lx: Lexer {
            src: input,
            b: input.as_bytes(),
        },
        segs: Vec::new(),
        errs: Vec::new(),
        emitted: 0,
        cur: LineCursor::new(input),
        arg_cur: LineCursor::new(input),
        fence: None,
        lists: Vec::new(),
        code_ok: true,
        para_quotes: 0,
        quotes: 0,
    };
    p.blocks();
    if p.emitted < input.len() {
        p.segs.push(Segment::Text(&input[p.emitted..]));
    }
    (p.segs, p.errs)
}

struct Parser<'a> {
    src: &'a str,
    b: &'a [u8],
    lx: Lexer<'a>,
    segs: Vec<Segment<'a>>,
    errs: Vec<ShortcodeError>,
    /// Bytes of the input already in `segs`.
    emitted: usize,
    /// Line and column of each `{{` (offsets asked grow, so the parse stays linear).
    cur: LineCursor<'a>,
    /// The cursor inside the shortcode being parsed (a copy of `cur` at its `{{`).
    arg_cur: LineCursor<'a>,
    /// Inside a fenced code block: (fence char, fence length, list indent, quote depth).
    fence: Option<(u8, usize, usize, usize)>,
    /// Content columns of the open list items.
    lists: Vec<usize>,
    /// Whether an indented line here starts an indented code block.
    code_ok: bool,
    /// Block-quote depth of the current paragraph: a deeper `>` line interrupts it.
    para_quotes: usize,
    /// Block-quote depth of the last block.
    quotes: usize,
}

impl<'a> Parser<'a> {
    fn line_end(&self, pos: usize) -> usize {
        self.b[pos..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(self.b.len(), |i| pos + i)
    }

    fn next_line(&self, pos: usize) -> usize {
        (self.line_end(pos) + 1).min(self.b.len())
    }

    fn line(&self, pos: usize) -> &'a [u8] {
        let b: &'a [u8] = self.b;
        let end = self.line_end(pos);
        b[pos..end].strip_suffix(b"\r").unwrap_or(&b[pos..end])
    }

    fn list_base(&self) -> usize {
        self.lists.last().copied().unwrap_or(0)
    }

    /// The block pass: skips code blocks, hands paragraphs to [`Parser::paragraph`].
    fn blocks(&mut self) {
        let mut pos = 0;
        while pos < self.b.len() {
            let line = self.line(pos);
            let info = LineInfo::of(line);
            if let Some((ch, n, base, quotes)) = self.fence {
                let indent = if info.quotes > quotes {
                    info.outer
                } else {
                    info.indent
                };
                if info.quotes < quotes || (!info.blank && indent < base) {
                    // The list item or block quote holding the fence has ended.
                    self.fence = None;
                    continue;
                }
                let s = &line[info.content..];
                if info.quotes == quotes
                    && info.indent < base + 4
                    && s.iter().take_while(|&&c| c == ch).count() >= n
                    && s.iter().all(|&c| c == ch || c.is_ascii_whitespace())
                {
                    self.fence = None;
                    self.code_ok = true;
                }
                pos = self.next_line(pos);
                continue;
            }
            if info.quotes != self.quotes {
                // A block quote starts or ends: a new container.
                self.quotes = info.quotes;
                self.code_ok = true;
            }
            if info.blank {
                self.code_ok = true;
                pos = self.next_line(pos);
                continue;
            }
            while self.lists.last().is_some_and(|&c| info.outer < c) {
                self.lists.pop();
            }
            let rel = info.indent - self.list_base().min(info.indent);
            let s = &line[info.content..];
            if rel >= 4 {
                if self.code_ok {
                    pos = self.next_line(pos);
                    continue;
                }
            } else if let Some((ch, n)) = fence_open(s) {
                self.fence = Some((ch, n, self.list_base(), info.quotes));
                pos = self.next_line(pos);
                continue;
            } else if is_single_line_block(s) {
                pos = self.paragraph(pos);
                self.code_ok = true;
                continue;
            } else if let Some(w) = list_marker(s, false) {
                self.lists.push(info.indent + w);
            }
            self.code_ok = false;
            pos = self.paragraph(pos);
        }
    }

    /// Where the paragraph holding `pos` ends: the start of the first later line that is
    /// blank or starts a fence, a heading, a rule, a list item or a (deeper) block quote
    /// (or the end of the input).
    fn paragraph_end(&self, pos: usize) -> usize {
        let mut q = self.next_line(pos);
        while q < self.b.len() {
            let line = self.line(q);
            let info = LineInfo::of(line);
            if info.blank {
                return q;
            }
            let s = &line[info.content..];
            if info.quotes > self.para_quotes {
                return q;
            }
            // A line outside the paragraph's block quote or list item continues it only
            // if it starts no block at all: any list item ends it.
            let outside = info.quotes < self.para_quotes || info.outer < self.list_base();
            if info.indent < self.list_base() + 4
                && (fence_open(s).is_some()
                    || is_single_line_block(s)
                    || list_marker(s, !outside).is_some())
            {
                return q;
            }
            q = self.next_line(q);
        }
        self.b.len()
    }

    /// The inline pass over the paragraph (or heading) starting at `start`; returns
    /// where it ends.
    fn paragraph(&mut self, start: usize) -> usize {
        let b = self.b;
        let first = self.line(start);
        let info = LineInfo::of(first);
        self.para_quotes = info.quotes;
        let mut end = if is_single_line_block(&first[info.content..]) {
            self.next_line(start)
        } else {
            self.paragraph_end(start)
        };
        let mut ticks = Backticks::default();
        let mut i = start;
        while i < end {
            let Some(k) = b[i..end]
                .iter()
                .position(|&c| matches!(c, b'`' | b'{' | b'\\'))
                .map(|k| i + k)
            else {
                break;
            };
            match b[k] {
                b'\\' => {
                    let escapes = b.get(k + 1).is_some_and(|c| c.is_ascii_punctuation());
                    i = if escapes { k + 2 } else { k + 1 };
                }
                b'`' => {
                    let n = b[k..end].iter().take_while(|&&c| c == b'`').count();
                    i = match ticks.closer(b, k + n, end, n) {
                        Some(close) => close + n,
                        None => k + n,
                    };
                }
                _ => {
                    i = k + 1;
                    if b.get(k + 1) == Some(&b'{') {
                        if let Some(next) = self.shortcode(k) {
                            i = next;
                            if next > end {
                                end = self.paragraph_end(next - 1);
                                ticks = Backticks::default();
                            }
                        }
                    }
                }
            }
        }
        end
    }

    /// Record an error; past [`MAX_ERRORS`], one last error says that more follow.
    fn error(&mut self, e: ShortcodeError) {
        match self.errs.len() {
            n if n < MAX_ERRORS => self.errs.push(e),
            MAX_ERRORS => self.errs.push(ShortcodeError {
                message: tr!(
                    "more shortcode errors follow here (only the first {MAX_ERRORS} are shown)",
                    "此处之后还有更多短代码错误（只显示前 {MAX_ERRORS} 个）"
                ),
                hint: Some(Text::new(
                    "fix the errors above and run the check again",
                    "请先修正上面的错误，再重新检查",
                )),
                ..e
            }),
            _ => {}
        }
    }

    /// Try a shortcode at `k` (which holds `{{`). `None`: not a shortcode, only text.
    /// Otherwise where to go on scanning: after the shortcode, or (after an error that
    /// leaves its end unknown) after the `{{`.
    fn shortcode(&mut self, k: usize) -> Option<usize> {
        let b = self.b;
        let name_start = self.lx.skip_ws(k + 2);
        if !b.get(name_start).is_some_and(|&c| is_ident_start(c)) {
            return None;
        }
        let name_end = self.lx.ident_end(name_start);
        let open = self.lx.skip_ws(name_end);
        let full_width = self.lx.char_at(open) == Some('（');
        if b.get(open) != Some(&b'(') && !full_width {
            return None;
        }
        let name = &self.src[name_start..name_end];
        let (line, col) = self.cur.at(k);
        self.arg_cur = self.cur.clone();
        let result = if full_width {
            Err(bad(
                open,
                1,
                tr!(
                    "shortcode `{name}` uses a full-width parenthesis `（`",
                    "短代码 `{name}` 使用了全角括号“（”"
                ),
                Some(tr!(
                    "write `(` and `)` in half-width (English) form",
                    "请改用半角（英文）括号 `(` 和 `)`"
                )),
            ))
        } else {
            self.arguments(open + 1)
        };
        let fail = match result {
            Ok((args, end)) => {
                if self.emitted < k {
                    self.segs.push(Segment::Text(&self.src[self.emitted..k]));
                }
                self.segs.push(Segment::Shortcode(Shortcode {
                    name: name.to_string(),
                    args,
                    line,
                    col,
                    span: k..end,
                }));
                self.emitted = end;
                return Some(end);
            }
            Err(fail) => fail,
        };
        match fail {
            Fail::Unclosed { found } => {
                let head = &b[k..=open.min(b.len() - 1)];
                let len = if head.contains(&b'\n') { 2 } else { head.len() };
                let hint = match found {
                    Some(at) => {
                        let (l, c) = self.arg_cur.at(at);
                        tr!(
                            "close it with `) }}}}`: it should look like {{{{ {name}(key=\"value\") }}}}; parsing stopped at line {l}, column {c}",
                            "请用 `) }}}}` 结束，完整写法如 {{{{ {name}(key=\"value\") }}}}；解析在第 {l} 行第 {c} 列处中断"
                        )
                    }
                    None => tr!(
                        "close it with `) }}}}`: it should look like {{{{ {name}(key=\"value\") }}}}",
                        "请用 `) }}}}` 结束，完整写法如 {{{{ {name}(key=\"value\") }}}}"
                    ),
                };
                self.error(ShortcodeError {
                    line,
                    col,
                    len,
                    message: tr!(
                        "shortcode `{name}` is never closed",
                        "短代码 `{name}` 没有结束"
                    ),
                    hint: Some(hint),
                });
                Some(k + 2)
            }
            Fail::Bad { at, len, msg, hint } => {
                let (line, col) = self.arg_cur.at(at);
                self.error(ShortcodeError {
                    line,
                    col,
                    len: len.max(1),
                    message: msg,
                    hint,
                });
                Some(self.resync(at).unwrap_or(k + 2))
            }
        }
    }

    /// After a bad argument: the end of the `}}` closing this shortcode, if one comes
    /// (outside quoted text) before any `{{` or blank line. Stopping at `{{` keeps
    /// the whole parse linear.
    fn resync(&self, mut i: usize) -> Option<usize> {
        let b = self.b;
        let mut newline = false;
        while i < b.len() {
            match b[i] {
                b'}' if b.get(i + 1) == Some(&b'}') => return Some(i + 2),
                b'{' if b.get(i + 1) == Some(&b'{') => return None,
                b'\n' if newline => return None,
                b'\n' => newline = true,
                b'"' => {
                    newline = false;
                    i += 1;
                    while i < b.len() && b[i] != b'"' && b[i] != b'\n' {
                        if b[i] == b'{' && b.get(i + 1) == Some(&b'{') {
                            return None;
                        }
                        i += if b[i] == b'\\' { 2 } else { 1 };
                    }
                    if b.get(i) == Some(&b'"') {
                        i += 1;
                    }
                    continue;
                }
                c if !c.is_ascii_whitespace() => newline = false,
                _ => {}
            }
            i += 1;
        }
        None
    }

    /// The arguments after `(` up to and including `) }}`; returns them and the end.
    fn arguments(&mut self, mut i: usize) -> Result<(Vec<Arg>, usize), Fail> {
        let b = self.b;
        let mut args = Vec::new();
        loop {
            i = self.lx.skip_ws(i);
            let Some(&c) = b.get(i) else {
                return Err(Fail::Unclosed { found: None });
            };
            if c == b')' {
                i += 1;
                break;
            }
            if !is_ident_start(c) {
                if matches!(c, b'"' | b'[' | b'-' | b'0'..=b'9') {
                    return Err(bad(
                        i,
                        1,
                        tr!("argument without a name", "参数缺少名称"),
                        Some(tr!(
                            "every argument needs a name: write `name=value`, e.g. key=\"party_branches\"",
                            "每个参数都要写名称：`名称=值`，例如 key=\"party_branches\""
                        )),
                    ));
                }
                return Err(self
                    .lx
                    .stray(i)
                    .unwrap_or(Fail::Unclosed { found: Some(i) }));
            }
            let name_end = self.lx.ident_end(i);
            let name = self.src[i..name_end].to_string();
            let (line, col) = self.arg_cur.at(i);
            let eq = self.lx.skip_ws(name_end);
            if b.get(eq) != Some(&b'=') {
                if self.lx.char_at(eq) == Some('＝') {
                    return Err(self
                        .lx
                        .stray(eq)
                        .unwrap_or(Fail::Unclosed { found: Some(eq) }));
                }
                if !matches!(b.get(eq), Some(b',' | b')')) {
                    // Prose after an unclosed `(`, most likely.
                    return Err(Fail::Unclosed { found: Some(i) });
                }
                return Err(bad(
                    i,
                    name.len(),
                    tr!("argument `{name}` has no value", "参数 `{name}` 没有值"),
                    Some(tr!("write `{name}=value`", "请写成 `{name}=值` 的形式")),
                ));
            }
            let at = self.lx.skip_ws(eq + 1);
            let (value, end) = self.lx.value(at, &name, false)?;
            args.push(Arg {
                name,
                value,
                line,
                col,
            });
            i = self.lx.skip_ws(end);
            match b.get(i) {
                Some(b',') => i += 1,
                Some(b')') => {
                    i += 1;
                    break;
                }
                Some(&c) if is_ident_start(c) => {
                    let after = self.lx.skip_ws(self.lx.ident_end(i));
                    if b.get(after) == Some(&b'=') {
                        return Err(bad(
                            i,
                            1,
                            tr!(
                                "missing `,` before this argument",
                                "这个参数前面缺少逗号 `,`"
                            ),
                            Some(tr!(
                                "separate arguments with commas: a=1, b=2",
                                "参数之间用英文逗号分隔：a=1, b=2"
                            )),
                        ));
                    }
                    return Err(Fail::Unclosed { found: Some(i) });
                }
                Some(_) => {
                    return Err(self
                        .lx
                        .stray(i)
                        .unwrap_or(Fail::Unclosed { found: Some(i) }))
                }
                None => return Err(Fail::Unclosed { found: None }),
            }
        }
        let close = self.lx.skip_ws(i);
        if b.get(close) == Some(&b'}') && b.get(close + 1) == Some(&b'}') {
            Ok((args, close + 2))
        } else {
            Err(Fail::Unclosed {
                found: (close < b.len()).then_some(close),
            })
        }
    }
}

#[cfg(test)]
#[path = "parse_tests.rs"]
mod tests;
