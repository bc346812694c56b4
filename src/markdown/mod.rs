//! Markdown → HTML (docs/reference/config.md, docs/reference/content.md, docs/reference/urls.md): pulldown-cmark with tables,
//! footnotes, strikethrough, task lists and heading attributes; heading anchors and the
//! table of contents; link and image resolution through a caller's callback (with exact
//! source positions); the Chinese-text rules (no space at a line break between CJK
//! characters, emphasis next to CJK punctuation); syntect highlighting of code blocks;
//! raw HTML allowed, sanitized or denied; and the plain-text summary.
//!
//! Everything here is iterative over the event stream: deeply nested input cannot
//! overflow the stack.

pub(crate) mod cjk;
mod highlight;
mod sanitize;
#[cfg(test)]
mod tests;
mod text;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::diag::LineCursor;

pub(crate) use highlight::{highlight_theme_exists, theme_names, DEFAULT_THEME};

/// What to do with raw HTML inside Markdown (`[markdown].raw_html`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum RawHtml {
    /// Keep safe formatting, drop scripts, event handlers, styles, `javascript:` URLs.
    #[default]
    Sanitize,
    /// Pass it through untouched (the site trusts its authors).
    Allow,
    /// Show it as text and report where it is (the caller makes those errors).
    Deny,
}

/// The `[markdown]` settings that affect rendering.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkdownOptions {
    pub raw_html: RawHtml,
    /// A syntect theme name; an unknown one falls back to [`DEFAULT_THEME`].
    pub highlight_theme: String,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions {
            raw_html: RawHtml::Sanitize,
            highlight_theme: DEFAULT_THEME.to_string(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkKind {
    Link,
    Image,
}

/// One link or image destination, as the resolver callback sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkRef {
    pub kind: LinkKind,
    /// The destination as written (for reference links: from the definition).
    pub dest: String,
    /// 1-based line and column (in characters) of the link's first character (`[`,
    /// `!` or `<`) in the Markdown input.
    pub line: usize,
    pub col: usize,
    /// Length in characters of the link's source text, up to the end of its first line.
    pub len: usize,
}

/// One heading, for the table of contents (templates see `level`, `id`, `title`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    /// Plain text of the first paragraph, at most 200 characters, no markup.
    pub summary: String,
    pub toc: Vec<Heading>,
    /// 1-based (line, col) of each piece of raw HTML, with `RawHtml::Deny` only.
    pub raw_html_found: Vec<(usize, usize)>,
}

/// The Markdown dialect of every page and report: tables, footnotes, strikethrough,
/// task lists and heading attributes.
pub(crate) fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Render Markdown to HTML. `resolve` is called for each link and image destination
/// (not e-mail autolinks, not `<img>` in raw HTML); `Some(url)` replaces it.
pub fn render(
    md: &str,
    opts: &MarkdownOptions,
    resolve: &mut dyn FnMut(&LinkRef) -> Option<String>,
) -> Rendered {
    let prepared = cjk::prepare_emphasis(md);
    let Collector {
        mut events,
        raw_html_found,
        ..
    } = collect(md, &prepared, opts, resolve);

    let toc = text::assign_heading_ids(&mut events);
    let events = cjk::join_soft_breaks(events);
    let summary = text::summary(&events);
    let (events, code_blocks) = highlight::extract_code_blocks(events, md);
    let events = wrap_tables(events);

    let mut html = String::with_capacity(md.len() * 3 / 2 + 64);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if opts.raw_html != RawHtml::Allow {
        html = sanitize::sanitize(&html);
    }
    // The sanitizer keeps no `tabindex`: the wrapper gets it afterwards.
    html = html.replace(TABLE_WRAP, TABLE_WRAP_FOCUSABLE);
    if let Some((base, blocks)) = code_blocks {
        html = highlight::put_back_code(&html, &base, &blocks, &opts.highlight_theme);
    }
    Rendered {
        html,
        summary,
        toc,
        raw_html_found,
    }
}

const TABLE_WRAP: &str = "<div class=\"table-wrap\">";
const TABLE_WRAP_FOCUSABLE: &str = "<div class=\"table-wrap\" tabindex=\"0\">";

/// Every table in a `<div class="table-wrap" tabindex="0">`: a table wider than the
/// screen (many columns, large text on a phone) scrolls sideways in that box, not the
/// page, and the box takes keyboard focus so it can be scrolled without a mouse.
fn wrap_tables(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len() + 4);
    for e in events {
        match e {
            Event::Start(Tag::Table(_)) => {
                out.push(Event::Html(CowStr::Borrowed(TABLE_WRAP)));
                out.push(e);
            }
            Event::End(TagEnd::Table) => {
                out.push(e);
                out.push(Event::Html(CowStr::Borrowed("</div>\n")));
            }
            e => out.push(e),
        }
    }
    out
}

/// The parser's events as the HTML writer gets them: destinations resolved, raw
/// HTML shown as text (and located) under [`RawHtml::Deny`].
/// Every link and image of `md` resolved through `resolve`, exactly as [`render`]
/// resolves them, and the places of denied raw HTML — without making any HTML (what a
/// body needs that is checked but not shown).
pub fn check(
    md: &str,
    opts: &MarkdownOptions,
    resolve: &mut dyn FnMut(&LinkRef) -> Option<String>,
) -> Vec<(usize, usize)> {
    let prepared = cjk::prepare_emphasis(md);
    collect(md, &prepared, opts, resolve).raw_html_found
}

/// Run the parser over `md` (prepared for the CJK emphasis rules) into a collector.
fn collect<'m, 'r>(
    md: &'m str,
    prepared: &'m cjk::Prepared<'m>,
    opts: &MarkdownOptions,
    resolve: &'r mut dyn FnMut(&LinkRef) -> Option<String>,
) -> Collector<'m, 'r> {
    let parser = Parser::new_ext(&prepared.text, parser_options()).into_offset_iter();
    let mut c = Collector {
        md,
        lines: LineCursor::new(md),
        raw_html: opts.raw_html,
        resolve,
        events: Vec::new(),
        raw_html_found: Vec::new(),
        denied_block: None,
    };
    for (event, range) in parser {
        let event = match prepared.marker {
            Some(m) => strip_marker(event, m),
            None => event,
        };
        let start = prepared.original_offset(range.start);
        let end = prepared.original_offset(range.end);
        c.event(event, start, end);
    }
    c
}

struct Collector<'m, 'r> {
    md: &'m str,
    lines: LineCursor<'m>,
    raw_html: RawHtml,
    resolve: &'r mut dyn FnMut(&LinkRef) -> Option<String>,
    events: Vec<Event<'m>>,
    raw_html_found: Vec<(usize, usize)>,
    /// With `Deny`: inside an HTML block, its text so far (`None` for a comment block).
    denied_block: Option<Option<String>>,
}

impl<'m> Collector<'m, '_> {
    /// Take one event whose source is `start..end` in the original Markdown.
    fn event(&mut self, event: Event<'m>, start: usize, end: usize) {
        let deny = self.raw_html == RawHtml::Deny;
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self.resolve(LinkKind::Link, link_type, dest_url, (start, end));
                self.events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self.resolve(LinkKind::Image, link_type, dest_url, (start, end));
                self.events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::HtmlBlock) if deny => {
                let source = self.md.get(start..end).unwrap_or("").trim();
                if source.starts_with("<!--") && source.ends_with("-->") {
                    self.denied_block = Some(None);
                } else {
                    self.raw_html_found.push(self.lines.at(start));
                    self.denied_block = Some(Some(String::new()));
                }
            }
            Event::Html(html) if self.denied_block.is_some() => {
                if let Some(Some(text)) = self.denied_block.as_mut() {
                    text.push_str(&html);
                }
            }
            Event::End(TagEnd::HtmlBlock) if self.denied_block.is_some() => {
                if let Some(Some(text)) = self.denied_block.take() {
                    self.events.push(Event::Start(Tag::Paragraph));
                    self.events
                        .push(Event::Text(text.trim_end().to_string().into()));
                    self.events.push(Event::End(TagEnd::Paragraph));
                }
            }
            Event::Html(html) | Event::InlineHtml(html) if deny => {
                if !html.trim_start().starts_with("<!--") {
                    self.raw_html_found.push(self.lines.at(start));
                    self.events.push(Event::Text(html));
                }
            }
            other => self.events.push(other),
        }
    }

    /// Build the [`LinkRef`], ask the caller, and return the destination to use.
    fn resolve(
        &mut self,
        kind: LinkKind,
        link_type: LinkType,
        dest: CowStr<'m>,
        (start, end): (usize, usize),
    ) -> CowStr<'m> {
        if link_type == LinkType::Email {
            return dest;
        }
        let (line, col) = self.lines.at(start);
        let link = LinkRef {
            kind,
            dest: dest.to_string(),
            line,
            col,
            len: first_line_len(self.md, start, end),
        };
        match (self.resolve)(&link) {
            Some(url) => url.into(),
            None => dest,
        }
    }
}

pub(crate) use crate::text::escape_into;

/// Characters of `src` from byte `start` to `end` or the end of `start`'s line (at
/// least 1).
fn first_line_len(src: &str, start: usize, end: usize) -> usize {
    let floor = |mut offset: usize| {
        offset = offset.min(src.len());
        while !src.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    };
    let start = floor(start);
    let end = floor(end.max(start));
    let text = &src[start..end];
    let text = text.split('\n').next().unwrap_or("");
    text.trim_end_matches('\r').chars().count().max(1)
}

/// Remove the emphasis marker (see [`cjk`]) from every string of an event.
fn strip_marker(event: Event<'_>, m: char) -> Event<'_> {
    fn strip(c: CowStr<'_>, m: char) -> CowStr<'_> {
        if c.contains(m) {
            c.replace(m, "").into()
        } else {
            c
        }
    }
    let s = |c| strip(c, m);
    match event {
        Event::Text(t) => Event::Text(s(t)),
        Event::Code(t) => Event::Code(s(t)),
        Event::Html(t) => Event::Html(s(t)),
        Event::InlineHtml(t) => Event::InlineHtml(s(t)),
        Event::FootnoteReference(t) => Event::FootnoteReference(s(t)),
        Event::Start(tag) => Event::Start(match tag {
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => Tag::Link {
                link_type,
                dest_url: s(dest_url),
                title: s(title),
                id: s(id),
            },
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => Tag::Image {
                link_type,
                dest_url: s(dest_url),
                title: s(title),
                id: s(id),
            },
            Tag::Heading {
                level,
                id,
                classes,
                attrs,
            } => Tag::Heading {
                level,
                id: id.map(s),
                classes: classes.into_iter().map(s).collect(),
                attrs: attrs.into_iter().map(|(k, v)| (s(k), v.map(s))).collect(),
            },
            Tag::CodeBlock(CodeBlockKind::Fenced(info)) => {
                Tag::CodeBlock(CodeBlockKind::Fenced(s(info)))
            }
            Tag::FootnoteDefinition(label) => Tag::FootnoteDefinition(s(label)),
            other => other,
        }),
        other => other,
    }
}
