//! Writing an [`Index`] as scripts. `search/index.js` sets `window.XINGHUO_SEARCH` to
//! the manifest (format, page count, length classes, term bounds, how many gram and
//! position files, pages per document file, and an id of this build); a small site's
//! manifest also holds every shard (`data`). Each shard of a large site is
//! `search/KIND/N.js`, one call `XINGHUO_SEARCH.add("KIND",N,PAYLOAD);` — a plain
//! script, so it loads from `file://` as well as over HTTP.
//!
//! Every JSON text is made safe for any script context (`<`, `>`, `&`, U+2028 and
//! U+2029 escaped), as an index of page titles must be.

use std::hash::Hasher as _;
use std::io;

use rayon::prelude::*;
use serde::Serialize;

use super::index::{Doc, GramShard, Index, TermShard, FORMAT};

/// Output path of the manifest (the whole index of a small site).
pub(crate) const INDEX_PATH: &str = "search/index.js";

#[derive(Serialize)]
struct Manifest<'a> {
    v: u32,
    id: &'a str,
    n: usize,
    len: &'a str,
    t: &'a [String],
    cb: u32,
    pb: u32,
    h: &'a [String],
    hh: &'a [String],
    hc: &'a [String],
    g: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<Data<'a>>,
}

/// Every shard, in a one-file index.
#[derive(Serialize)]
struct Data<'a> {
    t: &'a [TermShard],
    c: Vec<GramShard>,
    p: Vec<GramShard>,
    d: &'a [Vec<Doc>],
}

fn manifest<'a>(ix: &'a Index, id: &'a str, data: Option<Data<'a>>) -> Manifest<'a> {
    Manifest {
        v: FORMAT,
        id,
        n: ix.n,
        len: &ix.len,
        t: &ix.bounds,
        cb: ix.cb,
        pb: ix.pb,
        h: &ix.hot,
        hh: &ix.hot_heads,
        hc: &ix.hot_chars,
        g: ix.group,
        data,
    }
}

/// `prefix` + `value` as script-safe JSON + `suffix`.
fn script(prefix: &str, value: &impl Serialize, suffix: &str) -> String {
    let json = serde_json::to_string(value).expect("the index serializes");
    let mut out = String::with_capacity(json.len() + prefix.len() + suffix.len() + 16);
    out.push_str(prefix);
    crate::text::script_safe_into(&mut out, &json);
    out.push_str(suffix);
    out
}

/// The whole index as one script.
pub(crate) fn one_file(ix: &Index) -> String {
    let shards = |positions: bool| -> Vec<GramShard> {
        (0..ix.grams.len(positions))
            .map(|f| ix.grams.shard(f, positions))
            .collect()
    };
    let data = Data {
        t: &ix.t,
        c: shards(false),
        p: shards(true),
        d: &ix.d,
    };
    script(
        "window.XINGHUO_SEARCH=",
        &manifest(ix, "", Some(data)),
        ";\n",
    )
}

/// One shard file's path and text.
fn shard(kind: &str, n: usize, payload: &impl Serialize) -> (String, String) {
    let prefix = format!("XINGHUO_SEARCH.add(\"{kind}\",{n},");
    (
        format!("search/{kind}/{n}.js"),
        script(&prefix, payload, ");\n"),
    )
}

/// Whether `s` can stand between quotes in a script as it is.
fn plain(s: &str) -> bool {
    !s.contains(|c: char| {
        c < ' ' || matches!(c, '"' | '\\' | '<' | '>' | '&' | '\u{2028}' | '\u{2029}')
    })
}

fn push_strings<'a>(out: &mut String, items: impl IntoIterator<Item = &'a str>) {
    out.push('[');
    for (i, s) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('"');
        out.push_str(s);
        out.push('"');
    }
    out.push(']');
}

/// A term or gram shard: keys of CJK characters, letters and digits, postings of
/// [`varint`](super::index::varint) digits — written as they are, without a JSON
/// encoder (a key that would need escaping goes through [`shard`]).
fn key_shard<'a>(
    kind: &str,
    n: usize,
    keys: KeysRef,
    posts: impl Iterator<Item = &'a str> + Clone,
) -> (String, String) {
    let ok = match keys {
        KeysRef::List(k) => k.iter().all(|s| plain(s)),
        KeysRef::Grouped(k) => plain(k),
    };
    if !ok {
        let posts: Vec<&str> = posts.collect();
        return match keys {
            KeysRef::List(k) => shard(kind, n, &(k, posts)),
            KeysRef::Grouped(k) => shard(kind, n, &(k, posts)),
        };
    }
    let size: usize = posts.clone().map(|p| p.len() + 3).sum();
    let mut out = String::with_capacity(size + 64);
    out.push_str(&format!("XINGHUO_SEARCH.add(\"{kind}\",{n},["));
    match keys {
        KeysRef::List(k) => push_strings(&mut out, k.iter().map(String::as_str)),
        KeysRef::Grouped(k) => {
            out.push('"');
            out.push_str(k);
            out.push('"');
        }
    }
    out.push(',');
    push_strings(&mut out, posts);
    out.push_str("]);\n");
    (format!("search/{kind}/{n}.js"), out)
}

#[derive(Clone, Copy)]
enum KeysRef<'a> {
    List(&'a [String]),
    Grouped(&'a str),
}

/// Write every file of `ix` through `put`: the shards in parallel, then the manifest
/// with an id made from their bytes (the engine asks for `?v=ID` over HTTP, so a
/// browser never mixes shards of two builds from its cache).
pub(crate) fn files(
    ix: &Index,
    put: &(dyn Fn(&str, &[u8]) -> io::Result<()> + Sync),
) -> io::Result<()> {
    if ix.one {
        return put(INDEX_PATH, one_file(ix).as_bytes());
    }
    let write = |(path, text): (String, String)| -> io::Result<u64> {
        put(&path, text.as_bytes())?;
        let mut h = rustc_hash::FxHasher::default();
        h.write(text.as_bytes());
        Ok(h.finish())
    };
    let mut hashes: Vec<u64> = Vec::new();
    for part in [
        ix.t.par_iter()
            .enumerate()
            .map(|(i, s)| {
                let posts = s.1.iter().map(String::as_str);
                write(key_shard("t", i, KeysRef::List(&s.0), posts))
            })
            .collect::<io::Result<Vec<u64>>>()?,
        gram_files(ix, false, &write)?,
        gram_files(ix, true, &write)?,
        ix.d.par_iter()
            .enumerate()
            .map(|(i, s)| write(shard("d", i, s)))
            .collect::<io::Result<Vec<u64>>>()?,
    ] {
        hashes.extend(part);
    }
    let mut h = rustc_hash::FxHasher::default();
    for x in &hashes {
        h.write_u64(*x);
    }
    let id = format!("{:016x}", h.finish());
    let js = script("window.XINGHUO_SEARCH=", &manifest(ix, &id, None), ";\n");
    put(INDEX_PATH, js.as_bytes())
}

/// The gram files (`c`) or the position files (`p`) through `write`, their hashes.
fn gram_files(
    ix: &Index,
    positions: bool,
    write: &(dyn Fn((String, String)) -> io::Result<u64> + Sync),
) -> io::Result<Vec<u64>> {
    let kind = if positions { "p" } else { "c" };
    (0..ix.grams.len(positions))
        .into_par_iter()
        .map(|f| {
            let keys = ix.grams.keys(f, positions);
            let posts = ix.grams.posts(f, positions);
            write(key_shard(kind, f, KeysRef::Grouped(&keys), posts))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{Layout, Source};

    #[test]
    fn script_cannot_break_out() {
        let ix = Index::build(
            vec![Source {
                url: "x/".into(),
                title: "</script><script>alert(1)</script>\u{2028}".into(),
                ..Source::default()
            }],
            Layout::for_pages(1, 500),
        );
        let js = one_file(&ix);
        assert!(!js.contains("</script"), "{js}");
        assert!(!js.contains('\u{2028}'));
        assert!(js.starts_with(&format!("window.XINGHUO_SEARCH={{\"v\":{FORMAT},")));
        assert!(js.contains(r"\u003c/script\u003e"));
    }

    #[test]
    fn shards_written_directly_are_the_json_the_encoder_writes() {
        let keys = vec!["党建".to_string(), "open".to_string()];
        let posts = vec!["AB".to_string(), "C".to_string()];
        let it = || posts.iter().map(String::as_str);
        assert_eq!(
            key_shard("t", 3, KeysRef::List(&keys), it()),
            shard("t", 3, &(&keys, &posts))
        );
        let grouped = "时间银 党,间银行时";
        assert_eq!(
            key_shard("c", 0, KeysRef::Grouped(grouped), it()),
            shard("c", 0, &(grouped, &posts))
        );
        let odd = vec!["a\"<b".to_string()];
        assert_eq!(
            key_shard("t", 1, KeysRef::List(&odd), it().take(1)),
            shard("t", 1, &(&odd, &posts[..1]))
        );
    }

    #[test]
    fn shards_call_the_manifest_and_the_manifest_comes_last() {
        let pages: Vec<Source> = (0..8)
            .map(|i| Source {
                url: format!("p{i}/"),
                title: format!("页面{i}"),
                body: "党建引领".into(),
                ..Source::default()
            })
            .collect();
        let layout = Layout {
            one: false,
            text: 50,
            group: 4,
            hot_char: usize::MAX,
        };
        let ix = Index::build(pages, layout);
        let written = std::sync::Mutex::new(Vec::new());
        files(&ix, &|path, bytes| {
            written
                .lock()
                .unwrap()
                .push((path.to_string(), String::from_utf8(bytes.to_vec()).unwrap()));
            Ok(())
        })
        .unwrap();
        let written = written.into_inner().unwrap();
        let (last, manifest) = written.last().unwrap();
        assert_eq!(last, INDEX_PATH);
        assert!(manifest.contains("\"id\":\"") && !manifest.contains("\"data\""));
        let d1 = written.iter().find(|(p, _)| p == "search/d/1.js").unwrap();
        assert!(d1
            .1
            .starts_with("XINGHUO_SEARCH.add(\"d\",1,[[\"p4/\",\"页面4\""));
        assert!(written.iter().any(|(p, _)| p == "search/t/0.js"));
        assert!(written.iter().any(|(p, _)| p == "search/c/0.js"));
        assert!(written.iter().any(|(p, _)| p == "search/p/0.js"));
    }
}
