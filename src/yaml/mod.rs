//! The one place YAML is parsed.
//!
//! `serde_yaml` is archived; every YAML read in xinghuo goes through this module so the
//! parser can be swapped without touching the rest. Errors come back as [`YamlError`]
//! with a 1-based line and column counted from the start of the text handed in (callers
//! add the offset of front matter), and a hint for the mistakes non-programmers make
//! (a full-width colon `：`, tabs). The parser's English message is explained in
//! Chinese (`explain`) for the Chinese diagnostics.

use serde::de::DeserializeOwned;

mod explain;

/// A YAML problem at a place in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    /// 1-based; 0 when the parser gave no place.
    pub line: usize,
    /// 1-based, in characters; 0 when unknown.
    pub col: usize,
    /// The parser's message, without its own "at line X column Y".
    pub message: String,
    /// What the message means, in Chinese (for the Chinese diagnostic, which shows
    /// `message` too, in brackets).
    pub explained: String,
    /// A hint in (English, Chinese), when we recognise the mistake.
    pub hint: Option<(String, String)>,
}

/// Parse YAML text into `T` (usually a raw struct with `deny_unknown_fields`).
pub(crate) fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    // An empty document is `null`; let `T` decide whether that is fine (a struct whose
    // fields are all optional is not: serde_yaml refuses a unit for a struct).
    serde_yaml::from_str::<T>(text).map_err(|e| convert(text, &e))
}

/// Parse YAML into a generic JSON-like value (for `data/**/*.yaml` in templates).
pub fn to_json(text: &str) -> Result<serde_json::Value, YamlError> {
    let v: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| convert(text, &e))?;
    serde_json::to_value(&v).map_err(|e| YamlError {
        line: 0,
        col: 0,
        message: e.to_string(),
        explained: "映射的键不是普通文字".into(),
        hint: Some((
            "map keys must be plain text".into(),
            "映射的键必须是普通文字".into(),
        )),
    })
}

fn convert(text: &str, e: &serde_yaml::Error) -> YamlError {
    let (line, col) = e
        .location()
        .map(|l| (l.line(), l.column()))
        .unwrap_or((0, 0));
    let mut message = e.to_string();
    if let Some(i) = message.find(" at line ") {
        message.truncate(i);
    }
    let mut err = YamlError {
        line,
        col,
        message,
        explained: String::new(),
        hint: None,
    };
    // The mistakes that are not programmers' mistakes: point at them directly.
    if let Some((l, c)) = find_fullwidth_colon(text) {
        err.line = l;
        err.col = c;
        err.explained = "字段名后面用了中文全角冒号“：”，YAML 认不出这个字段".into();
        err.hint = Some((
            "this line uses a full-width colon `：`; YAML needs an ASCII colon and a space: `key: value`".into(),
            "这一行用了中文全角冒号“：”；YAML 需要英文冒号加空格：`key: value`".into(),
        ));
    } else if let Some(l) = text.lines().position(|l| l.starts_with('\t')) {
        err.line = l + 1;
        err.col = 1;
        err.explained = "缩进用了 Tab：YAML 只能用空格缩进".into();
        err.hint = Some((
            "YAML does not allow tabs for indentation; use spaces".into(),
            "YAML 不允许用 Tab 缩进，请改用空格".into(),
        ));
    } else if err.message.contains("repetition limit exceeded")
        || err.message.contains("recursion limit exceeded")
    {
        // An alias bomb ("billion laughs") or nesting thousands of levels deep.
        err.message = "too many `*` references or levels of nesting".into();
        err.hint = Some((
            "write the values out in full instead of `&name` / `*name` references, and nest fewer levels".into(),
            "文件中的 `&名称` / `*名称` 引用或嵌套层数太多；请把内容直接写出来，不要用引用，并减少嵌套层数".into(),
        ));
    } else if err.message.contains("unknown field") {
        // serde_yaml points at the start of the mapping; find the key itself.
        if let Some(name) = between_backticks(&err.message) {
            if let Some((l, c)) = find_key(text, &name) {
                err.line = l;
                err.col = c;
            }
        }
    }
    if err.explained.is_empty() {
        err.explained = explain::explain(&err.message);
    }
    err
}

/// First line where a key is followed by a full-width colon (`title：…`).
fn find_fullwidth_colon(text: &str) -> Option<(usize, usize)> {
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start().trim_start_matches("- ");
        if trimmed.starts_with('#') {
            continue;
        }
        if let Some(pos) = trimmed.find('：') {
            let key = &trimmed[..pos];
            if !key.is_empty()
                && !key.contains(':')
                && !key.contains(' ')
                && !key.starts_with('"')
                && !key.starts_with('\'')
            {
                let indent = line.chars().count() - trimmed.chars().count();
                return Some((i + 1, indent + key.chars().count() + 1));
            }
        }
    }
    None
}

fn between_backticks(s: &str) -> Option<String> {
    let a = s.find('`')?;
    let b = s[a + 1..].find('`')?;
    Some(s[a + 1..a + 1 + b].to_string())
}

/// 1-based (line, col) of the first line whose key is `key` (`key:` at any indent).
pub(crate) fn find_key(text: &str, key: &str) -> Option<(usize, usize)> {
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let trimmed2 = trimmed.trim_start_matches("- ");
        for candidate in [trimmed, trimmed2] {
            let unquoted = candidate
                .strip_prefix('"')
                .and_then(|r| r.strip_prefix(key))
                .and_then(|r| r.strip_prefix('"'))
                .or_else(|| candidate.strip_prefix(key));
            if let Some(rest) = unquoted {
                if rest.starts_with(':') {
                    let col = line.chars().count() - candidate.chars().count() + 1;
                    return Some((i + 1, col));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_bomb_is_an_error_with_a_hint() {
        let mut bomb = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
        for (p, c) in ["a", "b", "c", "d", "e", "f", "g"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g", "h"])
        {
            bomb.push_str(&format!(
                "{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
            ));
        }
        let e = to_json(&bomb).expect_err("refused");
        assert!(e.message.contains("references"), "{}", e.message);
        assert!(e.hint.expect("hint").1.contains("引用"));
    }
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        title: Option<String>,
        weight: Option<i64>,
    }

    #[test]
    fn full_width_colon_gets_a_hint_and_its_line() {
        let e = from_str::<T>("weight: 1\ntitle： 星火驿站\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 6));
        assert!(e.hint.unwrap().0.contains("full-width colon"));
    }

    #[test]
    fn unknown_field_points_at_the_key() {
        let e = from_str::<T>("title: a\n\nweigth: 3\n").unwrap_err();
        assert!(
            e.message.contains("unknown field `weigth`"),
            "{}",
            e.message
        );
        assert_eq!((e.line, e.col), (3, 1));
    }

    #[test]
    fn type_error_has_a_line() {
        let e = from_str::<T>("title: a\nweight: many\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(!e.message.contains("at line"));
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut s = String::from("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
        let mut prev = 'a';
        for c in 'b'..='k' {
            s.push_str(&format!(
                "{c}: &{c} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
            ));
            prev = c;
        }
        assert!(to_json(&s).is_err());
    }

    #[test]
    fn json_value() {
        let v = to_json("- id: yzu\n  name: 扬州大学\n").unwrap();
        assert_eq!(v[0]["name"], "扬州大学");
    }
}
