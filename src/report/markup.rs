//! Markdown → Typst markup, walking pulldown-cmark events. Every piece of user text is
//! escaped ([`escape`]): a backslash before each character Typst's markup treats
//! specially, so nothing a writer types can run code, open math, make a label or a
//! reference. Code, URLs and paths go into string literals ([`string_lit`]). Shortcodes
//! arrive as placeholder words and are swapped for the Typst code the caller made.
//! Emphasis and strong use `#emph[…]`/`#strong[…]` (no delimiter rules to trip over
//! next to Chinese punctuation); soft breaks between CJK characters disappear.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::diag::LineCursor;
use crate::markdown::cjk;

/// What the walker asks its caller.
pub trait Hooks {
    /// A link's destination as an absolute URL, or `None` to show only its text.
    fn link(&mut self, dest: &str, line: usize) -> Option<String>;
    /// An image's virtual path in the report's world, or `None` (the caller reports it).
    fn image(&mut self, src: &str, line: usize) -> Option<String>;
    /// Typst code for the shortcode with this placeholder index.
    fn shortcode(&mut self, index: usize) -> String;
    /// The alternative text of an image whose Markdown gives none (PDF/UA needs one):
    /// e.g. the case title.
    fn default_alt(&self) -> String {
        String::new()
    }
    /// The label of the report's own case a link points to, if it is in the report: the
    /// link then prints as its text and a page reference (`（见第 14 页）`).
    fn page_ref(&mut self, _dest: &str) -> Option<String> {
        None
    }
}

/// The placeholder word for shortcode `i` (matches [`crate::content::body`]'s form).
pub(crate) fn token(i: usize) -> String {
    format!("xhsc{i:06}x")
}

/// Sentinels the walker uses internally; stripped from user text first.
const FN_OPEN: char = '\u{E000}';
const FN_CLOSE: char = '\u{E001}';
const SOFT: char = '\u{E002}';

/// Escape text for Typst markup: a backslash before every special character,
/// newlines as spaces.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' | '#' | '*' | '_' | '`' | '$' | '@' | '<' | '>' | '[' | ']' | '~' | '/' | '-'
            | '+' | '=' | '.' | ':' | '\'' | '"' | '{' | '}' | '(' | ')' | ';' | ',' | '!'
            | '%' | '&' | '|' | '^' | '?' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            FN_OPEN | FN_CLOSE | SOFT => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A Typst string literal.
pub(crate) fn string_lit(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Escape text that may hold shortcode placeholders, swapping those for code.
fn text_with_tokens(t: &str, hooks: &mut dyn Hooks, out: &mut String) {
    let mut rest = t;
    while let Some(i) = rest.find("xhsc") {
        let after = &rest[i + 4..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 6 && after[6..].starts_with('x') {
            out.push_str(&escape(&rest[..i]));
            let n: usize = after[..6].parse().unwrap_or(0);
            out.push_str(&hooks.shortcode(n));
            // A following letter must not glue onto the code.
            out.push_str("#[]");
            rest = &after[7..];
        } else {
            out.push_str(&escape(&rest[..i + 4]));
            rest = after;
        }
    }
    out.push_str(&escape(rest));
}

/// Markdown → Typst markup. The body sits under a heading of level `heading_offset` (0:
/// none): its highest headings become level `heading_offset + 1`, and no heading is more
/// than one level below the one before it (`#` then `###` → 3 then 4), so the levels
/// never skip (PDF/UA).
pub fn to_typst(md: &str, heading_offset: u8, hooks: &mut dyn Hooks) -> String {
    let prepared = cjk::prepare_emphasis(md);
    let mut events = Vec::new();
    let mut offsets = Vec::new();
    let options = crate::markdown::parser_options();
    for (e, r) in Parser::new_ext(&prepared.text, options).into_offset_iter() {
        events.push(e);
        offsets.push(prepared.original_offset(r.start));
    }
    let events = join_soft_breaks_in_place(events);
    let mut lines = LineCursor::new(md);
    let default_alt = hooks.default_alt();
    let top = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(heading_num(*level)),
            _ => None,
        })
        .min()
        .unwrap_or(1);

    let mut w = Walker {
        out: String::with_capacity(md.len() * 2),
        stack: Vec::new(),
        footnotes: Vec::new(),
        fn_defs: Vec::new(),
        heading_offset,
        links: Vec::new(),
        top,
        last_heading: heading_offset,
        marker: prepared.marker,
        code: None,
        alt: None,
        lists: Vec::new(),
        blocks: Vec::new(),
    };
    for (e, off) in events.into_iter().zip(offsets) {
        if w.code.is_some() {
            w.in_code_block(e);
        } else if w.alt.is_some() {
            w.in_image(e, &default_alt);
        } else {
            w.event(e, &mut || lines.at(off).0, hooks);
        }
    }
    w.finish()
}

/// [`cjk::join_soft_breaks`] keeping positions aligned: a dropped soft break becomes
/// empty text, so the events still match their offsets one to one.
fn join_soft_breaks_in_place(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let kept = cjk::join_soft_breaks(events.clone());
    if kept.len() == events.len() {
        return events;
    }
    let mut k = kept.into_iter().peekable();
    events
        .into_iter()
        .map(|e| {
            if matches!(e, Event::SoftBreak) && !matches!(k.peek(), Some(Event::SoftBreak)) {
                Event::Text("".into())
            } else {
                k.next().unwrap_or(Event::Text("".into()))
            }
        })
        .collect()
}

/// A body that ends with a heading and a line or two keeps them with the block before
/// the heading: otherwise, at the bottom of a page, they would make a page of their own
/// with a lone heading and one line (the heading is sticky, so it never ends a page,
/// but it goes over with its one line). Only when the three are short and hold no
/// pictures, charts or tables, so the unbreakable block always fits a page.
fn keep_tail(out: &mut String, blocks: &[(usize, bool)]) {
    const TAIL: usize = 160;
    const BEFORE: usize = 400;
    let Some(h) = blocks.iter().rposition(|&(_, heading)| heading) else {
        return;
    };
    let (Some(&(before, _)), Some(&(at, _))) =
        (h.checked_sub(1).and_then(|b| blocks.get(b)), blocks.get(h))
    else {
        return;
    };
    let tail = &out[at..];
    let short = tail.chars().count() <= TAIL && out[before..at].chars().count() <= BEFORE;
    // Pictures, charts, tables and code: too tall to keep together safely.
    const BIG: &[&str] = &[
        "#xh_chart",
        "#xh_figure",
        "#xh_gallery",
        "#xh_video",
        "#xh_kpis",
        "#xh_qr",
        "#image",
        "#table",
        "#figure",
        "#raw",
    ];
    let plain = !BIG.iter().any(|c| out[before..].contains(c));
    if short && plain {
        out.insert_str(before, "#block(breakable: false)[\n");
        out.push_str("]\n");
    }
}

/// How many containers (quotes, lists, emphasis, links, …) may nest in the markup.
/// Typst's parser stops at a fixed depth (256 levels of its syntax tree, a few per
/// container), so deeper Markdown is flattened: its text is kept, its wrappers dropped.
pub(crate) const MAX_NESTING: usize = 24;

/// What an open Markdown element wrote.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    /// A wrapper (`#quote(…)[`, `#list(`, `[`, …) that its end closes.
    Wrapper,
    /// Nothing to close (a paragraph, a footnote definition, a table row).
    Plain,
    /// Nested too deep: nothing written, a space at its end.
    Flat,
}

struct Walker {
    out: String,
    /// The open elements, innermost last.
    stack: Vec<Open>,
    footnotes: Vec<String>,
    /// (label, saved output while the definition is written)
    fn_defs: Vec<(String, String)>,
    heading_offset: u8,
    /// The open links: the label of the case each points to, when it is in the report.
    links: Vec<Option<String>>,
    /// The highest (smallest) Markdown heading level in the body.
    top: u8,
    /// The level of the last heading written (`heading_offset` before the first).
    last_heading: u8,
    /// The character [`cjk::prepare_emphasis`] inserted, removed from text again.
    marker: Option<char>,
    /// Inside a code block: (language, text so far).
    code: Option<(String, String)>,
    /// Inside an image: (alt text so far, image path).
    alt: Option<(String, Option<String>)>,
    /// The open bullet lists: where their arguments start in `out` (`None` for a
    /// numbered list), so a task list can drop its bullets.
    lists: Vec<Option<usize>>,
    /// Where each top-level block starts in `out`, and whether it is a heading.
    blocks: Vec<(usize, bool)>,
}

impl Walker {
    fn push(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// An event inside a code block: its text is collected, written at its end.
    fn in_code_block(&mut self, e: Event<'_>) {
        let Some((_, buf)) = self.code.as_mut() else {
            return;
        };
        match e {
            Event::Text(t) => buf.push_str(&t),
            Event::End(TagEnd::CodeBlock) => {
                let (lang, buf) = self.code.take().expect("inside a code block");
                let lang = if lang.is_empty() {
                    "none".to_string()
                } else {
                    string_lit(&lang)
                };
                self.push(&format!(
                    "#raw(block: true, lang: {lang}, {})\n\n",
                    string_lit(buf.trim_end_matches('\n'))
                ));
            }
            _ => {}
        }
    }

    /// An event inside an image: its text is the caption and the alternative text,
    /// written at its end (`default_alt` when there is none).
    fn in_image(&mut self, e: Event<'_>, default_alt: &str) {
        let Some((text, _)) = self.alt.as_mut() else {
            return;
        };
        match e {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::End(TagEnd::Image) => {
                let (text, path) = self.alt.take().expect("inside an image");
                if let Some(p) = path {
                    let text = text.trim();
                    // Only a captioned image is a numbered figure.
                    if text.is_empty() {
                        self.push(&format!(
                            "#align(center, image({}, width: 80%, alt: {}))",
                            string_lit(&p),
                            string_lit(default_alt)
                        ));
                    } else {
                        self.push(&format!(
                            "#figure(image({}, width: 80%, alt: {}), caption: [{}])",
                            string_lit(&p),
                            string_lit(text),
                            escape(text)
                        ));
                    }
                }
            }
            _ => {}
        }
    }

    /// A task list's box replaces its bullet: the innermost bullet list gets
    /// `marker: none` (once).
    fn drop_bullets(&mut self) {
        const ARG: &str = "marker: none, ";
        let Some(Some(at)) = self.lists.last().copied() else {
            return;
        };
        let open = self.out.get(..at).is_some_and(|s| s.ends_with("#list("));
        if open && !self.out[at..].starts_with(ARG) {
            self.out.insert_str(at, ARG);
        }
    }

    /// Any other event; `line` gives the line of the event's start in the Markdown.
    fn event(&mut self, e: Event<'_>, line: &mut dyn FnMut() -> usize, hooks: &mut dyn Hooks) {
        match e {
            Event::Text(t) => {
                let t: String = match self.marker {
                    Some(m) => t.chars().filter(|&c| c != m).collect(),
                    None => t.to_string(),
                };
                let mut s = String::new();
                text_with_tokens(&t, hooks, &mut s);
                self.push(&s);
            }
            Event::Code(t) => self.push(&format!("#raw({})", string_lit(&t))),
            Event::SoftBreak => self.out.push(SOFT),
            Event::HardBreak => self.push(" \\\n"),
            Event::Rule => self.push("\n#line(length: 100%, stroke: 0.5pt + gray)\n\n"),
            Event::TaskListMarker(done) => {
                self.drop_bullets();
                self.push(if done { "☑ " } else { "☐ " })
            }
            Event::FootnoteReference(label) => {
                let n = match self.footnotes.iter().position(|l| l == label.as_ref()) {
                    Some(n) => n,
                    None => {
                        self.footnotes.push(label.to_string());
                        self.footnotes.len() - 1
                    }
                };
                self.out.push(FN_OPEN);
                self.out.push_str(&n.to_string());
                self.out.push(FN_CLOSE);
            }
            Event::Html(_)
            | Event::InlineHtml(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_) => {}
            Event::Start(tag) => self.start(tag, line(), hooks),
            Event::End(tag) => self.end(tag),
        }
    }

    fn start(&mut self, tag: Tag<'_>, line: usize, hooks: &mut dyn Hooks) {
        // (A footnote definition is written aside, not here.)
        if self.stack.is_empty() && !matches!(tag, Tag::FootnoteDefinition(_)) {
            let heading = matches!(tag, Tag::Heading { .. });
            self.blocks.push((self.out.len(), heading));
        }
        let parent_flat = self.stack.last() == Some(&Open::Flat);
        let wrappers = self.stack.iter().filter(|&&o| o == Open::Wrapper).count();
        let open = match &tag {
            // Their ends never reach `end` (the caller collects their text).
            Tag::CodeBlock(_) | Tag::Image { .. } => None,
            Tag::Paragraph | Tag::FootnoteDefinition(_) => Some(Open::Plain),
            // Parts of a list or table follow it.
            Tag::Item | Tag::TableHead | Tag::TableCell if parent_flat => Some(Open::Flat),
            Tag::TableRow if parent_flat => Some(Open::Flat),
            Tag::Item | Tag::TableHead | Tag::TableCell => Some(Open::Wrapper),
            Tag::TableRow => Some(Open::Plain),
            _ if wrappers >= MAX_NESTING => Some(Open::Flat),
            _ => Some(Open::Wrapper),
        };
        if let Some(o) = open {
            self.stack.push(o);
            if o == Open::Flat {
                return;
            }
        }
        match tag {
            Tag::Paragraph => {}
            Tag::Heading { level, .. } => {
                let wanted = self.heading_offset + 1 + (heading_num(level) - self.top);
                let l = wanted.min(self.last_heading + 1).min(6);
                self.last_heading = l;
                let _ = std::fmt::Write::write_fmt(
                    &mut self.out,
                    format_args!("#heading(level: {}, outlined: {})[", l, l <= 2),
                );
            }
            Tag::BlockQuote(_) => self.push("#quote(block: true)["),
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => {
                        l.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Tag::List(start) => match start {
                Some(n) => {
                    self.lists.push(None);
                    self.push(&format!("#enum(start: {n}, "));
                }
                None => {
                    self.push("#list(");
                    self.lists.push(Some(self.out.len()));
                }
            },
            Tag::Item => self.push("["),
            Tag::FootnoteDefinition(label) => {
                let saved = std::mem::take(&mut self.out);
                self.fn_defs.push((label.to_string(), saved));
            }
            Tag::Table(aligns) => {
                let a: Vec<&str> = aligns
                    .iter()
                    .map(|a| match a {
                        pulldown_cmark::Alignment::Center => "center",
                        pulldown_cmark::Alignment::Right => "right",
                        _ => "left",
                    })
                    .collect();
                self.push(&format!(
                    "#table(columns: {}, align: ({},), ",
                    a.len().max(1),
                    a.join(", ")
                ));
            }
            Tag::TableHead => self.push("table.header("),
            Tag::TableRow => {}
            Tag::TableCell => self.push("["),
            Tag::Emphasis => self.push("#emph["),
            Tag::Strong => self.push("#strong["),
            Tag::Strikethrough => self.push("#strike["),
            Tag::Link { dest_url, .. } => {
                let label = hooks.page_ref(&dest_url);
                match (&label, hooks.link(&dest_url, line)) {
                    (None, Some(u)) => self.push(&format!("#link({})[", string_lit(&u))),
                    _ => self.push("#["),
                }
                self.links.push(label);
            }
            Tag::Image { dest_url, .. } => {
                let p = hooks.image(&dest_url, line);
                self.alt = Some((String::new(), p));
            }
            _ => self.push("#["),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        if self.stack.pop() == Some(Open::Flat) {
            self.push(" ");
            return;
        }
        match tag {
            TagEnd::Paragraph => self.push("\n\n"),
            TagEnd::Heading(_) => self.push("]\n\n"),
            TagEnd::BlockQuote(_) => self.push("]\n\n"),
            TagEnd::List(_) => {
                self.lists.pop();
                self.push(")\n\n");
            }
            TagEnd::Item => self.push("], "),
            TagEnd::FootnoteDefinition => {
                if let Some((label, saved)) = self.fn_defs.pop() {
                    let body = std::mem::replace(&mut self.out, saved);
                    self.fn_defs.push((label, body));
                }
            }
            TagEnd::Table => self.push(")\n\n"),
            TagEnd::TableHead => self.push("), "),
            TagEnd::TableRow => {}
            TagEnd::TableCell => self.push("], "),
            TagEnd::Link => {
                self.push("]");
                if let Some(Some(label)) = self.links.pop() {
                    self.push(&format!("#xh_pageref({})", string_lit(&label)));
                }
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => self.push("]"),
            TagEnd::CodeBlock | TagEnd::Image => {}
            _ => self.push("]"),
        }
    }

    /// Swap footnote references for `#footnote[…]` and soft breaks for spaces.
    fn finish(mut self) -> String {
        keep_tail(&mut self.out, &self.blocks);
        let defs = self.fn_defs;
        let mut out = String::with_capacity(self.out.len());
        let mut chars = self.out.chars().peekable();
        let mut used: Vec<usize> = Vec::new();
        while let Some(c) = chars.next() {
            match c {
                FN_OPEN => {
                    let mut n = String::new();
                    for d in chars.by_ref() {
                        if d == FN_CLOSE {
                            break;
                        }
                        n.push(d);
                    }
                    let i: usize = n.parse().unwrap_or(usize::MAX);
                    let label = self.footnotes.get(i).cloned().unwrap_or_default();
                    if used.contains(&i) {
                        out.push_str(&format!("#footnote(<xh-fn-{i}>)"));
                        continue;
                    }
                    used.push(i);
                    let body = defs
                        .iter()
                        .find(|(l, _)| *l == label)
                        .map(|(_, b)| b.trim().to_string())
                        .unwrap_or_default();
                    out.push_str(&format!("#footnote[{body}]<xh-fn-{i}>"));
                }
                SOFT => out.push(' '),
                c => out.push(c),
            }
        }
        out
    }
}

fn heading_num(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests;
