//! Content: discovering the files under `content/`, reading them (UTF-8, front matter),
//! and turning each into a [`Page`] or [`Section`] with its URL, before any Markdown is
//! rendered. URL rules (docs/reference/content.md): `/COLLECTION/NAME/`, `slug` overrides NAME, a
//! `YYYY-MM-DD-` file-name prefix sets `date` and leaves the URL.

pub(crate) mod body;
pub(crate) mod body_store;
pub(crate) mod front_store;
pub mod frontmatter;
pub(crate) mod links;
pub(crate) mod memo;
mod parse;
pub(crate) mod year_view;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use walkdir::WalkDir;

use crate::config::{Config, Kind};
use crate::diag::{Diagnostic, Diagnostics};
use crate::source::{check_size, read_text};

use crate::tr;
use frontmatter::FrontMatter;
use parse::parse_file;

/// A file next to a page (bundle) or loose under `content/`, copied to the output.
#[derive(Clone, Debug)]
pub struct Asset {
    /// Relative to the site root, e.g. `content/stations/x/photo.jpg`.
    pub source: PathBuf,
    /// URL path relative to the output root, no leading slash: `stations/x/photo.jpg`.
    pub out: String,
}

impl Asset {
    pub(crate) fn is_image(&self) -> bool {
        is_image_path(&self.out)
    }
}

pub(crate) fn is_image_path(p: &str) -> bool {
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
    /// Shared with `serve`'s memo (as are the body and its renderings): a rebuild
    /// that finds the file unchanged copies no strings.
    pub front: Arc<FrontMatter>,
    /// The Markdown after the front matter; emptied once the website's HTML is made
    /// from it (`site::Bodies::Html`), kept for the reports.
    pub body: Arc<str>,
    /// 1-based line where the body starts in the source file.
    pub body_line: usize,
    /// The key of its front matter in the front-matter store
    /// ([`front_store::key`]).
    pub front_key: u64,
    /// The bundle folder (relative to the site root) for `NAME/index.md` pages.
    pub bundle: Option<PathBuf>,
    pub assets: Vec<Asset>,
    // Filled by the Markdown stage:
    pub html: Arc<str>,
    pub summary: Arc<str>,
    pub toc: Arc<[crate::markdown::Heading]>,
    /// Plain text of the body, for search.
    pub text: Arc<str>,
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
pub(crate) struct Loaded {
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
pub(crate) fn load(
    root: &Path,
    config: &Config,
    scan: &(dyn Fn(&Path, &str) -> Vec<Diagnostic> + Sync),
    memo: &memo::Memo,
    diags: &mut Diagnostics,
) -> Loaded {
    let content = root.join("content");
    let mut out = Loaded::default();
    if !content.is_dir() {
        return out;
    }
    let (files, walk_diags) = memo.walked(|d| walk(root, &content, d));
    diags.extend(walk_diags);
    let bundles = Bundles::of(&files);
    for (p, found) in parse_all(root, &files, &bundles, config, scan, memo) {
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
    add_assets(&files, &bundles, &mut out);
    out
}

/// Every file under `content/` (relative to `root`, in name order), leaving out hidden
/// and backup files; unreadable entries and symbolic links go to `diags`.
fn walk(root: &Path, content: &Path, diags: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = Vec::new();
    for entry in WalkDir::new(content)
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
    files
}

/// Bundle folders: those holding an index.md (not _index.md).
struct Bundles(rustc_hash::FxHashSet<PathBuf>);

impl Bundles {
    fn of(files: &[PathBuf]) -> Bundles {
        Bundles(
            files
                .iter()
                .filter(|f| f.file_name().is_some_and(|n| n == "index.md"))
                .filter_map(|f| f.parent().map(Path::to_path_buf))
                .filter(|p| p != Path::new("content"))
                .collect(),
        )
    }

    /// The innermost bundle holding `f` (its nearest folder that is one: a look-up
    /// per folder above it, not a scan of every bundle).
    fn bundle_of(&self, f: &Path) -> Option<PathBuf> {
        if self.0.is_empty() {
            return None;
        }
        f.ancestors()
            .skip(1)
            .find(|a| self.0.contains(*a))
            .map(Path::to_path_buf)
    }
}

/// Read (or take from the memo) and parse every Markdown file, in parallel; each
/// result comes with what the privacy scan found in the file.
fn parse_all(
    root: &Path,
    files: &[PathBuf],
    bundles: &Bundles,
    config: &Config,
    scan: &(dyn Fn(&Path, &str) -> Vec<Diagnostic> + Sync),
    memo: &memo::Memo,
) -> Vec<(ParseResult, Vec<Diagnostic>)> {
    use rayon::prelude::*;
    let config_key = crate::hash::hash_of(|h| crate::hash::debug_hash(h, config));
    let unbundled = memo::parse_context(config_key, None);
    let parser = memo.parser();
    let (results, kept): (Vec<_>, Vec<_>) = files
        .par_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "md"))
        .map(|f| {
            let bundle = bundles.bundle_of(f);
            let context = match &bundle {
                None => unbundled,
                Some(b) => memo::parse_context(config_key, Some(b)),
            };
            let stamp = parser.stamp(root, f);
            let read = || check_size(root, f).and_then(|()| read_text(root, f));
            let parse = |text: &str| {
                let found = scan(f, text);
                let fronts = memo.fronts();
                (parse_file(f, text, config, bundle.clone(), fronts), found)
            };
            let (result, found, kept) = parser.parse(
                f,
                stamp,
                context,
                &memo::ParseFile {
                    read: &read,
                    parse: &parse,
                },
            );
            ((result, found), kept)
        })
        .unzip();
    memo.keep_parsed(kept);
    results
}

/// Assets: bundle files go with their page, others are copied where they are
/// (report folders hold no assets).
fn add_assets(files: &[PathBuf], bundles: &Bundles, out: &mut Loaded) {
    for f in files
        .iter()
        .filter(|f| f.extension().is_none_or(|e| e != "md"))
    {
        if f.starts_with("content/reports") {
            continue;
        }
        let rel_in_content = f.strip_prefix("content").unwrap_or(f);
        match bundles.bundle_of(f) {
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
}

pub(crate) type ParseResult = Result<Parsed, Vec<Diagnostic>>;

#[derive(Clone)]
pub(crate) enum Parsed {
    Page(Box<Page>),
    Section(Section),
    Report(ReportSource),
    Skip,
}
