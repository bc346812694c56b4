//! Files the site copies as they are (theme and site `static/`, content assets) and
//! the points drawn on maps.

use std::collections::BTreeMap;
use std::path::Path;

use walkdir::WalkDir;

use crate::charts::MapPoint;
use crate::config::{Config, Kind};
use crate::content::{Asset, Page};
use crate::data::Unit;
use crate::diag::{Diagnostic, Diagnostics};
use crate::paths::{FileSource, StaticFile};
use crate::tr;

pub(super) fn map_points(config: &Config, pages: &[Page], units: &[Unit]) -> Vec<MapPoint> {
    let base = config.base_path();
    let mut v: Vec<MapPoint> = units
        .iter()
        .filter_map(|u| {
            let [lat, lon] = u.location?;
            Some(MapPoint {
                label: u.name.clone(),
                url: format!("{base}units/#unit-{}", u.id),
                lat,
                lon,
                kind: "unit".into(),
            })
        })
        .collect();
    v.extend(
        pages
            .iter()
            .filter(|p| p.kind == Kind::Station)
            .filter_map(|p| {
                let [lat, lon] = p.front.location?;
                Some(MapPoint {
                    label: p.front.title.clone(),
                    url: format!("{base}{}", p.rel_url),
                    lat,
                    lon,
                    kind: "station".into(),
                })
            }),
    );
    v
}

pub(super) fn static_files(
    root: &Path,
    config: &Config,
    content_assets: &[Asset],
    diags: &mut Diagnostics,
) -> Vec<StaticFile> {
    let mut map: BTreeMap<String, FileSource> = BTreeMap::new();
    // Theme static files first, so the site's own files override them.
    let theme_dir = root.join("themes").join(&config.theme).join("static");
    if theme_dir.is_dir() {
        walk_into(root, &theme_dir, &mut map, diags);
    } else if config.theme == "default" {
        for (path, bytes) in crate::theme::embedded_static() {
            map.insert(path, FileSource::Embedded(bytes));
        }
    }
    let site_static = root.join("static");
    if site_static.is_dir() {
        walk_into(root, &site_static, &mut map, diags);
    }
    for a in content_assets {
        map.insert(a.out.clone(), FileSource::Disk(root.join(&a.source)));
    }
    map.into_iter()
        .map(|(out, source)| StaticFile { source, out })
        .collect()
}

pub(super) fn walk_into(
    root: &Path,
    dir: &Path,
    map: &mut BTreeMap<String, FileSource>,
    diags: &mut Diagnostics,
) {
    for e in WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let rel_to_root = e
            .path()
            .strip_prefix(root)
            .unwrap_or(e.path())
            .to_path_buf();
        if e.path_is_symlink() {
            diags.push(
                Diagnostic::error(
                    Some(rel_to_root),
                    0,
                    tr!(
                        "symbolic links are not copied from static folders",
                        "静态文件夹中的符号链接不会被复制"
                    ),
                )
                .with_hint(tr!(
                    "copy the file itself into static/",
                    "请把文件本身复制到 static/ 中"
                )),
            );
            continue;
        }
        if !e.file_type().is_file() {
            continue;
        }
        let Ok(rel) = e.path().strip_prefix(dir) else {
            continue;
        };
        if rel
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            continue;
        }
        map.insert(
            crate::diag::display_path(rel),
            FileSource::Disk(e.path().to_path_buf()),
        );
    }
}
