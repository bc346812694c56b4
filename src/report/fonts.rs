//! Fonts of reports: the bundled Noto Serif/Sans CJK SC subsets (fonts/, OFL, made by
//! fonts/make-subset.sh), Typst's embedded Latin and math fonts, the site's
//! `[report].fonts` folders, and — only when the text needs a character none of those
//! cover — the system's fonts. Keeping system fonts out otherwise makes the PDF the
//! same on every machine. Also the glyph-coverage check.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use typst::foundations::Bytes;
use typst::text::{Font, FontInfo};
use typst_kit::fonts::FontStore;

use crate::diag::Diagnostic;
use crate::tr;

/// The CJK faces shipped in the binary: serif body, sans headings.
pub(crate) const BUNDLED: [&[u8]; 4] = [
    include_bytes!("../../fonts/NotoSerifSC-Regular.otf"),
    include_bytes!("../../fonts/NotoSerifSC-Bold.otf"),
    include_bytes!("../../fonts/NotoSansSC-Regular.otf"),
    include_bytes!("../../fonts/NotoSansSC-Bold.otf"),
];

/// Loaded fonts with their coverage, ready for a [`super::world::MemWorld`].
pub(crate) struct Fonts {
    pub store: FontStore,
    infos: Vec<FontInfo>,
    pub system_loaded: bool,
}

impl Fonts {
    /// Bundled + embedded + the given folders (which must exist).
    pub(crate) fn load(folders: &[PathBuf]) -> Fonts {
        let mut store = FontStore::new();
        let mut infos = Vec::new();
        for data in BUNDLED {
            for font in Font::iter(Bytes::new(data)) {
                let info = font.info().clone();
                infos.push(info.clone());
                store.push((font, info));
            }
        }
        for (font, info) in typst_kit::fonts::embedded() {
            infos.push(info.clone());
            store.push((font, info));
        }
        for dir in folders {
            for (path, info) in typst_kit::fonts::scan(dir) {
                infos.push(info.clone());
                store.push((path, info));
            }
        }
        Fonts {
            store,
            infos,
            system_loaded: false,
        }
    }

    /// Add the system's fonts (slow: only when something is not covered).
    pub(crate) fn add_system(&mut self) {
        for (path, info) in typst_kit::fonts::system() {
            self.infos.push(info.clone());
            self.store.push((path, info));
        }
        self.system_loaded = true;
    }

    pub(crate) fn covers(&self, c: char) -> bool {
        self.infos.iter().any(|i| i.coverage.contains(c as u32))
    }

    #[cfg(test)]
    /// Families, sorted, for messages.
    pub(crate) fn families(&self) -> Vec<String> {
        let mut v: Vec<String> = self.infos.iter().map(|i| i.family.clone()).collect();
        v.sort();
        v.dedup();
        v
    }
}

/// Whether a character needs a glyph (not space, control or a format character).
fn needs_glyph(c: char) -> bool {
    !(c.is_whitespace()
        || c.is_control()
        || ('\u{200B}'..='\u{200F}').contains(&c)
        || c == '\u{FEFF}')
}

/// Characters of `texts` (file, line, text) that no font covers: one warning per
/// character and file, naming the first line where it occurs.
pub(crate) fn uncovered(fonts: &Fonts, texts: &[(PathBuf, usize, String)]) -> Vec<Diagnostic> {
    let mut seen: BTreeMap<(PathBuf, char), usize> = BTreeMap::new();
    for (file, line0, text) in texts {
        for (i, l) in text.lines().enumerate() {
            for c in l.chars() {
                if needs_glyph(c) && !fonts.covers(c) {
                    seen.entry((file.clone(), c)).or_insert(line0 + i);
                }
            }
        }
    }
    seen.into_iter()
        .map(|((file, c), line)| {
            let code = format!("U+{:04X}", c as u32);
            Diagnostic::warning(
                Some(file),
                line,
                tr!(
                    "no font has the character `{c}` ({code}); the report shows a blank box for it",
                    "没有字体包含字符“{c}”（{code}）；报告中它会显示为空白方框"
                ),
            )
            .with_hint(tr!(
                "put a font that has it (.ttf/.otf) in a folder listed in [report].fonts of site-config.toml",
                "请把包含该字符的字体（.ttf/.otf）放进 site-config.toml 中 [report].fonts 列出的文件夹"
            ))
        })
        .collect()
}

/// A missing-glyph warning of [`uncovered`] as the error it is in an archival (PDF/A)
/// report, which cannot show a character no font has.
pub(crate) fn archival_error(mut d: Diagnostic) -> Diagnostic {
    d.severity = crate::diag::Severity::Error;
    let (en, zh) = (&d.message.en, &d.message.zh);
    d.message = tr!(
        "a PDF/A report cannot show a character no font has: {en}",
        "PDF/A 报告无法显示没有字体包含的字符：{zh}"
    );
    d.hint = Some(tr!(
        "put a font that has it (.ttf/.otf) in a folder listed in [report].fonts of site-config.toml, or set `standard = \"none\"` in [report]",
        "请把包含该字符的字体（.ttf/.otf）放进 site-config.toml 中 [report].fonts 列出的文件夹，或在 [report] 中设置 `standard = \"none\"`"
    ));
    d
}

/// The `[report].fonts` folders that exist; a warning for each that does not.
pub(crate) fn folders(
    root: &Path,
    fonts: &[PathBuf],
    config_text: Option<&str>,
) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut ok = Vec::new();
    let mut diags = Vec::new();
    for f in fonts {
        let p = root.join(f);
        if p.is_dir() {
            ok.push(p);
            continue;
        }
        let shown = crate::diag::display_path(f);
        let line = config_text
            .and_then(|t| {
                t.lines().position(|l| {
                    l.trim_start().starts_with("fonts") && l.contains(shown.trim_end_matches('/'))
                })
            })
            .map(|i| i + 1)
            .unwrap_or(0);
        diags.push(
            Diagnostic::warning(
                Some(PathBuf::from("site-config.toml")),
                line,
                tr!(
                    "the font folder `{shown}` in [report].fonts does not exist",
                    "[report].fonts 中的字体文件夹 `{shown}` 不存在"
                ),
            )
            .with_hint(tr!(
                "create the folder (relative to the site) and put .ttf/.otf files in it, or remove it from the list",
                "请创建该文件夹（相对站点目录）并放入 .ttf/.otf 字体，或从列表中删除"
            )),
        );
    }
    (ok, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_fonts_cover_chinese_and_names() {
        let f = Fonts::load(&[]);
        for c in "党建引领星火驿站镕堃喆玥珺旻，。“”Aa1".chars() {
            assert!(f.covers(c), "{c}");
        }
        assert!(f.families().iter().any(|n| n == "Noto Serif CJK SC"));
        assert!(f.families().iter().any(|n| n == "Noto Sans CJK SC"));
    }

    #[test]
    fn uncovered_names_file_and_line() {
        let f = Fonts::load(&[]);
        let d = uncovered(
            &f,
            &[(PathBuf::from("content/a.md"), 3, "好\n\u{F0000}x".into())],
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 4);
        assert!(uncovered(&f, &[(PathBuf::from("a"), 1, "星火 x".into())]).is_empty());
    }
}
