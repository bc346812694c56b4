//! `xinghuo init` and `xinghuo new`: creating a site (empty, or the complete Chinese
//! demo that is this repository's root, embedded in the binary) and new content files
//! with the front-matter skeleton of their collection's kind.

use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

use crate::diag::{Diagnostic, Text};
use crate::tr;

mod skeleton;

static DEMO_CONTENT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");
static DEMO_DATA: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/data");
static DEMO_STATIC: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/static");
const DEMO_CONFIG: &str = include_str!("../../site-config.toml");

const EMPTY_CONFIG: &str = r#"title = "我的党建展"
description = ""
base_url = "https://example.org/"
language = "zh-CN"

[collections.stations]
kind = "station"
title = "党建驿站"
[collections.projects]
kind = "project"
title = "红盟项目"
[collections.members]
kind = "member"
title = "先锋党员"
[collections.activities]
kind = "activity"
title = "活动纪实"

[taxonomies]
tags = "标签"
district = "区域"
"#;

fn fail(dir: &Path, e: &std::io::Error) -> Diagnostic {
    let d = crate::diag::display_path(dir);
    crate::diag::io_error(
        None,
        tr!("cannot create the site in {d}", "无法在 {d} 创建站点"),
        e,
    )
    .with_hint(tr!(
        "choose a folder you may write to, on a disk with free space",
        "请选择一个你有权限写入、且磁盘有空间的文件夹"
    ))
}

/// Create a site in `dir`, which must not exist or be empty.
pub fn init(dir: &Path, example: bool) -> Result<(), Diagnostic> {
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map(|mut r| r.next().is_none())
            .unwrap_or(false);
        if !empty {
            let d = crate::diag::display_path(dir);
            return Err(Diagnostic::error(
                None,
                0,
                tr!(
                    "the folder {d} exists and is not empty",
                    "文件夹 {d} 已存在且不是空的"
                ),
            )
            .with_hint(tr!(
                "choose a new folder name; xinghuo never overwrites files",
                "请换一个新的文件夹名；xinghuo 不会覆盖已有文件"
            )));
        }
    }
    let write = |rel: &Path, bytes: &[u8]| -> Result<(), Diagnostic> {
        let p = dir.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|e| fail(dir, &e))?;
        }
        std::fs::write(&p, bytes).map_err(|e| fail(dir, &e))
    };
    if example {
        write(Path::new("site-config.toml"), DEMO_CONFIG.as_bytes())?;
        for (name, d) in [
            ("content", &DEMO_CONTENT),
            ("data", &DEMO_DATA),
            ("static", &DEMO_STATIC),
        ] {
            for (rel, bytes) in files(d) {
                write(&Path::new(name).join(rel), bytes)?;
            }
        }
    } else {
        write(Path::new("site-config.toml"), EMPTY_CONFIG.as_bytes())?;
        write(
            Path::new("content/_index.md"),
            "---\ntitle: 首页\n---\n欢迎访问。\n".as_bytes(),
        )?;
        for c in ["stations", "projects", "members", "activities"] {
            write(
                &Path::new("content").join(c).join("_index.md"),
                "---\n---\n".as_bytes(),
            )?;
        }
        std::fs::create_dir_all(dir.join("static")).map_err(|e| fail(dir, &e))?;
        std::fs::create_dir_all(dir.join("data/stats")).map_err(|e| fail(dir, &e))?;
    }
    Ok(())
}

fn files(d: &'static Dir<'static>) -> Vec<(PathBuf, &'static [u8])> {
    let mut v: Vec<(PathBuf, &'static [u8])> = d
        .files()
        .map(|f| (f.path().to_path_buf(), f.contents()))
        .collect();
    for sub in d.dirs() {
        v.extend(files(sub));
    }
    v
}

/// Write `content/COLLECTION/SLUG.md` with the skeleton of the collection's kind;
/// returns its path relative to the site.
pub fn new_page(
    root: &Path,
    collection: &str,
    title: &str,
    today: &str,
) -> Result<PathBuf, Vec<Diagnostic>> {
    let config = crate::config::load(root).map_err(|d| d.into_iter().collect::<Vec<_>>())?;
    let Some(col) = config.collection(collection) else {
        let names: Vec<&str> = config.collections.iter().map(|c| c.name.as_str()).collect();
        let list = names.join(", ");
        let hint = match crate::diag::did_you_mean(collection, names.iter().copied()) {
            Some(g) => tr!(
                "did you mean `{g}`? (collections: {list})",
                "是不是 `{g}`？（栏目：{list}）"
            ),
            None => tr!("collections of this site: {list}", "本站的栏目：{list}"),
        };
        return Err(vec![Diagnostic::error(
            Some(PathBuf::from(crate::config::CONFIG_FILE)),
            0,
            tr!(
                "there is no collection `{collection}`",
                "没有名为 `{collection}` 的栏目"
            ),
        )
        .with_hint(hint)]);
    };
    let slug: String = title
        .trim()
        .chars()
        .map(|c| if c.is_whitespace() { '-' } else { c })
        .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    if slug.is_empty() {
        return Err(vec![Diagnostic::error(
            None,
            0,
            Text::new("the title gives no usable file name", "标题无法生成文件名"),
        )
        .with_hint(tr!(
            "use a title with letters or digits",
            "请使用包含文字或数字的标题"
        ))]);
    }
    let rel = PathBuf::from("content")
        .join(collection)
        .join(format!("{slug}.md"));
    if root.join(&rel).exists() {
        let r = crate::diag::display_path(&rel);
        return Err(vec![Diagnostic::error(
            Some(rel.clone()),
            0,
            tr!("{r} already exists", "{r} 已经存在"),
        )
        .with_hint(tr!(
            "choose another title, or edit the existing file",
            "请换一个标题，或直接编辑已有文件"
        ))]);
    }
    let body = skeleton::skeleton(&config, col.kind, title, today);
    let p = root.join(&rel);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).map_err(|e| vec![fail(root, &e)])?;
    }
    std::fs::write(&p, body).map_err(|e| vec![fail(root, &e)])?;
    Ok(rel)
}
