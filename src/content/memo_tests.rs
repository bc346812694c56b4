//! Tests of `content::memo` (kept apart so the module stays short).

use super::*;

fn counting_parse(
    memo: &Memo,
    file: &Path,
    stamp: Option<Stamp>,
    context: u64,
    text: &str,
    calls: &std::cell::Cell<u32>,
) {
    let read = || Ok(text.to_string());
    let parse = |_: &str| {
        calls.set(calls.get() + 1);
        (Ok(crate::content::Parsed::Skip), Vec::new())
    };
    let (_, _, kept) = memo.parser().parse(
        file,
        stamp,
        context,
        &ParseFile {
            read: &read,
            parse: &parse,
        },
    );
    // One file per pass here: keep what this build has so far plus this file.
    let mut all: Vec<Option<Kept<ParsedEntry>>> = (lock(&memo.parsed).this.iter())
        .map(|(f, e)| Some(Kept(f.clone(), e.clone())))
        .collect();
    all.push(kept);
    memo.keep_parsed(all);
}

#[test]
fn parse_hits_only_when_unchanged_and_forgets_gone_files() {
    let memo = Memo::new();
    let calls = std::cell::Cell::new(0);
    let (a, b) = (Path::new("content/a.md"), Path::new("content/b.md"));
    let s1 = Some(Stamp([1; 6]));
    let s2 = Some(Stamp([2; 6]));
    memo.begin();
    counting_parse(&memo, a, s1, 1, "a", &calls);
    counting_parse(&memo, b, s1, 1, "b", &calls);
    assert_eq!(calls.get(), 2);
    memo.begin();
    counting_parse(&memo, a, s1, 1, "a", &calls); // same stamp: hit
    counting_parse(&memo, b, s2, 1, "b", &calls); // touched, same text: hit
    assert_eq!(calls.get(), 2);
    memo.begin();
    counting_parse(&memo, a, s1, 2, "a", &calls); // other context: miss
    counting_parse(&memo, b, s1, 1, "B", &calls); // new text: miss
    assert_eq!(calls.get(), 4);
    memo.begin();
    counting_parse(&memo, a, None, 2, "a", &calls); // no stamp: compared by text
    assert_eq!(calls.get(), 4);
    memo.begin(); // only a was seen last time
    counting_parse(&memo, b, s1, 1, "B", &calls);
    assert_eq!(calls.get(), 5);
}

/// A walk that counts its calls and lists `files`.
fn counting_walk<'a>(
    memo: &Memo,
    files: &'a [&'a str],
    calls: &std::cell::Cell<u32>,
) -> Vec<PathBuf> {
    let (found, _) = memo.walked(|_| {
        calls.set(calls.get() + 1);
        files.iter().map(PathBuf::from).collect()
    });
    found.to_vec()
}

#[test]
fn the_walk_is_reused_only_while_just_contents_changed() {
    let memo = Memo::new();
    let walks = std::cell::Cell::new(0);
    let one = ["content/a.md"];
    let two = ["content/a.md", "content/b.md"];
    memo.begin(); // nothing said: anything may have changed
    assert_eq!(counting_walk(&memo, &one, &walks).len(), 1);
    let edited = Changes::Files([OsString::from("content/a.md")].into_iter().collect());
    memo.changed(edited.clone());
    memo.begin();
    assert_eq!(counting_walk(&memo, &two, &walks).len(), 1, "reused");
    assert_eq!(walks.get(), 1);
    memo.changed(Changes::All); // b.md was added
    memo.begin();
    assert_eq!(counting_walk(&memo, &two, &walks).len(), 2);
    assert_eq!(walks.get(), 2);
    // A build that stops before walking (a broken configuration) after a file
    // was added: the next build must not reuse the walk from before it.
    memo.changed(Changes::All);
    memo.begin();
    memo.changed(edited);
    memo.begin();
    assert_eq!(counting_walk(&memo, &one, &walks).len(), 1);
    assert_eq!(walks.get(), 3);
    // A memo that keeps nothing always walks.
    let once = Memo::default();
    once.changed(Changes::none());
    once.begin();
    counting_walk(&once, &one, &walks);
    once.begin();
    counting_walk(&once, &one, &walks);
    assert_eq!(walks.get(), 5);
}

#[test]
fn only_files_with_events_are_stamped_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::create_dir(root.join("content")).expect("mkdir");
    let (a, b) = (Path::new("content/a.md"), Path::new("content/b.md"));
    for f in [a, b] {
        std::fs::write(root.join(f), "one").expect("write");
    }
    let memo = Memo::new();
    let calls = std::cell::Cell::new(0);
    memo.begin();
    for f in [a, b] {
        let stamp = memo.parser().stamp(root, f);
        counting_parse(&memo, f, stamp, 1, "one", &calls);
    }
    let old_b = Stamp::of(&root.join(b));
    for f in [a, b] {
        std::fs::write(root.join(f), "two, longer").expect("write");
    }
    // The watcher reported only a.md: b.md keeps its last stamp (no `stat`).
    memo.changed(Changes::Files(
        [OsString::from("content/a.md")].into_iter().collect(),
    ));
    memo.begin();
    let parser = memo.parser();
    assert_eq!(parser.stamp(root, a), Stamp::of(&root.join(a)));
    assert_eq!(parser.stamp(root, b), old_b);
    if cfg!(unix) {
        assert_ne!(parser.stamp(root, b), Stamp::of(&root.join(b)));
    }
    // Without a report, every file is stamped again.
    memo.changed(Changes::All);
    memo.begin();
    assert_eq!(memo.parser().stamp(root, b), Stamp::of(&root.join(b)));
}

#[test]
fn a_write_changes_the_stamp() {
    let dir = tempfile::tempdir().expect("temp dir");
    let f = dir.path().join("a.md");
    std::fs::write(&f, "one").expect("write");
    let before = Stamp::of(&f);
    std::fs::write(&f, "two").expect("write");
    if cfg!(unix) {
        assert!(before.is_some());
        assert_ne!(before, Stamp::of(&f), "same length, rewritten: new stamp");
    }
}

#[test]
fn contexts_differ_with_bundle_and_config() {
    let k = parse_context(1, None);
    assert_eq!(k, parse_context(1, None));
    assert_ne!(k, parse_context(2, None));
    assert_ne!(k, parse_context(1, Some(Path::new("content/x"))));
}
