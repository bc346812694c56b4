//! Link resolution: `@/` links to content files, relative links and images, and
//! absolute `/…` paths into `static/`. Every destination in Markdown (and every `src`
//! a shortcode takes) goes through [`LinkIndex::resolve`], which either keeps it,
//! rewrites it to the final URL, or says what is wrong. Paths that leave the site
//! folder are refused before anything is read.

use crate::paths::normalize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::diag::{did_you_mean, display_path, Text};
use crate::tr;

/// A page or section a link can point at.
#[derive(Clone, Debug, Hash)]
pub(crate) struct Target {
    /// URL path relative to the site root: `stations/x/`.
    pub rel_url: String,
    pub draft: bool,
}

/// What a link resolves to.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Resolution {
    Keep,
    Rewrite(String),
    Error { message: Text, hint: Text },
}

/// Everything a link may point at, built once before Markdown is rendered.
#[derive(Default, Debug, Hash)]
pub(crate) struct LinkIndex {
    /// Key: path relative to `content/` with `/`, e.g. `members/wu-cai.md`.
    pub content: BTreeMap<String, Target>,
    /// Key: site-relative source path with `/` (`content/stations/x/a.jpg`) → output URL path.
    pub assets: BTreeMap<String, String>,
    /// Output paths (no leading slash) of files in `static/` and the theme's static files.
    pub static_files: BTreeSet<String>,
    /// The path part of `base_url`: `/` or `/sub/`.
    pub base_path: String,
}

impl LinkIndex {
    /// Like [`resolve`](Self::resolve), for a file the page loads (an image, a video,
    /// a cover): a `/path` must be a file of `static/` or the theme even when its name
    /// has no extension, so `/etc/passwd` is "not found" rather than a dead link.
    pub(crate) fn resolve_media(&self, from: &Path, dest: &str) -> Resolution {
        let d = dest.trim();
        if let Some(abs) = d.strip_prefix('/').filter(|_| !d.starts_with("//")) {
            let path = abs.split(['#', '?']).next().unwrap_or(abs);
            let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
            if !looks_like_file(&decoded)
                && !self.static_files.contains(decoded.as_ref())
                && !self.assets.values().any(|v| v == decoded.as_ref())
            {
                return Resolution::Error {
                    message: tr!("file `{dest}` not found", "找不到文件 `{dest}`"),
                    hint: tr!(
                        "paths starting with `/` point into the `static/` folder: put the file at static/{decoded}, or fix the path",
                        "以 `/` 开头的路径指向 `static/` 文件夹：请把文件放到 static/{decoded}，或改正路径"
                    ),
                };
            }
        }
        self.resolve(from, dest)
    }

    /// Resolve `dest` written in the file `from` (site-relative source path).
    pub(crate) fn resolve(&self, from: &Path, dest: &str) -> Resolution {
        let dest = dest.trim();
        if dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") || has_scheme(dest) {
            return Resolution::Keep;
        }
        let (path_part, frag) = match dest.find(['#', '?']) {
            Some(i) => (&dest[..i], &dest[i..]),
            None => (dest, ""),
        };
        let decoded = percent_encoding::percent_decode_str(path_part)
            .decode_utf8_lossy()
            .into_owned();
        if let Some(target) = decoded.strip_prefix("@/") {
            return self.content_link(target, frag);
        }
        if let Some(abs) = decoded.strip_prefix('/') {
            if looks_like_file(abs)
                && !self.static_files.contains(abs)
                && !self.assets.values().any(|v| v == abs)
            {
                return Resolution::Error {
                    message: tr!("file `{dest}` not found", "找不到文件 `{dest}`"),
                    hint: tr!(
                        "paths starting with `/` point into the `static/` folder: put the file at static/{abs}, or fix the path",
                        "以 `/` 开头的路径指向 `static/` 文件夹：请把文件放到 static/{abs}，或改正路径"
                    ),
                };
            }
            if self.base_path != "/" {
                return Resolution::Rewrite(format!("{}{}{}", self.base_path, abs, frag));
            }
            return Resolution::Keep;
        }
        // Relative to the file's folder.
        let dir = from.parent().unwrap_or(Path::new(""));
        let joined = match normalize(&dir.join(&decoded)) {
            Some(p) => p,
            None => {
                return Resolution::Error {
                    message: tr!("`{dest}` points outside the site folder", "`{dest}` 指向了站点文件夹之外"),
                    hint: tr!("links and images must stay inside the site; copy the file into the page's folder", "链接和图片必须在站点之内；请把文件复制到页面所在的文件夹"),
                }
            }
        };
        let joined_s = display_path(&joined);
        let Some(in_content) = joined_s.strip_prefix("content/") else {
            return Resolution::Error {
                message: tr!(
                    "`{dest}` points outside the content folder",
                    "`{dest}` 指向了 content 文件夹之外"
                ),
                hint: tr!(
                    "put the file next to the page, or in static/ and link it as `/path/in/static`",
                    "请把文件放在页面旁边，或放进 static/ 并写成 `/static中的路径`"
                ),
            };
        };
        if in_content.ends_with(".md") {
            return self.content_link(in_content, frag);
        }
        match self.assets.get(&joined_s) {
            Some(url) => Resolution::Rewrite(format!("{}{}{}", self.base_path, url, frag)),
            None if in_content.is_empty() || !looks_like_file(in_content) => Resolution::Keep,
            None => Resolution::Error {
                message: tr!(
                    "file `{dest}` not found (looked for {joined_s})",
                    "找不到文件 `{dest}`（查找位置：{joined_s}）"
                ),
                hint: tr!(
                    "check the file name (upper/lower case matters) or copy the file there",
                    "请检查文件名（区分大小写），或把文件复制到那里"
                ),
            },
        }
    }

    fn content_link(&self, target: &str, frag: &str) -> Resolution {
        let key = target.trim_start_matches("./");
        match self.content.get(key) {
            Some(t) if t.draft => Resolution::Error {
                message: tr!("link to a draft page `@/{key}`", "链接指向了草稿页面 `@/{key}`"),
                hint: tr!(
                    "drafts are not published, so this link would be broken: publish the page (remove `draft: true`) or remove the link",
                    "草稿不会发布，这个链接会失效：请发布该页面（删除 `draft: true`），或删掉这个链接"
                ),
            },
            Some(t) => Resolution::Rewrite(format!("{}{}{}", self.base_path, t.rel_url, frag)),
            None => {
                let hint = match did_you_mean(key, self.content.keys().map(String::as_str)) {
                    Some(g) => tr!("did you mean `@/{g}`?", "是不是 `@/{g}`？"),
                    None => tr!(
                        "write the path of the file under content/, e.g. `@/members/wu-cai.md`, `@/stations/x/index.md` or `@/stations/_index.md`",
                        "请写 content/ 下的文件路径，例如 `@/members/wu-cai.md`、`@/stations/x/index.md` 或 `@/stations/_index.md`"
                    ),
                };
                Resolution::Error {
                    message: tr!("broken link: there is no content/{key}", "链接失效：不存在 content/{key}"),
                    hint,
                }
            }
        }
    }
}

fn has_scheme(s: &str) -> bool {
    match s.find(':') {
        Some(i) => {
            let scheme = &s[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.')
                && scheme != "@"
        }
        None => false,
    }
}

fn looks_like_file(p: &str) -> bool {
    let last = p.rsplit('/').next().unwrap_or(p);
    !p.ends_with('/') && last.contains('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> LinkIndex {
        let mut i = LinkIndex {
            base_path: "/".into(),
            ..Default::default()
        };
        i.content.insert(
            "members/wu-cai.md".into(),
            Target {
                rel_url: "members/wu-cai/".into(),
                draft: false,
            },
        );
        i.content.insert(
            "stations/_index.md".into(),
            Target {
                rel_url: "stations/".into(),
                draft: false,
            },
        );
        i.content.insert(
            "activities/d.md".into(),
            Target {
                rel_url: "activities/d/".into(),
                draft: true,
            },
        );
        i.assets.insert(
            "content/stations/x/a.jpg".into(),
            "stations/xx/a.jpg".into(),
        );
        i.static_files.insert("images/poster.jpg".into());
        i
    }

    #[test]
    fn at_links() {
        let i = index();
        let from = Path::new("content/stations/x/index.md");
        assert_eq!(
            i.resolve(from, "@/members/wu-cai.md#h"),
            Resolution::Rewrite("/members/wu-cai/#h".into())
        );
        assert_eq!(
            i.resolve(from, "@/stations/_index.md"),
            Resolution::Rewrite("/stations/".into())
        );
        assert!(matches!(
            i.resolve(from, "@/members/wu-cia.md"),
            Resolution::Error { .. }
        ));
        assert!(matches!(
            i.resolve(from, "@/activities/d.md"),
            Resolution::Error { .. }
        ));
    }

    #[test]
    fn relative_and_static() {
        let i = index();
        let from = Path::new("content/stations/x/index.md");
        assert_eq!(
            i.resolve(from, "a.jpg"),
            Resolution::Rewrite("/stations/xx/a.jpg".into())
        );
        assert!(matches!(i.resolve(from, "b.jpg"), Resolution::Error { .. }));
        assert_eq!(
            i.resolve(from, "../../members/wu-cai.md"),
            Resolution::Rewrite("/members/wu-cai/".into())
        );
        assert!(matches!(
            i.resolve(from, "../../../../etc/passwd"),
            Resolution::Error { .. }
        ));
        assert!(matches!(
            i.resolve(from, "../../../site-config.toml"),
            Resolution::Error { .. }
        ));
        assert_eq!(i.resolve(from, "/images/poster.jpg"), Resolution::Keep);
        assert!(matches!(
            i.resolve(from, "/images/nope.jpg"),
            Resolution::Error { .. }
        ));
        assert_eq!(i.resolve(from, "https://x.org/a.jpg"), Resolution::Keep);
        assert_eq!(i.resolve(from, "mailto:a@b.c"), Resolution::Keep);
        assert_eq!(i.resolve(from, "#top"), Resolution::Keep);
    }

    #[test]
    fn sub_path_base() {
        let mut i = index();
        i.base_path = "/dj/".into();
        let from = Path::new("content/about.md");
        assert_eq!(
            i.resolve(from, "/images/poster.jpg"),
            Resolution::Rewrite("/dj/images/poster.jpg".into())
        );
        assert_eq!(
            i.resolve(from, "@/members/wu-cai.md"),
            Resolution::Rewrite("/dj/members/wu-cai/".into())
        );
    }
}
