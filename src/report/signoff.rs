//! The sign-off (落款) of a foreword: its last paragraph when that is the organisation
//! and a date, as official documents end ("中共××区委社会工作部" / "2024年12月"). The
//! report sets it right-aligned, one line each, instead of as a body paragraph.

/// The body without its sign-off, and the sign-off's lines (empty when there is none).
pub(crate) fn split(body: &str) -> (&str, Vec<String>) {
    let trimmed = body.trim_end();
    let start = trimmed.rfind("\n\n").map_or(0, |i| i + 2);
    let last = &trimmed[start..];
    let lines: Vec<&str> = last.lines().map(str::trim).collect();
    let fits = (1..=3).contains(&lines.len())
        && lines
            .iter()
            .all(|l| !l.is_empty() && l.chars().count() <= 30)
        && lines.last().is_some_and(|l| is_date(l))
        && !last.contains(['{', '<', '[', '*', '#', '|']);
    if !fits || start == 0 {
        return (body, Vec::new());
    }
    (
        &body[..start],
        lines.iter().map(|l| l.to_string()).collect(),
    )
}

/// `2024年12月`, `2024 年 12 月 20 日`, `二〇二四年十二月`: a year and a month.
fn is_date(line: &str) -> bool {
    let s: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let Some((year, rest)) = s.split_once('年') else {
        return false;
    };
    let digit = |c: char| c.is_ascii_digit() || "〇零一二三四五六七八九十".contains(c);
    let year_ok = year.chars().count() == 4 && year.chars().all(digit);
    let month_ok = rest
        .strip_suffix('日')
        .map_or(rest, |r| r)
        .split_once('月')
        .is_some_and(|(m, d)| !m.is_empty() && m.chars().all(digit) && d.chars().all(digit));
    year_ok && month_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_organisation_and_a_date_at_the_end_is_a_sign_off() {
        let body = "正文第一段。\n\n中共常州市钟楼区委社会工作部\n2024年12月\n";
        let (rest, lines) = split(body);
        assert_eq!(rest, "正文第一段。\n\n");
        assert_eq!(lines, ["中共常州市钟楼区委社会工作部", "2024年12月"]);
        assert_eq!(
            split("甲。\n\n二〇二四年十二月二十日").1,
            ["二〇二四年十二月二十日"]
        );
        assert_eq!(split("甲。\n\n单位\n2024 年 5 月 7 日").1.len(), 2);
    }

    #[test]
    fn other_endings_stay_in_the_body() {
        for body in [
            "只有一段，2024年12月",
            "甲。\n\n这一年，全区社会组织党组织达到 110 个。",
            "甲。\n\n**单位**\n2024年12月",
            "甲。\n\n单位\n2024年",
            "甲。\n\n一\n二\n三\n2024年12月",
        ] {
            assert!(split(body).1.is_empty(), "{body}");
        }
    }
}
