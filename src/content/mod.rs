//! Content: discovering the files under `content/`, reading them (UTF-8, front matter),
//! and turning each into a [`Page`] or [`Section`] with its URL, before any Markdown is
//! rendered. URL rules (docs/reference/content.md): `/COLLECTION/NAME/`, `slug` overrides NAME, a
//! `YYYY-MM-DD-` file-name prefix sets `date` and leaves the URL.

pub mod body;
pub mod frontmatter;
pub mod links;
pub mod memo;

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::config::{Config, Kind};
use crate::diag::{Diagnostic, Diagnostics};
use crate::source::{check_size, read_text};

use crate::tr;
use frontmatter::{FrontMatter, PageDate, Role};

/// A file next to a page (bundle) or loose under `content/`, copied to the output.
#[derive(Clone, Debug)]
pub struct Asset {
    /// Relative to the site root, e.g. `content/stations/x/photo.jpg`.
    pub source: PathBuf,
    /// URL path relative to the output root, no leading slash: `stations/x/photo.jpg`.
    pub out: String,
}

impl Asset {
    pub fn is_image(&self) -> bool {
        is_image_path(&self.out)
    }
}

pub fn is_image_path(p: &str) -> bool {
    let l = p.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif"]
        .iter()
        .any(|e| l.ends_with(e))
}

/// A content page (not `_index.md`).
#[derive(Clone, Debug)]
pub struct Page {
    /// Relative to the site root, e.g. `content/stations/xilin.md`.
    pub source: PathBuf,
    /// The collection folder, if the page is in one.
    pub collection: Option<String>,
    pub kind: Kind,
    pub slug: String,
    /// URL path relative to the site root, with trailing slash: `stations/xilin/`.
    pub rel_url: String,
    pub front: FrontMatter,
    pub body: String,
    /// 1-based line where the body starts in the source file.
    pub body_line: usize,
    /// The bundle folder (relative to the site root) for `NAME/index.md` pages.
    pub bundle: Option<PathBuf>,
    pub assets: Vec<Asset>,
    // Filled by the Markdown stage:
    pub html: String,
    pub summary: String,
    pub toc: Vec<crate::markdown::Heading>,
    /// Plain text of the body, for search.
    pub text: String,
}

/// `_index.md` of the home page or of a collection.
#[derive(Clone, Debug)]
pub struct Section {
    pub source: Option<PathBuf>,
    /// `None` for the home page.
    pub collection: Option<String>,
    pub rel_url: String,
    pub front: FrontMatter,
    pub body: String,
    pub body_line: usize,
    pub html: String,
    pub summary: String,
}

/// A report foreword `content/reports/YYYY.md` (docs/reference/reports.md).
#[derive(Clone, Debug)]
pub struct ReportSource {
    pub source: PathBuf,
    pub year: i32,
    pub front: FrontMatter,
    pub body: String,
    pub body_line: usize,
}

/// Everything found under `content/`, parsed but not rendered.
#[derive(Default)]
pub struct Loaded {
    pub home: Option<Section>,
    pub sections: Vec<Section>,
    pub pages: Vec<Page>,
    pub reports: Vec<ReportSource>,
    /// Loose files under `content/` outside bundles.
    pub assets: Vec<Asset>,
}

/// Walk `content/` and parse every file. Problems go to `diags`; files with errors are
/// left out of the result.
/// `scan` is the privacy scan, run on each file's whole text.
pub fn load(
    root: &Path,
    config: &Config,
    scan: &(dyn Fn(&Path, &str) -> Vec<Diagnostic> + Sync),
    memo: &memo::Memo,
    diags: &mut Diagnostics,
) -> Loaded {
    let config_key = crate::hash::hash_of(|h| crate::hash::debug_hash(h, config));
    let content = root.join("content");
    let mut out = Loaded::default();
    if !content.is_dir() {
        return out;
    }
    let mut files: Vec<PathBuf> = Vec::new();
    for entry in WalkDir::new(&content)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let p = e
                    .path()
                    .and_then(|p| p.strip_prefix(root).ok())
                    .map(Path::to_path_buf);
                diags.push(
                    Diagnostic::error(
                        p,
                        0,
                        tr!(
                            "cannot read this folder entry",
                            "无法读取这个文件夹中的条目"
                        ),
                    )
                    .with_hint(tr!(
                        "check that you may open the folder, and that it holds no broken links",
                        "请确认你有权限打开这个文件夹，并且其中没有失效的快捷方式（链接）"
                    )),
                );
                continue;
            }
        };
        let rel = match entry.path().strip_prefix(root) {
            Ok(r) => r.to_path_buf(),
            Err(_) => continue,
        };
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') || name.ends_with('~') || name.starts_with('#') {
            continue;
        }
        if entry.path_is_symlink() {
            diags.push(
                Diagnostic::error(
                    Some(rel),
                    0,
                    tr!(
                        "symbolic links are not followed inside content/",
                        "content/ 中不支持符号链接"
                    ),
                )
                .with_hint(tr!(
                    "copy the file into the site instead of linking to it",
                    "请把文件复制到站点中，而不是链接过来"
                )),
            );
            continue;
        }
        if entry.file_type().is_file() {
            files.push(rel);
        }
    }

    // Bundle folders: those holding an index.md (not _index.md).
    let bundles: Vec<PathBuf> = files
        .iter()
        .filter(|f| f.file_name().is_some_and(|n| n == "index.md"))
        .filter_map(|f| f.parent().map(Path::to_path_buf))
        .filter(|p| p != Path::new("content"))
        .collect();
    let bundle_of = |f: &Path| {
        bundles
            .iter()
            .filter(|b| f.starts_with(b))
            .max_by_key(|b| b.components().count())
            .cloned()
    };

    let parsed: Vec<(ParseResult, Vec<Diagnostic>)> = {
        use rayon::prelude::*;
        files
            .par_iter()
            .filter(|f| f.extension().is_some_and(|e| e == "md"))
            .map(|f| {
                let bundle = bundle_of(f);
                let context = memo::parse_context(config_key, bundle.as_deref());
                let stamp = memo.stamp(&root.join(f));
                let read = || check_size(root, f).and_then(|()| read_text(root, f));
                let parse = |text: &str| {
                    let found = scan(f, text);
                    (parse_file(f, text, config, bundle.clone()), found)
                };
                memo.parse(
                    f,
                    stamp,
                    context,
                    &memo::ParseFile {
                        read: &read,
                        parse: &parse,
                    },
                )
            })
            .collect()
    };
    for (p, found) in parsed {
        diags.extend(found);
        match p {
            Ok(Parsed::Page(p)) => out.pages.push(*p),
            Ok(Parsed::Section(s)) => {
                if s.collection.is_none() {
                    out.home = Some(s)
                } else {
                    out.sections.push(s)
                }
            }
            Ok(Parsed::Report(r)) => out.reports.push(r),
            Ok(Parsed::Skip) => {}
            Err(ds) => diags.extend(ds),
        }
    }
    // Assets: bundle files go with their page, others are copied where they are.
    for f in files
        .iter()
        .filter(|f| f.extension().is_none_or(|e| e != "md"))
    {
        if f.starts_with("content/reports") {
            continue;
        }
        let rel_in_content = f.strip_prefix("content").unwrap_or(f);
        match bundle_of(f) {
            Some(b) => {
                if let Some(page) = out
                    .pages
                    .iter_mut()
                    .find(|p| p.bundle.as_deref() == Some(b.as_path()))
                {
                    let inner = f.strip_prefix(&b).unwrap_or(f);
                    page.assets.push(Asset {
                        source: f.clone(),
                        out: format!("{}{}", page.rel_url, crate::diag::display_path(inner)),
                    });
                }
            }
            None => out.assets.push(Asset {
                source: f.clone(),
                out: crate::diag::display_path(rel_in_content),
            }),
        }
    }
    out
}

pub(crate) type ParseResult = Result<Parsed, Vec<Diagnostic>>;

#[derive(Clone)]
pub(crate) enum Parsed {
    Page(Box<Page>),
    Section(Section),
    Report(ReportSource),
    Skip,
}

fn parse_file(
    rel: &Path,
    text: &str,
    config: &Config,
    bundle: Option<PathBuf>,
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
    let body = split.body.to_string();
    let body_line = split.body_line;

    if comps.first().map(String::as_str) == Some("reports") {
        let stem = file_name.trim_end_matches(".md");
        let year = match stem.parse::<i32>() {
            Ok(y) if comps.len() == 2 && (1900..=2100).contains(&y) => y,
            _ => {
                return Err(vec![Diagnostic::warning(Some(file), 1, tr!("report forewords are named by year, like content/reports/2024.md; this file is not used", "报告前言文件应以年份命名，例如 content/reports/2024.md；这个文件不会被使用"))])
            }
        };
        let front = frontmatter::parse(rel, &split, Role::Report, &config.taxonomies)?;
        return Ok(Parsed::Report(ReportSource {
            source: file,
            year,
            front,
            body,
            body_line,
        }));
    }

    if file_name == "_index.md" {
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
        let mut front = frontmatter::parse(rel, &split, Role::Section, &config.taxonomies)?;
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
        return Ok(Parsed::Section(Section {
            source: Some(file),
            collection,
            rel_url,
            front,
            body,
            body_line,
            html: String::new(),
            summary: String::new(),
        }));
    }

    // A page: NAME.md or NAME/index.md.
    let (name, parent_comps): (String, &[String]) = if bundle.is_some() && file_name == "index.md" {
        (comps[comps.len() - 2].clone(), &comps[..comps.len() - 2])
    } else if bundle.is_some() {
        // A Markdown file inside a bundle that is not its index: not a page.
        return Ok(Parsed::Skip);
    } else {
        (
            file_name.trim_end_matches(".md").to_string(),
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
    let (mut front, mut diags) =
        frontmatter::parse_lenient(rel, &split, Role::Page(kind), &config.taxonomies)?;

    let (date_prefix, stem) = split_date_prefix(&name);
    if front.date.is_none() {
        front.date = date_prefix;
    }
    if kind == Kind::Activity && front.date.is_none() && !reported(&front, &diags, "date") {
        diags.push(Diagnostic::error(Some(file.clone()), 1, tr!("the required field `date` is missing (activities need a date)", "缺少必填字段 `date`（活动必须有日期）"))
            .with_hint(tr!("add `date: 2024-05-07`, or start the file name with the date: `2024-05-07-name.md`", "请加一行 `date: 2024-05-07`，或让文件名以日期开头：`2024-05-07-名称.md`")));
    }
    if kind == Kind::Project && front.fields.year.is_none() && !reported(&front, &diags, "year") {
        diags.push(
            Diagnostic::error(
                Some(file.clone()),
                1,
                tr!(
                    "the required field `year` is missing (projects need a year)",
                    "缺少必填字段 `year`（红盟项目必须写年份）"
                ),
            )
            .with_hint(tr!("add `year: 2024`", "请加一行 `year: 2024`")),
        );
    }
    let slug = match &front.slug {
        Some(s) => s.clone(),
        None => {
            if !crate::config::is_segment(stem) {
                diags.push(Diagnostic::error(Some(file.clone()), 1, tr!("the file name `{stem}` cannot be used in a URL", "文件名 `{stem}` 不能用作网址"))
                    .with_hint(tr!("rename the file using letters, digits, `-` and `_` only (no spaces or dots), or set `slug:` in the front matter", "请把文件改名，只用文字、数字、`-`、`_`（不要空格和点），或在页面信息中设置 `slug:`")));
            }
            stem.to_string()
        }
    };
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
        body,
        body_line,
        bundle,
        assets: Vec::new(),
        html: String::new(),
        summary: String::new(),
        toc: Vec::new(),
        text: String::new(),
    })))
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

/// `2024-05-07-name` → (date, `name`); anything else → (None, whole).
pub fn split_date_prefix(name: &str) -> (Option<PageDate>, &str) {
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
