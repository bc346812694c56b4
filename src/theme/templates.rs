//! Loading templates into Tera: the default theme embedded in the binary, overridden
//! file by file by `themes/NAME/templates/`, overridden by the site's `templates/`.
//! A template with a syntax error becomes a diagnostic naming its file and line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use walkdir::WalkDir;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::tr;

/// The default theme, built into the binary.
pub static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The loaded templates and what the renderers need to know about them.
pub(crate) struct Templates {
    pub tera: tera::Tera,
    /// Site-defined shortcode names (`shortcodes/NAME.html` from the site or theme).
    pub shortcodes: Vec<String>,
    /// UI strings of the theme for the site's language (`i18n/LANG.toml`).
    pub i18n: BTreeMap<String, String>,
    /// Template name → the file it came from (for diagnostics).
    pub files: BTreeMap<String, PathBuf>,
    /// A hash of every template's name and text and of the UI strings: equal keys,
    /// equal templates (see [`crate::content::memo`]).
    pub key: u64,
}

impl Templates {
    pub(crate) fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// A rendering error as a diagnostic at the template file and line where it happened.
    pub(crate) fn render_error(&self, e: &tera::Error, template: &str) -> Diagnostic {
        let name = tera_file(e).unwrap_or_else(|| template.to_string());
        let file = self
            .files
            .get(&name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(format!("templates/{name}")));
        template_error(e, &file)
    }
}

/// `(path in output, bytes)` of the embedded default theme's static files.
pub(crate) fn embedded_static() -> Vec<(String, &'static [u8])> {
    let mut v = Vec::new();
    if let Some(d) = DEFAULT_THEME.get_dir("static") {
        collect(d, &mut v);
    }
    v.into_iter()
        .map(|(p, b)| (p.strip_prefix("static/").unwrap_or(&p).to_string(), b))
        .collect()
}

fn collect(d: &'static Dir<'static>, out: &mut Vec<(String, &'static [u8])>) {
    for f in d.files() {
        out.push((crate::diag::display_path(f.path()), f.contents()));
    }
    for sub in d.dirs() {
        collect(sub, out);
    }
}

/// Load every template. Problems go to `diags`; the returned Tera holds what loaded.
pub(crate) fn load(root: &Path, config: &Config, diags: &mut Diagnostics) -> Templates {
    // name → (text, file shown in diagnostics)
    let mut sources: BTreeMap<String, (String, PathBuf)> = BTreeMap::new();
    let mut i18n_text: Option<(String, PathBuf)> = None;
    let lang_file = format!("i18n/{}.toml", config.language);

    let theme_dir = root.join("themes").join(&config.theme);
    if theme_dir.is_dir() {
        read_dir_into(root, &theme_dir.join("templates"), &mut sources, diags);
        let p = theme_dir.join(&lang_file);
        if let Ok(t) = std::fs::read_to_string(&p) {
            i18n_text = Some((t, p.strip_prefix(root).unwrap_or(&p).to_path_buf()));
        }
    } else if config.theme != "default" {
        diags.push(
            Diagnostic::error(Some(PathBuf::from(crate::config::CONFIG_FILE)), 0, {
                let t = &config.theme;
                tr!(
                    "theme `{t}` not found in themes/",
                    "在 themes/ 中找不到主题 `{t}`"
                )
            })
            .with_hint(tr!(
                "put the theme in themes/NAME/, or use `theme = \"default\"`",
                "请把主题放到 themes/主题名/，或使用 `theme = \"default\"`"
            )),
        );
    }
    // The embedded default fills in whatever the theme folder does not have.
    if config.theme == "default" {
        if let Some(d) = DEFAULT_THEME.get_dir("templates") {
            let mut v = Vec::new();
            collect(d, &mut v);
            for (p, bytes) in v {
                let name = p.strip_prefix("templates/").unwrap_or(&p).to_string();
                sources.entry(name).or_insert_with(|| {
                    (
                        String::from_utf8_lossy(bytes).into_owned(),
                        PathBuf::from(format!("themes/default/{p}")),
                    )
                });
            }
        }
        if i18n_text.is_none() {
            if let Some(f) = DEFAULT_THEME.get_file(&lang_file) {
                i18n_text = Some((
                    String::from_utf8_lossy(f.contents()).into_owned(),
                    PathBuf::from(format!("themes/default/{lang_file}")),
                ));
            }
        }
    }
    // The site's own templates override the theme's.
    read_dir_into(root, &root.join("templates"), &mut sources, diags);

    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    super::filters::register(&mut tera);
    // Placeholders, replaced once the statistics are loaded: without them Tera rejects
    // every template that calls `stat`, `kpis`, `chart` or `map`.
    super::stats_functions::register(
        &mut tera,
        Default::default(),
        Default::default(),
        None,
        config.ui,
    );

    // Find syntax errors file by file, so each names its own file and line.
    let mut good: Vec<(String, String)> = Vec::new();
    for (name, (text, file)) in &sources {
        let mut probe = tera::Tera::new();
        match probe.add_raw_template(name, text) {
            Err(e) if is_syntax_error(&e) => diags.push(template_error(&e, file)),
            _ => good.push((name.clone(), text.clone())),
        }
    }
    if let Err(e) = tera.add_raw_templates(good.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
        diags.extend(batch_errors(&e, &sources));
    }
    let shortcodes = sources
        .keys()
        .filter_map(|n| {
            n.strip_prefix("shortcodes/")
                .and_then(|n| n.strip_suffix(".html"))
        })
        .filter(|n| crate::shortcodes::builtin(n).is_none())
        .map(str::to_string)
        .collect();

    let mut i18n = BTreeMap::new();
    if let Some((text, file)) = i18n_text {
        match toml::from_str::<BTreeMap<String, String>>(&text) {
            Ok(m) => i18n = m,
            Err(e) => diags.push(crate::config::toml_error(&text, &file, &e)),
        }
    }
    // As with templates, the embedded default fills in UI strings the theme folder's
    // file does not have (a site's copy of an older i18n file lacks the newer keys).
    if config.theme == "default" {
        let embedded = DEFAULT_THEME
            .get_file(&lang_file)
            .and_then(|f| toml::from_str::<BTreeMap<String, String>>(f.contents_utf8()?).ok());
        for (k, v) in embedded.unwrap_or_default() {
            i18n.entry(k).or_insert(v);
        }
    }
    let key = crate::hash::hash_of(|h| {
        use std::hash::Hash;
        for (name, (text, _)) in &sources {
            name.hash(h);
            text.hash(h);
        }
        i18n.hash(h);
    });
    let files = sources.into_iter().map(|(n, (_, f))| (n, f)).collect();
    Templates {
        tera,
        shortcodes,
        i18n,
        files,
        key,
    }
}

/// Errors found when the templates are put together (missing parents, blocks not in
/// any parent, unknown filters): Tera joins their reports in one message; split them
/// back into one diagnostic each, at its template's file and line.
fn batch_errors(e: &tera::Error, sources: &BTreeMap<String, (String, PathBuf)>) -> Vec<Diagnostic> {
    let hint = tr!(
        "a template that extends another can only fill blocks the other defines; check the names of `{{% block … %}}`, `{{% extends … %}}` and `{{% include … %}}`",
        "继承其他模板的模板只能填写父模板中定义过的块；请检查 `{{% block … %}}`、`{{% extends … %}}` 和 `{{% include … %}}` 中的名字"
    );
    let text = match e.kind() {
        tera::ErrorKind::Msg(m) => m.clone(),
        _ => {
            let file = tera_file(e).and_then(|n| sources.get(&n).map(|s| s.1.clone()));
            return vec![template_error(
                e,
                &file.unwrap_or_else(|| PathBuf::from("templates")),
            )];
        }
    };
    let mut out = Vec::new();
    for report in text.split("\n\n") {
        let msg = report
            .lines()
            .next()
            .unwrap_or("")
            .trim_start_matches("error: ")
            .to_string();
        // ` --> name:line:col`
        let place = report
            .lines()
            .find_map(|l| l.trim_start().strip_prefix("--> "));
        let (file, line, col) = match place.and_then(|p| {
            let mut it = p.rsplitn(3, ':');
            let col = it.next()?.parse::<usize>().ok()?;
            let line = it.next()?.parse::<usize>().ok()?;
            Some((it.next()?.to_string(), line, col))
        }) {
            Some((name, line, col)) => (
                sources
                    .get(&name)
                    .map(|s| s.1.clone())
                    .unwrap_or_else(|| PathBuf::from(format!("templates/{name}"))),
                line,
                col,
            ),
            None => (PathBuf::from("templates"), 0, 0),
        };
        out.push(
            Diagnostic::error(
                Some(file),
                line,
                tr!("template error: {msg}", "模板错误：{msg}"),
            )
            .at_col(col, 1)
            .with_hint(hint.clone()),
        );
    }
    out
}

fn read_dir_into(
    root: &Path,
    dir: &Path,
    sources: &mut BTreeMap<String, (String, PathBuf)>,
    diags: &mut Diagnostics,
) {
    if !dir.is_dir() {
        return;
    }
    for e in WalkDir::new(dir).sort_by_file_name().into_iter().flatten() {
        if !e.file_type().is_file() {
            continue;
        }
        let Ok(rel) = e.path().strip_prefix(dir) else {
            continue;
        };
        let name = crate::diag::display_path(rel);
        if !(name.ends_with(".html") || name.ends_with(".xml") || name.ends_with(".txt")) {
            continue;
        }
        let file = e
            .path()
            .strip_prefix(root)
            .unwrap_or(e.path())
            .to_path_buf();
        match crate::source::read_text(root, &file) {
            Ok(t) => {
                sources.insert(name, (t, file));
            }
            Err(d) => diags.push(d),
        }
    }
}

fn is_syntax_error(e: &tera::Error) -> bool {
    matches!(e.kind(), tera::ErrorKind::SyntaxError(_))
}

fn tera_file(e: &tera::Error) -> Option<String> {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            Some(r.filename().to_string())
        }
        tera::ErrorKind::MissingParent { current, .. } => Some(current.clone()),
        _ => None,
    }
}

/// The one-line message of a Tera error, without its own source excerpt.
pub(crate) fn tera_message(e: &tera::Error) -> String {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            r.message().to_string()
        }
        other => other.to_string().lines().next().unwrap_or("").to_string(),
    }
}

/// A template problem as a diagnostic at its file and line.
pub(crate) fn template_error(e: &tera::Error, file: &Path) -> Diagnostic {
    let msg = tera_message(e);
    let (line, col) = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            (r.span().start_line, r.span().start_col + 1)
        }
        _ => (0, 0),
    };
    let hint = if matches!(e.kind(), tera::ErrorKind::SyntaxError(_)) {
        tr!(
            "check the Tera syntax at this place: every `{{%` needs `%}}`, every `{{{{` needs `}}}}`, blocks need their `end…` tag",
            "请检查这里的 Tera 语法：`{{%` 要有 `%}}`，`{{{{` 要有 `}}}}`，块标签要有对应的 `end…`"
        )
    } else {
        tr!(
            "check the names used here against the variables this template receives (see ARCHITECTURE.md, \"Template contract\"); use `| default(value=\"\")` for values that may be missing",
            "请核对这里用到的名字是否是该模板收到的变量（见 ARCHITECTURE.md 的“模板约定”）；可能缺失的值请用 `| default(value=\"\")`"
        )
    };
    Diagnostic::error(
        Some(file.to_path_buf()),
        line,
        tr!("template error: {msg}", "模板错误：{msg}"),
    )
    .at_col(col, 1)
    .with_hint(hint)
}
