//! The rendered bodies of the last build, kept on disk for the next one
//! (`.xinghuo-cache/bodies/`): a `build` after an edit renders only the bodies whose
//! inputs changed, as `serve` does with its [`Memo`] in memory. Rendering 10,000
//! bodies (shortcodes, Markdown, highlighting, the text for search) was a quarter of
//! such a build.
//!
//! The store never changes what is built: an entry is used under the memo's rule (its
//! key covers every input of the body, see [`super::memo`]), and only when it was
//! written by this very program (version and executable, [`crate::hash::program`]):
//! a newer xinghuo may render Markdown differently. Bodies with problems are not
//! stored (their diagnostics are rendered again each time). A file that is damaged,
//! foreign or of another program is ignored; a store that cannot be written only
//! makes the next build slower.
//!
//! The entries are spread over [`SEGMENTS`] files by their page's path, so a build
//! after one edit rewrites one file of a few megabytes, not all of them. Each file is
//! written whole through a temporary file ([`crate::fsutil::write_atomic`]): two
//! builds at once leave one's file or the other's, both valid.

use std::ffi::OsString;
use std::hash::Hash;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::body::BodyOutput;
use super::memo::Memo;
use crate::hash::hash_of;
use crate::markdown::Heading;

/// Under the site root.
pub(crate) const STORE_DIR: &str = ".xinghuo-cache/bodies";

/// Files the entries are spread over.
const SEGMENTS: usize = 32;

/// Bumped whenever [`Segment`] changes.
const FORMAT: u32 = 1;

/// One file of the store.
#[derive(Serialize, Deserialize)]
struct Segment<'a> {
    format: u32,
    program: u64,
    #[serde(borrow)]
    bodies: Vec<Stored<'a>>,
}

#[derive(Serialize, Deserialize)]
struct Stored<'a> {
    file: &'a str,
    key: u64,
    #[serde(borrow)]
    html: Text<'a>,
    #[serde(borrow)]
    summary: Text<'a>,
    #[serde(borrow)]
    toc: Vec<(u8, &'a str, &'a str)>,
    #[serde(borrow)]
    text: Text<'a>,
}

/// A long text of an entry, stored as a string and read back as bytes checked by
/// simdutf8: the standard library's check of a borrowed `&str` was a tenth of a
/// build after an edit (Chinese text is checked far faster with SIMD).
struct Text<'a>(&'a str);

impl Serialize for Text<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("UTF-8 text")
            }
            fn visit_borrowed_bytes<E: serde::de::Error>(
                self,
                b: &'de [u8],
            ) -> Result<Text<'de>, E> {
                simdutf8::basic::from_utf8(b)
                    .map(Text)
                    .map_err(|_| E::custom("not UTF-8"))
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, s: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(s))
            }
        }
        d.deserialize_bytes(V)
    }
}

/// What the store held when a build began: a key per segment, so that a build
/// rewrites only the segments whose entries changed.
#[derive(Default)]
pub(crate) struct Loaded {
    segments: Vec<Option<u64>>,
}

/// The program's identity, as stored in every segment.
fn program() -> u64 {
    hash_of(crate::hash::program)
}

fn segment_of(file: &str) -> usize {
    (hash_of(|h| file.hash(h)) % SEGMENTS as u64) as usize
}

fn segment_path(root: &Path, n: usize) -> PathBuf {
    root.join(STORE_DIR).join(format!("{n:02}"))
}

/// The key of a segment's entries: which files, with which body keys.
fn segment_key(entries: &[(OsString, u64, BodyOutput)]) -> u64 {
    hash_of(|h| {
        for (file, key, _) in entries {
            (file, key).hash(h);
        }
    })
}

/// A memo for one `build` of the site in `root`, seeded with the stored bodies and
/// front matter ([`super::front_store`], read meanwhile), and what was loaded.
pub(crate) fn load(root: &Path) -> (Memo, Loaded) {
    let (fronts, segments) = rayon::join(|| super::front_store::load(root), || read(root));
    let memo = Memo::for_build_with(fronts);
    let loaded = seed_with(&memo, segments);
    (memo, loaded)
}

/// The stored segments, each when it can be used.
type Segments = Vec<Option<Vec<(OsString, u64, BodyOutput)>>>;

/// Seed `memo` with the bodies stored under `root` (nothing when there are none).
pub(crate) fn seed(root: &Path, memo: &Memo) -> Loaded {
    seed_with(memo, read(root))
}

fn read(root: &Path) -> Segments {
    let program = program();
    (0..SEGMENTS)
        .into_par_iter()
        .map(|n| {
            let bytes = std::fs::read(segment_path(root, n)).ok()?;
            let seg: Segment = postcard::from_bytes(&bytes).ok()?;
            if seg.format != FORMAT || seg.program != program {
                return None;
            }
            let entries: Vec<_> = seg.bodies.into_iter().map(entry).collect();
            Some(entries)
        })
        .collect()
}

fn seed_with(memo: &Memo, segments: Segments) -> Loaded {
    let loaded = Loaded {
        segments: segments
            .iter()
            .map(|s| s.as_deref().map(segment_key))
            .collect(),
    };
    memo.seed_bodies(segments.into_iter().flatten().flatten().collect());
    loaded
}

fn entry(s: Stored<'_>) -> (OsString, u64, BodyOutput) {
    let toc = s.toc.into_iter().map(|(level, id, title)| Heading {
        level,
        id: id.to_string(),
        title: title.to_string(),
    });
    let out = BodyOutput {
        html: Arc::from(s.html.0),
        summary: Arc::from(s.summary.0),
        toc: toc.collect(),
        text: Arc::from(s.text.0),
    };
    (OsString::from(s.file), s.key, out)
}

/// Store the bodies `memo`'s build used, rewriting the segments that changed since
/// `loaded`. Errors are returned for tests; a build ignores them.
pub(crate) fn save(root: &Path, memo: &Memo, loaded: &Loaded) -> std::io::Result<()> {
    let mut segments: Vec<Vec<(OsString, u64, BodyOutput)>> = vec![Vec::new(); SEGMENTS];
    for e in memo.clean_bodies() {
        // Only paths that are text (all of a site's, in practice) are stored.
        if let Some(file) = e.0.to_str() {
            segments[segment_of(file)].push(e);
        }
    }
    let dir = root.join(STORE_DIR);
    std::fs::create_dir_all(&dir)?;
    let program = program();
    let results: Vec<std::io::Result<()>> = (segments.into_par_iter().enumerate())
        .map(|(n, mut entries)| {
            entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            let key = segment_key(&entries);
            if loaded.segments.get(n).copied().flatten() == Some(key) {
                return Ok(());
            }
            let path = segment_path(root, n);
            if entries.is_empty() {
                return match std::fs::remove_file(&path) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                    _ => Ok(()),
                };
            }
            let seg = Segment {
                format: FORMAT,
                program,
                bodies: entries.iter().map(stored).collect(),
            };
            let bytes = postcard::to_allocvec(&seg).map_err(std::io::Error::other)?;
            crate::fsutil::write_atomic(&path, &bytes)
        })
        .collect();
    results.into_iter().collect()
}

fn stored((file, key, out): &(OsString, u64, BodyOutput)) -> Stored<'_> {
    Stored {
        file: file.to_str().expect("only text paths are stored"),
        key: *key,
        html: Text(&out.html),
        summary: Text(&out.summary),
        toc: (out.toc.iter())
            .map(|h| (h.level, h.id.as_str(), h.title.as_str()))
            .collect(),
        text: Text(&out.text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(html: &str) -> BodyOutput {
        BodyOutput {
            html: Arc::from(html),
            summary: Arc::from("摘要"),
            toc: Arc::from(vec![Heading {
                level: 2,
                id: "h".into(),
                title: "标题".into(),
            }]),
            text: Arc::from("正文"),
        }
    }

    fn stored_files(root: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(root.join(STORE_DIR))
            .map(|d| {
                d.map(|e| e.expect("entry").file_name().to_string_lossy().into())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    #[test]
    fn bodies_come_back_in_the_next_build_and_only_changed_segments_are_written() {
        let t = tempfile::tempdir().expect("temp dir");
        let (memo, loaded) = load(t.path());
        assert!(memo.clean_bodies().is_empty(), "nothing stored yet");
        let bodies: Vec<_> = (0..100)
            .map(|i| {
                (
                    OsString::from(format!("content/p{i}.md")),
                    i,
                    body(&format!("<p>{i}</p>")),
                )
            })
            .collect();
        memo.seed_bodies(bodies);
        save(t.path(), &memo, &loaded).expect("saved");
        let files = stored_files(t.path());
        assert!(files.len() > 1 && files.len() <= SEGMENTS, "{files:?}");

        let (memo, loaded) = load(t.path());
        let mut back = memo.clean_bodies();
        back.sort_by_key(|e| e.1);
        assert_eq!(back.len(), 100);
        assert_eq!(&*back[7].2.html, "<p>7</p>");
        assert_eq!(back[7].2.toc[0].title, "标题");
        assert_eq!(&*back[7].2.text, "正文");

        // One body changed: only its segment is written again.
        let p7 = segment_path(t.path(), segment_of("content/p7.md"));
        let p8 = (0..100)
            .map(|i| format!("content/p{i}.md"))
            .find(|f| segment_of(f) != segment_of("content/p7.md"))
            .map(|f| segment_path(t.path(), segment_of(&f)))
            .expect("another segment");
        let stamp = |p: &Path| crate::content::memo::Stamp::of(p);
        let (before7, before8) = (stamp(&p7), stamp(&p8));
        back[7].1 = 1007;
        memo.seed_bodies(back);
        save(t.path(), &memo, &loaded).expect("saved");
        assert_ne!(stamp(&p7), before7, "its segment is rewritten");
        assert_eq!(stamp(&p8), before8, "another segment is left alone");
        let (memo, _) = load(t.path());
        assert!(memo.clean_bodies().iter().any(|e| e.1 == 1007));
    }

    #[test]
    fn damaged_or_foreign_segments_are_ignored() {
        let t = tempfile::tempdir().expect("temp dir");
        let (memo, loaded) = load(t.path());
        memo.seed_bodies(vec![(OsString::from("content/a.md"), 1, body("a"))]);
        save(t.path(), &memo, &loaded).expect("saved");
        let file = stored_files(t.path()).pop().expect("one segment");
        let path = t.path().join(STORE_DIR).join(file);
        let bytes = std::fs::read(&path).expect("read");
        // Cut short, then written by another program.
        std::fs::write(&path, &bytes[..bytes.len() - 3]).expect("write");
        assert!(load(t.path()).0.clean_bodies().is_empty());
        let mut seg: Segment = postcard::from_bytes(&bytes).expect("decodes");
        seg.program ^= 1;
        std::fs::write(&path, postcard::to_allocvec(&seg).expect("encodes")).expect("write");
        assert!(load(t.path()).0.clean_bodies().is_empty());
        std::fs::write(&path, &bytes).expect("write");
        assert_eq!(load(t.path()).0.clean_bodies().len(), 1);
    }
}
