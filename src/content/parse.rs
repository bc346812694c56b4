//! One content file's text turned into a report foreword, a section (`_index.md`) or
//! a page, by where it sits under `content/`; a page gets its slug and URL here.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::front_store::{self, Fronts};
use super::frontmatter::{self, FrontMatter, PageDate, Role};
use super::{Page, Parsed, ReportSource, Section};
use crate::config::{Config, Kind};
use crate::diag::Diagnostic;
use crate::tr;

/// Parse the file `rel` (relative to the site root) with text `text`; `bundle` is the
/// bundle folder it is in, if any.
///
/// A page's front matter is taken from `fronts` (the last build's) where its key is
/// there.
pub(super) fn parse_file(
    rel: &Path,
    text: &str,
    config: &Config,
    bundle: Option<PathBuf>,
    fronts: &Fronts,
) -> Result<Parsed, Vec<Diagnostic>> {
    let file = rel.to_path_buf();
    if text.trim().is_empty() {
        return Err(vec![Diagnostic::error(Some(file), 1, tr!("the file is empty", "文件是空的"))
            .with_hint(tr!(
                "write front matter with at least a title (`---`, `title: 标题`, `---`), or delete the file",
                "请至少写上页面信息和标题（`---`、`title: 标题`、`---`），或删除这个文件"
            ))]);
    }
    let split = frontmatter::split(text).map_err(|(line, m, h)| {
        vec![Diagnostic::error(Some(file.clone()), line, m).with_hint(h)]
    })?;
    let in_content = rel.strip_prefix("content").unwrap_or(rel);
    let comps: Vec<String> = in_content
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let file_name = comps.last().cloned().unwrap_or_default();
    let source = Source {
        rel,
        split: &split,
        comps: &comps,
        file_name: &file_name,
        config,
        fronts,
    };
    if comps.first().map(String::as_str) == Some("reports") {
        return source.report();
    }
    if file_name == "_index.md" {
        return source.section();
    }
    source.page(bundle)
}

/// A content file being parsed: its path, front matter and body, and where it sits.
struct Source<'a> {
    rel: &'a Path,
    split: &'a frontmatter::Split<'a>,
    /// The path's components under `content/`.
    comps: &'a [String],
    file_name: &'a str,
    config: &'a Config,
    fronts: &'a Fronts,
}

impl Source<'_> {
    fn front(&self, role: Role) -> Result<FrontMatter, Vec<Diagnostic>> {
        frontmatter::parse(self.rel, self.split, role, &self.config.taxonomies)
    }

    /// `content/reports/YYYY.md`: a report foreword.
    fn report(&self) -> Result<Parsed, Vec<Diagnostic>> {
        let file = self.rel.to_path_buf();
        let stem = self.file_name.trim_end_matches(".md");
        let year = match stem.parse::<i32>() {
            Ok(y) if self.comps.len() == 2 && (1900..=2100).contains(&y) => y,
            _ => {
                return Err(vec![Diagnostic::warning(Some(file), 1, tr!("report forewords are named by year, like content/reports/2024.md; this file is not used", "报告前言文件应以年份命名，例如 content/reports/2024.md；这个文件不会被使用"))])
            }
        };
        let front = self.front(Role::Report)?;
        Ok(Parsed::Report(ReportSource {
            source: file,
            year,
            front,
            body: self.split.body.to_string(),
            body_line: self.split.body_line,
        }))
    }

    /// `_index.md` of the home page or of a collection.
    fn section(&self) -> Result<Parsed, Vec<Diagnostic>> {
        let (file, comps, config) = (self.rel.to_path_buf(), self.comps, self.config);
        let collection = match comps.len() {
            1 => None,
            2 if config.collection(&comps[0]).is_some() => Some(comps[0].clone()),
            _ => {
                return Err(vec![Diagnostic::warning(
                    Some(file),
                    1,
                    tr!(
                        "this `_index.md` is not in a collection folder and is not used",
                        "这个 `_index.md` 不在栏目文件夹中，不会被使用"
                    ),
                )
                .with_hint(tr!(
                    "collections are the folders named in `[collections]` of site-config.toml",
                    "栏目是 site-config.toml 的 `[collections]` 中列出的文件夹"
                ))]);
            }
        };
        let mut front = self.front(Role::Section)?;
        if front.title.is_empty() {
            front.title = match &collection {
                Some(c) => config
                    .collection(c)
                    .map(|c| c.title.clone())
                    .unwrap_or_default(),
                None => config.title.clone(),
            };
        }
        let rel_url = collection
            .as_ref()
            .map(|c| format!("{c}/"))
            .unwrap_or_default();
        Ok(Parsed::Section(Section {
            source: Some(file),
            collection,
            rel_url,
            front,
            body: self.split.body.to_string(),
            body_line: self.split.body_line,
            html: String::new(),
            summary: String::new(),
        }))
    }

    /// A page: `NAME.md` or `NAME/index.md` (a bundle); other Markdown files in a
    /// bundle are skipped.
    fn page(&self, bundle: Option<PathBuf>) -> Result<Parsed, Vec<Diagnostic>> {
        let (file, comps, config) = (self.rel.to_path_buf(), self.comps, self.config);
        let (name, parent_comps): (String, &[String]) =
            if bundle.is_some() && self.file_name == "index.md" {
                (comps[comps.len() - 2].clone(), &comps[..comps.len() - 2])
            } else if bundle.is_some() {
                // A Markdown file inside a bundle that is not its index: not a page.
                return Ok(Parsed::Skip);
            } else {
                (
                    self.file_name.trim_end_matches(".md").to_string(),
                    &comps[..comps.len() - 1],
                )
            };
        let collection = parent_comps
            .first()
            .filter(|c| config.collection(c).is_some())
            .cloned();
        let kind = collection
            .as_ref()
            .and_then(|c| config.collection(c))
            .map(|c| c.kind)
            .unwrap_or(Kind::Page);
        let (date_prefix, stem) = split_date_prefix(&name);
        let front_key = front_store::key(self.rel, self.split, kind, &config.taxonomies);
        let (front, mut diags) = match self.fronts.get(front_key) {
            // Stored as this parse made it, without problems.
            Some(front) => (front, Vec::new()),
            None => {
                // Every problem of the front matter in one run: what it read, with the
                // problems.
                let (mut front, diags) = frontmatter::parse_lenient(
                    self.rel,
                    self.split,
                    Role::Page(kind),
                    &config.taxonomies,
                )?;
                if front.date.is_none() {
                    front.date = date_prefix;
                }
                (Arc::new(front), diags)
            }
        };
        required_fields(&file, kind, &front, &mut diags);
        let slug = slug(&file, &front, stem, &mut diags);
        if !diags.is_empty() {
            return Err(diags);
        }
        let mut rel_url = String::new();
        for c in parent_comps {
            rel_url.push_str(c);
            rel_url.push('/');
        }
        rel_url.push_str(&slug);
        rel_url.push('/');
        Ok(Parsed::Page(Box::new(Page {
            source: file,
            collection,
            kind,
            slug,
            rel_url,
            front,
            body: self.split.body.into(),
            body_line: self.split.body_line,
            front_key,
            bundle,
            assets: Vec::new(),
            html: Arc::default(),
            summary: Arc::default(),
            toc: Arc::default(),
            text: Arc::default(),
        })))
    }
}

/// Required fields of a kind: an activity's `date` (from the front matter or the
/// file name), a project's `year`.
fn required_fields(file: &Path, kind: Kind, front: &FrontMatter, diags: &mut Vec<Diagnostic>) {
    let file = file.to_path_buf();
    if kind == Kind::Activity && front.date.is_none() && !reported(front, diags, "date") {
        diags.push(Diagnostic::error(Some(file.clone()), 1, tr!("the required field `date` is missing (activities need a date)", "缺少必填字段 `date`（活动必须有日期）"))
            .with_hint(tr!("add `date: 2024-05-07`, or start the file name with the date: `2024-05-07-name.md`", "请加一行 `date: 2024-05-07`，或让文件名以日期开头：`2024-05-07-名称.md`")));
    }
    if kind == Kind::Project && front.fields.year.is_none() && !reported(front, diags, "year") {
        diags.push(
            Diagnostic::error(
                Some(file),
                1,
                tr!(
                    "the required field `year` is missing (projects need a year)",
                    "缺少必填字段 `year`（红盟项目必须写年份）"
                ),
            )
            .with_hint(tr!("add `year: 2024`", "请加一行 `year: 2024`")),
        );
    }
}

/// Whether `key` is in the front matter with a value already reported as wrong: it then
/// needs no second message saying that it is missing.
fn reported(front: &FrontMatter, diags: &[Diagnostic], key: &str) -> bool {
    let line = front
        .key_lines
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, l)| *l);
    line.is_some_and(|l| diags.iter().any(|d| d.line == l))
}

/// The page's slug: `slug:` from the front matter, else the file name without its
/// date prefix (`stem`), which must then be a valid URL segment.
fn slug(file: &Path, front: &FrontMatter, stem: &str, diags: &mut Vec<Diagnostic>) -> String {
    match &front.slug {
        Some(s) => s.clone(),
        None => {
            if !crate::config::is_segment(stem) {
                diags.push(Diagnostic::error(Some(file.to_path_buf()), 1, tr!("the file name `{stem}` cannot be used in a URL", "文件名 `{stem}` 不能用作网址"))
                    .with_hint(tr!("rename the file using letters, digits, `-` and `_` only (no spaces or dots), or set `slug:` in the front matter", "请把文件改名，只用文字、数字、`-`、`_`（不要空格和点），或在页面信息中设置 `slug:`")));
            }
            stem.to_string()
        }
    }
}

/// `2024-05-07-name` → (date, `name`); anything else → (None, whole).
fn split_date_prefix(name: &str) -> (Option<PageDate>, &str) {
    if name.len() > 11 && name.is_char_boundary(10) && name.as_bytes()[10] == b'-' {
        if let Some(d) = PageDate::parse(&name[..10]) {
            return (Some(d), &name[11..]);
        }
    }
    (None, name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_prefix() {
        let (d, s) = split_date_prefix("2024-05-07-qiyi");
        assert_eq!(d.unwrap().ymd(), "2024-05-07");
        assert_eq!(s, "qiyi");
        assert_eq!(split_date_prefix("2024-13-07-x").1, "2024-13-07-x");
        assert_eq!(split_date_prefix("七一主题党日").1, "七一主题党日");
    }
}
