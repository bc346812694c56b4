//! Diagnostics: the one way content, data, template and config problems reach a user.
//!
//! Every problem found while loading a site becomes a [`Diagnostic`] value (severity,
//! file, 1-based line:col counted from the top of the original file, message, hint),
//! in both English and Chinese. Stages collect them in a [`Diagnostics`] list so a run
//! reports every problem at once. Rendering to text (with the source line and a caret
//! underline, via `annotate-snippets`) happens only at the edge, in the binary.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Stops the build: nothing is written.
    Error,
    /// Reported; the build goes on (an error under `check --strict`).
    Warning,
}

/// The language of messages shown to the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// `zh` when `LANG` starts with `zh`, else `en` (docs/reference/commands.md).
    pub fn from_env() -> Lang {
        match std::env::var("LANG") {
            Ok(v) if v.starts_with("zh") => Lang::Zh,
            _ => Lang::En,
        }
    }
}

/// A message in both languages; the binary picks one with `--lang`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    pub en: String,
    pub zh: String,
}

impl Text {
    pub(crate) fn new(en: impl Into<String>, zh: impl Into<String>) -> Text {
        Text {
            en: en.into(),
            zh: zh.into(),
        }
    }

    pub(crate) fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }
}

/// Build a bilingual [`Text`] with `format!` arguments: `tr!("bad {x}", "坏的 {x}")`.
#[macro_export]
macro_rules! tr {
    ($en:expr, $zh:expr $(,)?) => {
        $crate::diag::Text::new(format!($en), format!($zh))
    };
}

/// Why a file operation failed, in words a writer understands (the system's own
/// message, in English, only for the rare kinds not named here).
pub(crate) fn io_reason(e: &std::io::Error) -> Text {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => tr!("the file or folder does not exist", "文件或文件夹不存在"),
        K::PermissionDenied => tr!("permission denied", "没有权限"),
        K::StorageFull | K::QuotaExceeded => tr!("the disk is full", "磁盘已满"),
        K::FileTooLarge => tr!("the file is too large for the disk", "文件太大，磁盘写不下"),
        K::ReadOnlyFilesystem => tr!("the disk is read-only", "磁盘是只读的"),
        K::IsADirectory => tr!("it is a folder, not a file", "这是文件夹，不是文件"),
        K::AlreadyExists => tr!("it already exists", "它已经存在"),
        _ => {
            let m = e.to_string();
            tr!("{m}", "系统错误：{m}")
        }
    }
}

/// An error for a file operation that failed: `what` is what could not be done
/// (`cannot read the file`), followed by the reason ([`io_reason`]).
pub(crate) fn io_error(file: Option<PathBuf>, what: Text, e: &std::io::Error) -> Diagnostic {
    let Text { en, zh } = io_reason(e);
    let (what_en, what_zh) = (what.en, what.zh);
    Diagnostic::error(file, 0, tr!("{what_en}: {en}", "{what_zh}：{zh}"))
}

/// One problem, located in a file of the site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root (as the user would type it); `None` for problems
    /// that belong to no file (a missing folder given on the command line, say).
    pub file: Option<PathBuf>,
    /// 1-based line in the original file; 0 when unknown.
    pub line: usize,
    /// 1-based column in characters; 0 when unknown.
    pub col: usize,
    /// How many characters to underline from `col`; 0 underlines one.
    pub len: usize,
    pub message: Text,
    /// What to do about it.
    pub hint: Option<Text>,
}

impl Diagnostic {
    pub(crate) fn error(
        file: impl Into<Option<PathBuf>>,
        line: usize,
        message: Text,
    ) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line,
            col: 0,
            len: 0,
            message,
            hint: None,
        }
    }

    pub(crate) fn warning(
        file: impl Into<Option<PathBuf>>,
        line: usize,
        message: Text,
    ) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, line, message)
        }
    }

    /// Set the column (1-based, in characters) and the length of the underline.
    pub(crate) fn at_col(mut self, col: usize, len: usize) -> Diagnostic {
        self.col = col;
        self.len = len;
        self
    }

    pub(crate) fn with_hint(mut self, hint: Text) -> Diagnostic {
        self.hint = Some(hint);
        self
    }

    pub(crate) fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, as far as known.
    pub(crate) fn location(&self) -> String {
        let mut s = match &self.file {
            Some(f) => display_path(f),
            None => String::new(),
        };
        if self.line > 0 {
            s.push_str(&format!(":{}", self.line));
            if self.col > 0 {
                s.push_str(&format!(":{}", self.col));
            }
        }
        s
    }
}

/// A path with forward slashes, as users write it in links and as tests assert it.
pub fn display_path(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// All the problems of one run, in the order found; sorted before display.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub(crate) fn new() -> Diagnostics {
        Diagnostics::default()
    }

    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub(crate) fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Turn every warning into an error (`check --strict`).
    pub fn make_strict(&mut self) {
        for d in &mut self.items {
            d.severity = Severity::Error;
        }
    }

    /// Sort by file, line, column and message, so output is stable whatever the
    /// order of parallel work; duplicates are removed.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.col, &a.message.en).cmp(&(&b.file, b.line, b.col, &b.message.en))
        });
        self.items.dedup();
        self.items
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(items: Vec<Diagnostic>) -> Diagnostics {
        Diagnostics { items }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// Render one diagnostic as text with its source line, like docs/reference/diagnostics.md:
///
/// ```text
/// error: unknown field `partymembers` in front matter
///   --> content/stations/xilin.md:6:1
///    |
///  6 | partymembers: 36
///    | ^^^^^^^^^^^^ did you mean `party_members`?
/// ```
///
/// `source` is the whole text of the file (when readable); the caller reads it.
pub fn render(d: &Diagnostic, source: Option<&str>, lang: Lang) -> String {
    use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};

    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = d.message.get(lang).to_string();
    let hint = d.hint.as_ref().map(|h| h.get(lang).to_string());
    let path = d.file.as_deref().map(display_path);
    let line_text = source
        .filter(|_| d.line > 0)
        .and_then(|s| nth_line(s, d.line));

    let renderer = Renderer::plain();
    let out = match (path, line_text) {
        (Some(path), Some(text)) => {
            // Underline from col (chars) for len chars, within the line.
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            let col = d.col.max(1);
            let start = chars.get(col - 1).map(|(i, _)| *i).unwrap_or(text.len());
            let end_idx = col - 1 + d.len.max(1);
            let end = chars.get(end_idx).map(|(i, _)| *i).unwrap_or(text.len());
            let (start, end) = if start >= end {
                // Empty line or column past its end: point at the whole line.
                (0, text.len())
            } else {
                (start, end)
            };
            let mut ann = AnnotationKind::Primary.span(start..end);
            if let Some(h) = &hint {
                ann = ann.label(h.as_str());
            }
            let snippet = Snippet::source(text)
                .line_start(d.line)
                .path(format!("{}:{}:{}", path, d.line, col))
                .annotation(ann);
            let report = &[level.primary_title(title.as_str()).element(snippet)];
            // annotate-snippets prints its own line:col after the path; we give the
            // path with ours and strip theirs so the column counts characters.
            fix_location(&renderer.render(report), &path, d.line, col)
        }
        (path, _) => {
            let mut s = format!("{}: {}", d.severity, title);
            if let Some(p) = path {
                s.push_str(&format!("\n  --> {}", p));
                if d.line > 0 {
                    s.push_str(&format!(":{}", d.line));
                    if d.col > 0 {
                        s.push_str(&format!(":{}", d.col));
                    }
                }
            }
            if let Some(h) = &hint {
                s.push_str(&format!("\n   = {}: {}", hint_word(lang), h));
            }
            s
        }
    };
    if lang == Lang::Zh {
        localize_level(&out)
    } else {
        out
    }
}

fn hint_word(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "hint",
        Lang::Zh => "提示",
    }
}

/// Replace annotate-snippets' `path:l:c:l:c` with our `path:l:c`.
fn fix_location(out: &str, path: &str, line: usize, col: usize) -> String {
    let ours = format!("{}:{}:{}", path, line, col);
    match out.find(&ours) {
        Some(i) => {
            let rest = &out[i + ours.len()..];
            // Skip their ":L:C" suffix, if present.
            let skip = rest
                .strip_prefix(':')
                .map(|r| {
                    let digits = |s: &str| s.chars().take_while(|c| c.is_ascii_digit()).count();
                    let a = digits(r);
                    let after = &r[a..];
                    match after.strip_prefix(':') {
                        Some(r2) if a > 0 => 1 + a + 1 + digits(r2),
                        _ if a > 0 => 1 + a,
                        _ => 0,
                    }
                })
                .unwrap_or(0);
            format!("{}{}{}", &out[..i], ours, &rest[skip..])
        }
        None => out.to_string(),
    }
}

fn localize_level(out: &str) -> String {
    let mut s = out.to_string();
    if let Some(rest) = s.strip_prefix("error:") {
        s = format!("错误:{rest}");
    } else if let Some(rest) = s.strip_prefix("warning:") {
        s = format!("警告:{rest}");
    }
    s
}

/// The `n`th line (1-based) of `s`, without its line ending.
pub(crate) fn nth_line(s: &str, n: usize) -> Option<&str> {
    s.split('\n')
        .nth(n.checked_sub(1)?)
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
}

/// 1-based line and column (in characters) of byte offset `offset` in `s`.
pub(crate) fn line_col(s: &str, offset: usize) -> (usize, usize) {
    LineCursor::new(s).at(offset)
}

/// 1-based line and column (in characters) of byte offsets in one text, counted
/// incrementally: each call counts only from the offset asked before, so asking for
/// growing offsets costs one pass over the text in all (a smaller offset is counted
/// again from its line's start). An offset inside a character counts as that
/// character's start; one past the end, as the end.
#[derive(Clone, Debug)]
pub(crate) struct LineCursor<'a> {
    text: &'a str,
    off: usize,
    line: usize,
    col: usize,
}

impl<'a> LineCursor<'a> {
    pub(crate) fn new(text: &'a str) -> LineCursor<'a> {
        LineCursor {
            text,
            off: 0,
            line: 1,
            col: 1,
        }
    }

    /// The line and column of byte offset `offset`.
    pub(crate) fn at(&mut self, offset: usize) -> (usize, usize) {
        let s = self.text;
        let mut off = offset.min(s.len());
        while !s.is_char_boundary(off) {
            off -= 1;
        }
        let b = s.as_bytes();
        if off < self.off {
            self.line -= b[off..self.off].iter().filter(|&&c| c == b'\n').count();
            let line_start = s[..off].rfind('\n').map_or(0, |i| i + 1);
            self.col = s[line_start..off].chars().count() + 1;
        } else {
            for &c in &b[self.off..off] {
                if c == b'\n' {
                    self.line += 1;
                    self.col = 1;
                } else if c & 0xC0 != 0x80 {
                    self.col += 1;
                }
            }
        }
        self.off = off;
        (self.line, self.col)
    }
}

/// The closest candidate to `word`, for "did you mean" hints.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_the_spec() {
        let d = Diagnostic::error(
            Some(PathBuf::from("content/stations/xilin.md")),
            6,
            Text::new("unknown field `partymembers` in front matter", "未知字段"),
        )
        .at_col(1, 12)
        .with_hint(Text::new(
            "did you mean `party_members`?",
            "是不是 `party_members`？",
        ));
        let src = "---\na\nb\nc\nd\npartymembers: 36\n---\n";
        let out = render(&d, Some(src), Lang::En);
        assert!(
            out.starts_with("error: unknown field `partymembers` in front matter"),
            "{out}"
        );
        assert!(out.contains("--> content/stations/xilin.md:6:1\n"), "{out}");
        assert!(out.contains("6 | partymembers: 36"), "{out}");
        assert!(
            out.contains("^^^^^^^^^^^^ did you mean `party_members`?"),
            "{out}"
        );
        let zh = render(&d, Some(src), Lang::Zh);
        assert!(zh.starts_with("错误: 未知字段"), "{zh}");
    }

    #[test]
    fn renders_without_source() {
        let d = Diagnostic::warning(None, 0, Text::new("no stats", "没有统计"))
            .with_hint(Text::new("add one", "添加"));
        assert_eq!(
            render(&d, None, Lang::En),
            "warning: no stats\n   = hint: add one"
        );
    }

    #[test]
    fn line_col_counts_chars() {
        let s = "ab\n党建x";
        assert_eq!(line_col(s, 0), (1, 1));
        assert_eq!(line_col(s, 3), (2, 1));
        assert_eq!(line_col(s, 3 + "党建".len()), (2, 3));
    }

    #[test]
    fn io_error_gives_what_failed_and_why() {
        let e = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let d = io_error(
            Some(PathBuf::from("content/a.md")),
            tr!("cannot read the file", "无法读取文件"),
            &e,
        );
        assert_eq!(d.message.en, "cannot read the file: permission denied");
        assert_eq!(d.message.zh, "无法读取文件：没有权限");
        assert_eq!((d.line, d.is_error()), (0, true));
    }

    #[test]
    fn cursor_agrees_with_a_fresh_count_in_any_order() {
        let text = "第一行\nsecond line\n\n第四 line\r\nend";
        let mut cursor = LineCursor::new(text);
        let fresh = |off: usize| {
            let mut off = off.min(text.len());
            while !text.is_char_boundary(off) {
                off -= 1;
            }
            let before = &text[..off];
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            (
                before.matches('\n').count() + 1,
                before[line_start..].chars().count() + 1,
            )
        };
        // Growing, then jumping back, inside characters and past the end.
        for off in [0, 1, 3, 9, 10, 17, 22, 23, 5, 0, 30, 4, 26, 200, 13] {
            assert_eq!(cursor.at(off), fresh(off), "offset {off}");
        }
        assert_eq!(line_col(text, 10), (2, 1));
        assert_eq!(line_col(text, 4), (1, 2));
    }

    #[test]
    fn suggests() {
        assert_eq!(
            did_you_mean("partymembers", ["party_members", "street"]),
            Some("party_members")
        );
        assert_eq!(did_you_mean("zzz", ["party_members"]), None);
    }
}
