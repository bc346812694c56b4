//! Responsive images: for every JPEG, PNG, WebP and GIF the site copies (bundle images,
//! `static/`, the theme's `static/`), smaller copies at [`WIDTHS`] in the original
//! format, plus WebP copies when lossless WebP is smaller than the original format (so
//! drawings and screenshots usually get WebP, photos usually do not: the `image` crate
//! encodes WebP losslessly only). Originals are kept as they are.
//!
//! Copies are cached in `.xinghuo-cache/images/` under the site, named by the SHA-256 of
//! the original, the width and the format, so a rebuild copies them instead of resizing
//! again. Image dimensions are read from the file header first: an image larger than
//! [`MAX_PIXELS`] (a decompression bomb, or a scan far too large for a web page) is not
//! decoded; it gets a warning and is copied as is. GIFs keep their animation: they only
//! get width and height.
//!
//! The result is an [`ImageSet`] (URL → dimensions and copies) that the HTML renderer
//! reads; [`enrich_html`] adds `srcset`, `sizes`, `width`, `height`, lazy loading and a
//! WebP `<picture>` source to every `<img>` of a page whose `src` is a known image.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::{ImageDecoder, ImageFormat, ImageReader};
use rayon::prelude::*;
use serde::Serialize;

use crate::diag::Diagnostic;
use crate::paths::FileSource;
use crate::site::Site;
use crate::tr;
use cache::{Cached, Copy};

mod cache;

/// Widths of the smaller copies, in pixels (only those below the original's width).
pub(crate) const WIDTHS: [u32; 3] = [480, 960, 1600];
/// Images with more pixels than this (100 megapixels) are not decoded.
pub(crate) const MAX_PIXELS: u64 = 100_000_000;
/// The cache folder, relative to the site root.
pub(crate) const CACHE_DIR: &str = ".xinghuo-cache/images";
/// Part of every cache name: bump it when the encoders or their settings change.
const CACHE_VERSION: &str = "v1";
/// JPEG quality of the smaller copies.
const JPEG_QUALITY: u8 = 82;
/// `sizes` for an `<img>` that does not say: the width of the text column.
pub(crate) const DEFAULT_SIZES: &str = "(min-width: 60em) 46em, calc(100vw - 2rem)";

/// One file of an image: its URL and pixel size.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub(crate) struct Variant {
    pub url: String,
    pub width: u32,
    pub height: u32,
}

/// What the site knows about one image.
#[derive(Clone, Debug, Default, Serialize)]
pub(crate) struct ImageInfo {
    /// Pixel size as displayed (after the EXIF orientation).
    pub width: u32,
    pub height: u32,
    /// Copies in the original format, narrowest first; the original itself is last.
    pub variants: Vec<Variant>,
    /// WebP copies at the same widths; empty when WebP would not be smaller.
    pub webp: Vec<Variant>,
}

/// Every known image by URL (as the site writes it: base path + output path).
#[derive(Clone, Debug, Default)]
pub(crate) struct ImageSet {
    pub images: BTreeMap<String, ImageInfo>,
    /// `(output path, cached file)` of every copy to write.
    pub files: Vec<(String, PathBuf)>,
}

impl ImageSet {
    /// The image at `url` (also percent-encoded, or with `&amp;`).
    pub(crate) fn get(&self, url: &str) -> Option<&ImageInfo> {
        if let Some(i) = self.images.get(url) {
            return Some(i);
        }
        let decoded = percent_encoding::percent_decode_str(&url.replace("&amp;", "&"))
            .decode_utf8()
            .ok()?
            .into_owned();
        self.images.get(&decoded)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.images.is_empty()
    }
}

impl ImageInfo {
    /// `srcset` of the copies in the original format (empty with a single size).
    pub(crate) fn srcset(&self) -> String {
        srcset(&self.variants)
    }

    pub(crate) fn webp_srcset(&self) -> String {
        srcset(&self.webp)
    }
}

fn srcset(v: &[Variant]) -> String {
    if v.len() < 2 {
        return String::new();
    }
    v.iter()
        .map(|x| {
            let u = percent_encoding::utf8_percent_encode(&x.url, crate::paths::PATH_SET);
            format!("{u} {}w", x.width)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// What [`process`] may do.
pub(crate) enum Mode<'a> {
    /// Read headers only (for `check`): dimensions and warnings, no copies.
    Check,
    /// Make the copies, using and filling the cache folder.
    Build { cache: &'a Path },
}

/// The image formats handled, by file extension.
fn format_of(path: &str) -> Option<ImageFormat> {
    let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
    match ext.as_str() {
        "jpg" | "jpeg" => Some(ImageFormat::Jpeg),
        "png" => Some(ImageFormat::Png),
        "webp" => Some(ImageFormat::WebP),
        "gif" => Some(ImageFormat::Gif),
        _ => None,
    }
}

/// Inspect (and in build mode, resize) every image the site copies.
pub(crate) fn process(site: &Site, mode: Mode<'_>) -> (ImageSet, Vec<Diagnostic>) {
    let base = site.config.base_path();
    let inputs: Vec<(&str, &FileSource, ImageFormat)> = site
        .static_files
        .iter()
        .filter_map(|f| format_of(&f.out).map(|fmt| (f.out.as_str(), &f.source, fmt)))
        .collect();
    if let Mode::Build { cache } = mode {
        let _ = std::fs::create_dir_all(cache);
    }
    let results: Vec<(String, Result<Prepared, Diagnostic>)> = inputs
        .par_iter()
        .map(|&(out, source, fmt)| {
            (
                out.to_string(),
                prepare(&site.root, out, source, fmt, &mode),
            )
        })
        .collect();
    // Outputs that exist already: an image copy never replaces a site's own file.
    let mut taken: BTreeSet<String> = site.static_files.iter().map(|f| f.out.clone()).collect();
    let mut set = ImageSet::default();
    let mut diags = Vec::new();
    let mut used: BTreeSet<PathBuf> = BTreeSet::new();
    for (out, r) in results {
        let p = match r {
            Ok(p) => p,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let mut info = ImageInfo {
            width: p.width,
            height: p.height,
            ..ImageInfo::default()
        };
        let original = Variant {
            url: format!("{base}{out}"),
            width: p.width,
            height: p.height,
        };
        let copies_free = p
            .copies
            .iter()
            .all(|c| !taken.contains(&copy_out(&out, c.width, c.ext)));
        if copies_free {
            for c in &p.copies {
                let o = copy_out(&out, c.width, c.ext);
                taken.insert(o.clone());
                used.insert(c.cached.clone());
                set.files.push((o.clone(), c.cached.clone()));
                let v = Variant {
                    url: format!("{base}{o}"),
                    width: c.width,
                    height: c.height,
                };
                if c.ext == "webp" && p.format != ImageFormat::WebP {
                    info.webp.push(v);
                } else {
                    info.variants.push(v);
                }
            }
        }
        info.variants.push(original);
        if p.format == ImageFormat::WebP {
            info.webp.clear();
        }
        if let Some(m) = p.marker {
            used.insert(m);
        }
        set.images.insert(format!("{base}{out}"), info);
    }
    if let Mode::Build { cache } = mode {
        prune(cache, &used);
    }
    (set, diags)
}

/// `stations/x/photo.jpg`, 480, `webp` → `stations/x/photo.480w.webp`.
fn copy_out(out: &str, width: u32, ext: &str) -> String {
    let (dir, name) = match out.rsplit_once('/') {
        Some((d, n)) => (format!("{d}/"), n),
        None => (String::new(), out),
    };
    let stem = name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name);
    format!("{dir}{stem}.{width}w.{ext}")
}

struct Prepared {
    format: ImageFormat,
    width: u32,
    height: u32,
    copies: Vec<Copy>,
    /// The cached "is WebP smaller?" decision.
    marker: Option<PathBuf>,
}

fn shown(root: &Path, source: &FileSource, out: &str) -> PathBuf {
    match source {
        FileSource::Disk(p) => p.strip_prefix(root).unwrap_or(p).to_path_buf(),
        FileSource::Embedded(_) => PathBuf::from(format!("themes/default/static/{out}")),
    }
}

fn unreadable(file: PathBuf, why: &str) -> Diagnostic {
    Diagnostic::warning(
        Some(file),
        0,
        tr!(
            "cannot read this image ({why}); it is copied as is, without smaller copies",
            "无法读取这张图片（{why}）；将原样复制，不生成缩小版本"
        ),
    )
    .with_hint(tr!(
        "open the image in an image editor and save it again as JPEG or PNG",
        "请用图片编辑软件打开这张图片，重新保存为 JPEG 或 PNG"
    ))
}

/// Read the header of one image (dimensions, orientation) and, in build mode, make or
/// find its smaller copies in the cache.
fn prepare(
    root: &Path,
    out: &str,
    source: &FileSource,
    ext_format: ImageFormat,
    mode: &Mode<'_>,
) -> Result<Prepared, Diagnostic> {
    let file = shown(root, source, out);
    let bytes: std::borrow::Cow<'_, [u8]> = match source {
        FileSource::Disk(p) => match std::fs::read(p) {
            Ok(b) => b.into(),
            Err(e) => return Err(unreadable(file, &e.to_string())),
        },
        FileSource::Embedded(b) => (*b).into(),
    };
    let reader = ImageReader::new(Cursor::new(&bytes[..]))
        .with_guessed_format()
        .map_err(|e| unreadable(file.clone(), &e.to_string()))?;
    let format = reader.format().unwrap_or(ext_format);
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| unreadable(file.clone(), &e.to_string()))?;
    let (w, h) = decoder.dimensions();
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let (width, height) = if swaps(orientation) { (h, w) } else { (w, h) };
    let mut prepared = Prepared {
        format,
        width,
        height,
        copies: Vec::new(),
        marker: None,
    };
    check_pixels(&file, w, h)?;
    let Mode::Build { cache } = mode else {
        return Ok(prepared);
    };
    let targets: Vec<u32> = if format == ImageFormat::Gif {
        Vec::new()
    } else {
        WIDTHS.iter().copied().filter(|&t| t < width).collect()
    };
    if targets.is_empty() {
        return Ok(prepared);
    }
    let cached = Cached::new(cache, &bytes, format, (width, height), targets);
    cached.fill(decoder, orientation, &file)?;
    prepared.copies = cached.copies();
    prepared.marker = Some(cached.marker);
    Ok(prepared)
}

/// Refuse to decode an image of more than [`MAX_PIXELS`].
fn check_pixels(file: &Path, w: u32, h: u32) -> Result<(), Diagnostic> {
    if u64::from(w) * u64::from(h) <= MAX_PIXELS {
        return Ok(());
    }
    let mp = u64::from(w) * u64::from(h) / 1_000_000;
    let max = MAX_PIXELS / 1_000_000;
    Err(Diagnostic::warning(
        Some(file.to_path_buf()),
        0,
        tr!(
            "this image is {w}×{h} pixels ({mp} megapixels), more than the {max} megapixels xinghuo resizes; it is copied as is",
            "这张图片为 {w}×{h} 像素（{mp} 百万像素），超过 xinghuo 处理的上限 {max} 百万像素；将原样复制"
        ),
    )
    .with_hint(tr!(
        "scale the image down to at most 4000 pixels wide before adding it to the site",
        "请先把图片缩小到宽度不超过 4000 像素，再放入网站"
    )))
}

fn swaps(o: image::metadata::Orientation) -> bool {
    use image::metadata::Orientation::*;
    matches!(o, Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH)
}

/// Remove cached files this build did not use once they are a week old (copies of
/// photos that were replaced or deleted), so the cache does not grow forever.
fn prune(cache: &Path, used: &BTreeSet<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(cache) else {
        return;
    };
    let week = std::time::Duration::from_secs(7 * 24 * 3600);
    for e in entries.flatten() {
        let p = e.path();
        if used.contains(&p) {
            continue;
        }
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > week);
        if old {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Add `srcset`, `sizes`, `width`, `height`, `loading="lazy"`, `decoding="async"` and a
/// WebP `<source>` to each `<img>` of `html` whose `src` is in `set`. Attributes the
/// page already has are kept; an `<img>` with its own `srcset` is left alone.
#[cfg(test)]
pub(crate) fn enrich_html(html: &str, set: &ImageSet) -> String {
    if set.is_empty() || !html.contains("<img") {
        return html.to_string();
    }
    enrich_page(html.to_string(), set)
}

/// [`enrich_html`] of a page the caller owns: returned as it is (no copy) when there is
/// nothing to add.
pub(crate) fn enrich_page(html: String, set: &ImageSet) -> String {
    if set.is_empty() || !html.contains("<img") {
        return html;
    }
    use lol_html::html_content::ContentType;
    use lol_html::{element, rewrite_str, RewriteStrSettings};
    let html = html.as_str();
    let gallery = element!(".gallery img", |el| {
        if !el.has_attribute("sizes") {
            el.set_attribute("sizes", "(min-width: 40em) 16rem, 50vw")?;
        }
        Ok(())
    });
    let all = element!("img[src]", |el| {
        if el.has_attribute("srcset") {
            return Ok(());
        }
        let Some(info) = el.get_attribute("src").and_then(|s| set.get(&s).cloned()) else {
            return Ok(());
        };
        if !el.has_attribute("width") && !el.has_attribute("height") && info.width > 0 {
            el.set_attribute("width", &info.width.to_string())?;
            el.set_attribute("height", &info.height.to_string())?;
        }
        if !el.has_attribute("loading") {
            el.set_attribute("loading", "lazy")?;
        }
        if !el.has_attribute("decoding") {
            el.set_attribute("decoding", "async")?;
        }
        let srcset = info.srcset();
        if srcset.is_empty() {
            return Ok(());
        }
        let sizes = el
            .get_attribute("sizes")
            .unwrap_or_else(|| DEFAULT_SIZES.to_string());
        el.set_attribute("srcset", &srcset)?;
        el.set_attribute("sizes", &sizes)?;
        let webp = info.webp_srcset();
        if !webp.is_empty() {
            el.before(
                &format!(
                    "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{}\">",
                    webp,
                    crate::text::escape(&sizes)
                ),
                ContentType::Html,
            );
            el.after("</picture>", ContentType::Html);
        }
        Ok(())
    });
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(gallery)
        .append_element_content_handler(all);
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

#[cfg(test)]
mod tests;
