//! Filters the built-in templates (and site templates) can use beyond Tera's own:
//! `json` (safe inside `<script>`), `thousands` (125000 → 125,000).

use tera::{Kwargs, State, Tera, Value};

use crate::text::script_safe;

pub(crate) fn register(tera: &mut Tera) {
    tera.register_filter("json", |v: Value, _: Kwargs, _: &State| {
        let s = serde_json::to_string(&v).unwrap_or_else(|_| "null".to_string());
        Value::safe_string(&script_safe(&s))
    });
    tera.register_filter("thousands", |v: Value, _: Kwargs, _: &State| {
        let s = v.to_string();
        Value::from(thousands(&s))
    });
}

/// Thousands separators in the integer part of a number written as text.
pub(crate) fn thousands(s: &str) -> String {
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", s),
    };
    let (int, frac) = match rest.find('.') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if int.len() <= 3 || !int.chars().all(|c| c.is_ascii_digit()) {
        return s.to_string();
    }
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}{frac}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators() {
        assert_eq!(thousands("125000"), "125,000");
        assert_eq!(thousands("-1234567.5"), "-1,234,567.5");
        assert_eq!(thousands("98.5"), "98.5");
        assert_eq!(thousands("abc"), "abc");
    }
}
