//! The front-matter skeleton `xinghuo new` writes: every field of the collection's kind
//! and the site's taxonomies, each with a comment line above it in the site's language
//! saying what goes there. Values nobody can know beforehand are left empty (an empty
//! field is no field: nothing is shown for it); only the title, the dates a new page
//! takes from today, and `featured: false` are filled in.

use crate::config::{Config, Kind, Ui};

/// One field of the skeleton: its key, the value written (often empty), and its
/// comment in Chinese and English.
struct Field {
    key: &'static str,
    value: String,
    zh: &'static str,
    en: &'static str,
}

fn field(key: &'static str, value: impl Into<String>, zh: &'static str, en: &'static str) -> Field {
    Field {
        key,
        value: value.into(),
        zh,
        en,
    }
}

/// The whole new file: front matter and a line of body text.
pub(super) fn skeleton(config: &Config, kind: Kind, title: &str, today: &str) -> String {
    let ui = config.ui;
    let quoted = format!("\"{}\"", title.replace('\\', "\\\\").replace('"', "\\\""));
    let year = today.get(..4).unwrap_or("").to_string();
    let mut fields = vec![field("title", quoted, "标题（必填）", "Title (required)")];
    match kind {
        Kind::Member => {}
        Kind::Activity => fields.push(field(
            "date",
            today,
            "活动日期（必填），年-月-日，如 2024-05-07",
            "Date of the activity (required), year-month-day, e.g. 2024-05-07",
        )),
        _ => fields.push(field(
            "date",
            today,
            "发布日期，年-月-日",
            "Date of publication, year-month-day",
        )),
    }
    fields.push(field(
        "summary",
        "",
        "一两句话的摘要，显示在标题下、卡片和搜索结果中；不写时取正文第一段",
        "A sentence or two shown under the title, on cards and in search results; without it, the first paragraph",
    ));
    fields.push(field(
        "cover",
        "",
        "主图：同一文件夹中的图片文件名（如 photo1.jpg），或以 / 开头的 static/ 中的路径",
        "Main picture: an image file name in this folder (photo1.jpg), or a path into static/ starting with /",
    ));
    fields.extend(kind_fields(kind, &year));
    for t in &config.taxonomies {
        fields.push(Field {
            key: "",
            value: t.name.clone(),
            zh: "",
            en: "",
        });
    }
    if kind != Kind::Page {
        fields.push(field(
            "weight",
            "",
            "排序用的整数，小的在前；不写的排在最后",
            "A whole number for ordering, smaller first; pages without one come last",
        ));
        fields.push(field(
            "featured",
            "false",
            "true：作为典型案例显示在首页和展厅模式中",
            "true: shown as a featured case on the home page and in the kiosk",
        ));
    }
    let mut out = String::from("---\n");
    for f in &fields {
        if f.key.is_empty() {
            // A taxonomy: its title from the config in the comment.
            let t = config
                .taxonomies
                .iter()
                .find(|t| t.name == f.value)
                .map_or("", |t| t.title.as_str());
            let comment = match ui {
                Ui::Zh => format!("{t}：一项或几项，如 [甲, 乙]；会链接到“{t}”页面"),
                Ui::En => format!("{t}: one or more, e.g. [a, b]; each links to its page"),
            };
            out.push_str(&format!("# {comment}\n{}:\n", f.value));
            continue;
        }
        let comment = match ui {
            Ui::Zh => f.zh,
            Ui::En => f.en,
        };
        out.push_str(&format!("# {comment}\n"));
        if f.value.is_empty() {
            out.push_str(&format!("{}:\n", f.key));
        } else {
            out.push_str(&format!("{}: {}\n", f.key, f.value));
        }
    }
    out.push_str("---\n\n");
    out.push_str(body(kind, ui));
    out.push('\n');
    out
}

/// The fields of one kind (docs/reference/content.md, “各类型的字段”).
fn kind_fields(kind: Kind, year: &str) -> Vec<Field> {
    match kind {
        Kind::Station => vec![
            field(
                "street",
                "",
                "所在街道（镇），如 西林街道",
                "Street or town, e.g. Xilin Street",
            ),
            field("address", "", "地址", "Address"),
            field(
                "established",
                "",
                "成立时间，年-月-日",
                "Date established, year-month-day",
            ),
            field(
                "organization",
                "",
                "所属（运营）党组织",
                "The Party organisation running it",
            ),
            field(
                "party_members",
                "",
                "党员人数（整数）",
                "Number of Party members (a whole number)",
            ),
            field(
                "services",
                "",
                "服务项目，如 [党建+公益, 志愿服务]",
                "Services, e.g. [volunteering, elder care]",
            ),
            field(
                "contact_hours",
                "",
                "开放时间，如 周一至周五 9:00—17:00",
                "Opening hours, e.g. Mon–Fri 9:00–17:00",
            ),
            field(
                "location",
                "",
                "地图上的位置 [纬度, 经度]，如 [31.78, 119.95]；不写时不在地图上标出",
                "Place on the map [latitude, longitude], e.g. [31.78, 119.95]; without it, no pin",
            ),
        ],
        Kind::Project => vec![
            field(
                "year",
                year,
                "项目年度（必填）",
                "The project's year (required)",
            ),
            field(
                "status",
                "",
                "项目状态：planned（计划中）、ongoing（进行中）或 completed（已完成）",
                "Status: planned, ongoing or completed",
            ),
            field(
                "category",
                "",
                "清单类别，如 为民服务清单",
                "Category, e.g. services list",
            ),
            field(
                "units",
                "",
                "参与的成员单位：data/units.yaml 中的 id 或名称，如 [xinhua-shequ]",
                "Member units: ids or names from data/units.yaml, e.g. [xinhua]",
            ),
            field(
                "beneficiaries",
                "",
                "受益人数（整数）",
                "Number of people who benefit (a whole number)",
            ),
            field(
                "partners",
                "",
                "合作伙伴，如 [区慈善总会]",
                "Partners, e.g. [the district charity]",
            ),
        ],
        Kind::Member => vec![
            field("role", "", "职务", "Role or position"),
            field("organization", "", "所在单位", "Organisation"),
            field(
                "joined",
                "",
                "入党时间，年-月-日",
                "Date joined the Party, year-month-day",
            ),
            field(
                "honors",
                "",
                "所获荣誉，每项一行，如：\n#   - {year: 2024, title: 优秀共产党员}",
                "Honours, one a line, e.g.:\n#   - {year: 2024, title: Outstanding Party member}",
            ),
            field(
                "portrait",
                "",
                "肖像照片：同一文件夹中的图片文件名，如 portrait.jpg",
                "Portrait: an image file name in this folder, e.g. portrait.jpg",
            ),
            field("quote", "", "一句话感言", "A quote in their own words"),
        ],
        Kind::Activity => vec![
            field("place", "", "地点", "Place"),
            field("organizer", "", "主办单位", "Organiser"),
            field(
                "participants",
                "",
                "参与人数（整数）",
                "Number of participants (a whole number)",
            ),
        ],
        Kind::Page => vec![],
    }
}

fn body(kind: Kind, ui: Ui) -> &'static str {
    match (kind, ui) {
        (Kind::Station, Ui::Zh) => "在这里写驿站的介绍。",
        (Kind::Project, Ui::Zh) => "在这里写项目的介绍。",
        (Kind::Member, Ui::Zh) => "在这里写党员的先进事迹。",
        (Kind::Activity, Ui::Zh) => "在这里写活动的经过。",
        (Kind::Page, Ui::Zh) => "在这里写正文。",
        (Kind::Station, Ui::En) => "Write about the station here.",
        (Kind::Project, Ui::En) => "Write about the project here.",
        (Kind::Member, Ui::En) => "Write about the member's work here.",
        (Kind::Activity, Ui::En) => "Write what happened here.",
        (Kind::Page, Ui::En) => "Write the page here.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(language: &str) -> Config {
        let tags = if language == "en" { "Tags" } else { "标签" };
        let text = format!(
            "title = \"t\"\nbase_url = \"https://e.org/\"\nlanguage = \"{language}\"\n[taxonomies]\ntags = \"{tags}\"\n"
        );
        crate::config::parse(&text).expect("config")
    }

    #[test]
    fn every_field_has_a_comment_and_unknown_values_are_empty() {
        for kind in [
            Kind::Station,
            Kind::Project,
            Kind::Member,
            Kind::Activity,
            Kind::Page,
        ] {
            let s = skeleton(&config("zh-CN"), kind, "测试", "2025-03-04");
            let front: Vec<&str> = s.lines().skip(1).take_while(|l| *l != "---").collect();
            for (i, l) in front.iter().enumerate() {
                if l.starts_with('#') {
                    continue;
                }
                assert!(
                    i > 0 && front[i - 1].starts_with('#'),
                    "{kind:?}: `{l}` has no comment above it:\n{s}"
                );
                let (key, value) = l.split_once(':').expect("key: value");
                let known = ["title", "date", "year", "featured"];
                assert!(
                    value.trim().is_empty() || known.contains(&key),
                    "{kind:?}: `{l}` is filled in without being known"
                );
            }
            assert!(front.contains(&"tags:"), "{kind:?}: the site's taxonomy");
        }
    }

    #[test]
    fn comments_follow_the_site_language() {
        let zh = skeleton(&config("zh-CN"), Kind::Station, "a", "2025-03-04");
        let en = skeleton(&config("en"), Kind::Station, "a", "2025-03-04");
        assert!(zh.contains("# 党员人数"), "{zh}");
        assert!(en.contains("# Number of Party members"), "{en}");
        assert!(
            !en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{en}"
        );
    }
}
