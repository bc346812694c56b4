//! The privacy scan (docs/reference/diagnostics.md): finds what looks like personal data in a text — 18-digit
//! mainland resident ID numbers with a valid GB 11643 checksum and birth date, and
//! mainland mobile numbers — outside URLs and longer digit runs. Severity and reporting
//! (per `[privacy]`) belong to the caller.

#[cfg(test)]
use crate::diag::Text;
#[cfg(test)]
use crate::tr;

/// What kind of personal data a finding looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum FindingKind {
    /// An 18-digit resident ID number (居民身份证号码).
    IdNumber,
    /// A mainland mobile phone number.
    Mobile,
}

/// One match. `line`/`col` are 1-based (col in characters), `len` is in characters,
/// `masked` hides the middle digits: `3204**********123X`, `138****8000`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Finding {
    pub kind: FindingKind,
    pub line: usize,
    pub col: usize,
    pub len: usize,
    pub masked: String,
}

impl Finding {
    /// "possible resident ID number 3204**********123X" in both languages (the build
    /// words its own message; the tests read this one).
    #[cfg(test)]
    pub(crate) fn message(&self) -> Text {
        let m = &self.masked;
        match self.kind {
            FindingKind::IdNumber => {
                tr!("possible resident ID number {m}", "疑似居民身份证号码 {m}")
            }
            FindingKind::Mobile => tr!("possible mobile phone number {m}", "疑似手机号码 {m}"),
        }
    }

    /// What to do about it.
    #[cfg(test)]
    pub(crate) fn hint(&self) -> Text {
        let m = &self.masked;
        tr!(
            "personal data must not be published: remove it, or write it masked as {m}",
            "个人信息不能公开发布：请删除，或改写为隐去部分数字的 {m}"
        )
    }
}

/// Every ID number and mobile number in `text`, in order.
pub(crate) fn scan(text: &str) -> Vec<Finding> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut cur = crate::diag::LineCursor::new(text);
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if matches!(c, b'h' | b'H' | b'w' | b'W') && url_at(b, i) {
            i = url_end(b, i);
            continue;
        }
        if !c.is_ascii_digit() {
            i += 1;
            continue;
        }
        let j = digits_end(b, i);
        if !after_number(b, i) {
            let found = id_at(text, i, j)
                .map(|(end, masked)| (FindingKind::IdNumber, i, end, masked))
                .or_else(|| mobile_at(b, i, j).map(|(s, e, m)| (FindingKind::Mobile, s, e, m)));
            if let Some((kind, start, end, masked)) = found {
                let (line, col) = cur.at(start);
                out.push(Finding {
                    kind,
                    line,
                    col,
                    len: end - start,
                    masked,
                });
                i = end;
                continue;
            }
        }
        i = j;
    }
    out
}

fn digits_end(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    i
}

/// Whether the digits at `i` continue a number: `…5` or `…5.` / `…5,` just before.
fn after_number(b: &[u8], i: usize) -> bool {
    let digit = |k: usize| b.get(k).is_some_and(u8::is_ascii_digit);
    i > 0 && (digit(i - 1) || (i > 1 && matches!(b[i - 1], b'.' | b',') && digit(i - 2)))
}

fn starts_with_ci(b: &[u8], i: usize, word: &[u8]) -> bool {
    b.get(i..i + word.len())
        .is_some_and(|s| s.eq_ignore_ascii_case(word))
}

fn url_at(b: &[u8], i: usize) -> bool {
    starts_with_ci(b, i, b"http://")
        || starts_with_ci(b, i, b"https://")
        || starts_with_ci(b, i, b"www.")
}

/// A URL runs to whitespace, a non-ASCII character, or a quote/bracket around it.
fn url_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] < 0x80 && !b"<>\"'`)]".contains(&b[i])
    {
        i += 1;
    }
    i
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: &[u8; 11] = b"10X98765432";

/// The GB 11643 check character for 17 ASCII digits.
pub(crate) fn id_check_char(first17: &[u8]) -> Option<u8> {
    if first17.len() != 17 || !first17.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    Some(CHECK[(sum % 11) as usize])
}

/// Whether `yyyymmdd` (8 ASCII digits) is a real date from 1900 to 2099.
fn plausible_birth_date(d: &[u8]) -> bool {
    let num =
        |r: std::ops::Range<usize>| d[r].iter().fold(0u32, |n, c| n * 10 + u32::from(c - b'0'));
    let (y, m, day) = (num(0..4), num(4..6), num(6..8));
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1900..=2099).contains(&y) && (1..=days).contains(&day)
}

/// An ID number starting at digit run `[i, j)`: its end and masked form.
fn id_at(text: &str, i: usize, j: usize) -> Option<(usize, String)> {
    let b = text.as_bytes();
    let end = match j - i {
        18 if !matches!(b.get(j), Some(b'X' | b'x')) => j,
        17 if matches!(b.get(j), Some(b'X' | b'x')) => j + 1,
        _ => return None,
    };
    if b.get(end).is_some_and(u8::is_ascii_alphanumeric) {
        return None;
    }
    let id = &b[i..end];
    if !plausible_birth_date(&id[6..14]) || id_check_char(&id[..17])? != id[17].to_ascii_uppercase()
    {
        return None;
    }
    if order_number_context(text, i) {
        return None;
    }
    let masked = format!("{}**********{}", &text[i..i + 4], &text[end - 4..end]);
    Some((end, masked))
}

/// Whether the few characters before `start` (on its line) call it an order or serial
/// number rather than an ID.
fn order_number_context(text: &str, start: usize) -> bool {
    const ORDER: &[&str] = &[
        "订单",
        "单号",
        "编号",
        "流水号",
        "运单",
        "快递",
        "order",
        "no.",
        "no:",
        "no：",
        "nr.",
        "serial",
        "invoice",
        "tracking",
    ];
    const ID: &[&str] = &[
        "身份",
        "证件",
        "证号",
        "id no",
        "id card",
        "id number",
        "id:",
        "id：",
    ];
    let mut from = start.saturating_sub(48);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = &text[from..start];
    let line = before.rsplit('\n').next().unwrap_or(before);
    let window: String = line
        .chars()
        .rev()
        .take(10)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let window = window.to_lowercase();
    ORDER.iter().any(|w| window.contains(w)) && !ID.iter().any(|w| window.contains(w))
}

fn is_sep(c: u8) -> bool {
    c == b' ' || c == b'-'
}

/// Where a `+86` prefix (with an optional space or hyphen) before `i` starts.
fn prefix_start(b: &[u8], i: usize) -> Option<usize> {
    let k = if i > 0 && is_sep(b[i - 1]) { i - 1 } else { i };
    (k >= 3 && &b[k - 3..k] == b"+86").then(|| k - 3)
}

fn mobile_masked(digits: &[u8]) -> String {
    let d = String::from_utf8_lossy(digits);
    format!("{}****{}", &d[..3], &d[7..])
}

/// A mobile number at digit run `[i, j)`: start (with any `+86`), end, masked form.
fn mobile_at(b: &[u8], i: usize, j: usize) -> Option<(usize, usize, String)> {
    let mobile_start = |k: usize| b[k] == b'1' && (b'3'..=b'9').contains(&b[k + 1]);
    // `13800138000.50`: an amount with decimals, not a phone number.
    if b.get(j) == Some(&b'.') && b.get(j + 1).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    match j - i {
        // 13800138000, +86 13800138000
        11 if mobile_start(i) => {
            Some((prefix_start(b, i).unwrap_or(i), j, mobile_masked(&b[i..j])))
        }
        // +8613800138000
        13 if i > 0 && b[i - 1] == b'+' && &b[i..i + 2] == b"86" && mobile_start(i + 2) => {
            Some((i - 1, j, mobile_masked(&b[i + 2..j])))
        }
        // 138 0013 8000, 138-0013-8000, +86 138 0013 8000
        3 if mobile_start(i) => {
            let g2 = j + 1;
            let g2_end = digits_end(b, g2);
            let g3 = g2_end + 1;
            let g3_end = digits_end(b, g3);
            let grouped = b.get(j).is_some_and(|&c| is_sep(c))
                && g2_end - g2 == 4
                && b.get(g2_end).is_some_and(|&c| is_sep(c))
                && g3_end.checked_sub(g3) == Some(4);
            let longer_after = b.get(g3_end).is_some_and(|&c| is_sep(c))
                && b.get(g3_end + 1).is_some_and(u8::is_ascii_digit);
            if !grouped || longer_after {
                return None;
            }
            let start = match prefix_start(b, i) {
                Some(s) => s,
                // Part of a longer grouped number: `6222 138 0013 8000`.
                None if i > 1 && is_sep(b[i - 1]) && b[i - 2].is_ascii_digit() => return None,
                None => i,
            };
            let digits: Vec<u8> = [&b[i..j], &b[g2..g2_end], &b[g3..g3_end]].concat();
            Some((start, g3_end, mobile_masked(&digits)))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The check character computed independently: weight of position p (1-based) is
    /// 2^(18-p) mod 11, check value (12 - sum mod 11) mod 11, 10 written X.
    fn with_check(first17: &str) -> String {
        let sum: u64 = first17
            .bytes()
            .enumerate()
            .map(|(p, d)| u64::from(d - b'0') * ((1u64 << (17 - p)) % 11))
            .sum();
        let v = (12 - sum % 11) % 11;
        let c = if v == 10 {
            'X'
        } else {
            char::from(b'0' + v as u8)
        };
        format!("{first17}{c}")
    }

    /// A valid ID whose check character is X.
    fn id_with_x() -> String {
        (100..1000)
            .map(|seq| with_check(&format!("32040219900307{seq}")))
            .find(|id| id.ends_with('X'))
            .expect("some sequence number gives X")
    }

    fn kinds(text: &str) -> Vec<(FindingKind, usize, usize, usize)> {
        scan(text)
            .into_iter()
            .map(|f| (f.kind, f.line, f.col, f.len))
            .collect()
    }

    const ID: FindingKind = FindingKind::IdNumber;
    const MOBILE: FindingKind = FindingKind::Mobile;

    #[test]
    fn check_characters() {
        assert_eq!(with_check("11010519491231002"), "11010519491231002X");
        assert_eq!(id_check_char(b"11010519491231002"), Some(b'X'));
        for seq in 100..200 {
            let first = format!("44030420011109{seq}");
            let want = with_check(&first).into_bytes()[17];
            assert_eq!(id_check_char(first.as_bytes()), Some(want));
        }
        assert_eq!(id_check_char(b"123"), None);
    }

    #[test]
    fn finds_ids_with_columns_in_characters() {
        let id = with_check("32040219900307123");
        let text = format!("第一行\n姓名：张三，身份证号{id}。");
        let f = scan(&text);
        assert_eq!(kinds(&text), [(ID, 2, 11, 18)]);
        assert_eq!(f[0].masked, format!("3204**********{}", &id[14..]));
        assert!(f[0].message().en.contains(&f[0].masked));
        assert!(f[0].message().zh.contains("身份证"));
        assert!(f[0].hint().zh.contains("删除"));
        // At the very start and end of the text.
        assert_eq!(kinds(&id), [(ID, 1, 1, 18)]);
    }

    #[test]
    fn ids_ending_in_x_either_case() {
        let id = id_with_x();
        assert_eq!(kinds(&format!("号码{id}号")), [(ID, 1, 3, 18)]);
        let lower = id.to_lowercase();
        let f = scan(&format!("({lower})"));
        assert_eq!(f.len(), 1);
        assert!(f[0].masked.ends_with('x'), "{}", f[0].masked);
        assert!(scan(&id.replace('X', "5")).is_empty());
    }

    #[test]
    fn no_false_positives() {
        let id = with_check("32040219900307123");
        let last = id.as_bytes()[17];
        let wrong = (b'0'..=b'9')
            .find(|&c| c != last)
            .map(char::from)
            .expect("a digit");
        // Bad checksum.
        assert!(scan(&format!("{}{wrong}", &id[..17])).is_empty());
        // Impossible birth dates, even with a right checksum.
        for date in ["19901307", "19900230", "18991231", "21000101", "19900100"] {
            let bad = with_check(&format!("320402{date}123"));
            assert!(scan(&bad).is_empty(), "{bad}");
        }
        assert!(
            !scan(&with_check("32040220000229123")).is_empty(),
            "leap day"
        );
        // Part of a longer digit run or number.
        assert!(scan(&format!("9{id}")).is_empty());
        assert!(scan(&format!("{id}7")).is_empty());
        assert!(scan(&format!("1.{id}")).is_empty());
        assert!(scan(&format!("{id}abc")).is_empty());
        // Random 18-digit numbers: about 1 in 11 has a right check digit, but a
        // plausible date too is rare; these have none.
        assert!(scan("123456789012345678 987654321098765432 111111111111111111").is_empty());
    }

    #[test]
    fn not_inside_urls() {
        let id = with_check("32040219900307123");
        assert!(scan(&format!(
            "见 https://example.com/q?id={id}&m=13800138000 。"
        ))
        .is_empty());
        assert!(scan(&format!("HTTP://x.cn/{id}")).is_empty());
        assert!(scan(&format!("网址www.x.cn/{id}")).is_empty());
        assert!(scan(&format!("[链接](https://x.cn/{id})")).is_empty());
        // The URL ends at whitespace, a Chinese character or a bracket.
        assert_eq!(kinds(&format!("https://x.cn {id}")).len(), 1);
        assert_eq!(kinds(&format!("https://x.cn/a号码{id}")).len(), 1);
        assert_eq!(kinds(&format!("[a](https://x.cn/a) {id}")).len(), 1);
    }

    #[test]
    fn order_numbers_are_not_ids() {
        let id = with_check("32040219900307123");
        for prefix in [
            "订单号：",
            "单号 ",
            "Order ",
            "order no. ",
            "No.",
            "编号:",
            "快递单号：",
        ] {
            assert!(scan(&format!("{prefix}{id}")).is_empty(), "{prefix}");
        }
        for prefix in ["身份证编号：", "ID No. ", "证件号码：", "订单很多。\n"] {
            assert_eq!(scan(&format!("{prefix}{id}")).len(), 1, "{prefix}");
        }
        // Far enough away, an order word does not count.
        assert_eq!(
            scan(&format!("订单已经处理完毕，联系人张三的号码{id}")).len(),
            1
        );
    }

    #[test]
    fn mobile_numbers_in_every_spelling() {
        let cases = [
            ("电话13800138000。", 3, 11),
            ("电话 138 0013 8000。", 4, 13),
            ("电话138-0013-8000", 3, 13),
            ("电话：+86 13800138000", 4, 15),
            ("电话：+86-138-0013-8000", 4, 17),
            ("电话：+8613800138000", 4, 14),
            ("tel +86 139 1234 5678", 5, 17),
        ];
        for (text, col, len) in cases {
            let f = scan(text);
            assert_eq!(kinds(text), [(MOBILE, 1, col, len)], "{text}");
            assert!(
                f[0].masked.len() == 11 && f[0].masked.contains("****"),
                "{text}"
            );
        }
        assert_eq!(scan("13800138000")[0].masked, "138****8000");
        assert_eq!(scan("电话+86-138-0013-8000")[0].masked, "138****8000");
        assert!(scan("call 13800138000")[0].message().en.contains("mobile"));
    }

    #[test]
    fn amounts_with_decimals_are_not_mobiles() {
        assert!(scan("金额 13800138000.50 元").is_empty());
        assert_eq!(scan("手机 13800138000。").len(), 1);
    }

    #[test]
    fn not_mobile_numbers() {
        for text in [
            "12800138000",        // no such prefix
            "1380013800",         // 10 digits
            "138001380001",       // 12 digits
            "6222138001380001",   // inside a card number
            "6222 138 0013 8000", // a longer grouped number
            "138 0013 8000 1234",
            "138 00138 000", // wrong grouping
            "3.13800138000",
            "https://x.cn/13800138000",
            "www.x.cn?tel=138-0013-8000",
        ] {
            assert!(scan(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn several_findings_in_order_with_lines() {
        let id = id_with_x();
        let text = format!("甲 13800138000\n\n乙：{id}，丙：139-1234-5678\n");
        assert_eq!(
            kinds(&text),
            [(MOBILE, 1, 3, 11), (ID, 3, 3, 18), (MOBILE, 3, 24, 13)]
        );
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "",
            "+",
            "+86",
            "+86 ",
            "1",
            "138 ",
            "138 0013 ",
            "138-0013-800",
            "http",
            "www.",
            "é1",
            "\u{0}13800138000",
        ] {
            let _ = scan(text);
        }
        assert_eq!(scan("\u{0}13800138000").len(), 1);
    }
}
