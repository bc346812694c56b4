//! The files a report's Typst document reads, gathered in memory: images of pages
//! (read through the caller's reader, never from disk here), charts and maps as SVG
//! (made for print by [`crate::charts`]), QR codes, and JSON data. Each gets a virtual path
//! (`/img/3.jpg`, `/chart/2.svg`, `/qr/5.svg`, `/data/1.json`).

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use serde_json::{json, Value};

use crate::paths::FileSource;
use crate::site::Site;

/// Reads a file given relative to the site root (or absolute).
pub(crate) type Reader<'a> = &'a (dyn Fn(&Path) -> Option<Vec<u8>> + Sync);

/// Why an image could not be used.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ImageError {
    /// The file is not there (path relative to the site root).
    Missing(PathBuf),
    /// A format Typst cannot embed (AVIF).
    Unsupported(PathBuf),
    /// A remote URL or data: URI: left out.
    Remote,
}

pub(crate) struct Assets<'a> {
    read: Reader<'a>,
    pub files: Vec<(String, Vec<u8>)>,
    by_source: HashMap<PathBuf, String>,
    next: usize,
}

impl<'a> Assets<'a> {
    pub(crate) fn new(read: Reader<'a>) -> Assets<'a> {
        Assets {
            read,
            files: Vec::new(),
            by_source: HashMap::new(),
            next: 0,
        }
    }

    fn add(&mut self, folder: &str, ext: &str, mut bytes: Vec<u8>) -> String {
        if matches!(ext, "svg" | "json") {
            if let Ok(text) = std::str::from_utf8(&bytes) {
                if let std::borrow::Cow::Owned(t) = crate::text::plain_separators(text) {
                    bytes = t.into_bytes();
                }
            }
        }
        self.next += 1;
        let p = format!("/{folder}/{}.{ext}", self.next);
        self.files.push((p.clone(), bytes));
        p
    }

    /// An image of `page` as written in its Markdown or front matter.
    pub(crate) fn page_image(
        &mut self,
        site: &Site,
        base: &Path,
        src: &str,
    ) -> Result<String, ImageError> {
        let path = resolve(site, base, src)?;
        self.image(&path)
    }

    /// An image file (relative to the site root, or absolute).
    pub(crate) fn image(&mut self, path: &Path) -> Result<String, ImageError> {
        if let Some(v) = self.by_source.get(path) {
            return Ok(v.clone());
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if !matches!(
            ext.as_str(),
            "png" | "jpg" | "jpeg" | "gif" | "svg" | "webp"
        ) {
            return Err(ImageError::Unsupported(path.to_path_buf()));
        }
        let bytes = (self.read)(path).ok_or_else(|| ImageError::Missing(path.to_path_buf()))?;
        let v = self.add("img", &ext, bytes);
        self.by_source.insert(path.to_path_buf(), v.clone());
        Ok(v)
    }

    /// The SVG of a chart figure made by [`crate::charts`] and its caption, as
    /// `{path, title}`.
    pub(crate) fn chart(&mut self, figure_html: &str) -> Option<Value> {
        let svg = extract_svg(figure_html)?;
        let title = between(
            figure_html,
            "<figcaption class=\"chart-title\">",
            "</figcaption>",
        )
        .map(crate::text::unescape)
        .unwrap_or_default();
        let path = self.add("chart", "svg", svg.into_bytes());
        Some(json!({"path": path, "title": title}))
    }

    /// A bare SVG (a map).
    pub(crate) fn svg(&mut self, html: &str) -> Option<String> {
        let svg = extract_svg(html)?;
        Some(self.add("chart", "svg", svg.into_bytes()))
    }

    /// A QR code for `url`.
    pub(crate) fn qr(&mut self, url: &str) -> String {
        let svg = crate::qr::qr_svg(url, 160, "");
        self.add("qr", "svg", svg.into_bytes())
    }

    /// A JSON data file.
    pub(crate) fn json(&mut self, v: &Value) -> String {
        let bytes = serde_json::to_vec(v).expect("JSON values serialize");
        self.add("data", "json", bytes)
    }
}

/// The first `<svg>…</svg>` of some HTML, sized by its viewBox (Typst does not take
/// `width="100%"`).
pub(crate) fn extract_svg(html: &str) -> Option<String> {
    let start = html.find("<svg")?;
    let end = html.rfind("</svg>")? + "</svg>".len();
    if end <= start {
        return None;
    }
    Some(html[start..end].replacen(" width=\"100%\"", "", 1))
}

fn between<'s>(s: &'s str, a: &str, b: &str) -> Option<&'s str> {
    let i = s.find(a)? + a.len();
    let j = s[i..].find(b)? + i;
    Some(&s[i..j])
}

/// Where an image written in a file whose folder (bundle) is `base` lives, relative to the site root.
pub(crate) fn resolve(site: &Site, base: &Path, src: &str) -> Result<PathBuf, ImageError> {
    let src = src.split(['?', '#']).next().unwrap_or("");
    if src.contains("://") || src.starts_with("data:") || src.is_empty() {
        return Err(ImageError::Remote);
    }
    let decoded = percent_encoding::percent_decode_str(src)
        .decode_utf8_lossy()
        .into_owned();
    if let Some(rest) = decoded.strip_prefix('/') {
        let base = site.config.base_path();
        let rest = rest
            .strip_prefix(base.trim_start_matches('/'))
            .unwrap_or(rest);
        if let Some(f) = site.static_files.iter().find(|f| f.out == rest) {
            if let FileSource::Disk(p) = &f.source {
                // The root joined with the file's place: relative to the root again, so
                // it is read once from there and names no folder outside the site.
                return Ok(p.strip_prefix(&site.root).unwrap_or(p).to_path_buf());
            }
        }
        return Ok(normalize(&Path::new("static").join(rest)));
    }
    Ok(normalize(&base.join(decoded)))
}

/// `a/b/../c` → `a/c` (never above the start).
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_is_cut_out_of_a_figure() {
        let h = "<figure><figcaption class=\"chart-title\">党组织&amp;</figcaption><svg width=\"100%\" viewBox=\"0 0 1 1\"><g/></svg><table></table></figure>";
        assert_eq!(
            extract_svg(h).as_deref(),
            Some("<svg viewBox=\"0 0 1 1\"><g/></svg>")
        );
        let read = |_: &Path| None;
        let mut a = Assets::new(&read);
        let v = a.chart(h).expect("a chart");
        assert_eq!(v["title"], "党组织&");
        assert_eq!(v["path"], "/chart/1.svg");
    }

    #[test]
    fn paths_normalize() {
        assert_eq!(
            normalize(Path::new("content/a/../b/./c.jpg")),
            PathBuf::from("content/b/c.jpg")
        );
    }
}
