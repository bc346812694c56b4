//! The command line's language: which language xinghuo's messages speak (decided
//! before the arguments are parsed, so `--help` and usage errors speak it too), and the
//! Chinese words of the `--help` pages, laid over the English ones the binary's clap
//! definition carries.
//!
//! The language: `--lang` when given; else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`,
//! the first one set) when it names Chinese (`zh…`) or English (`en…`); else the site's
//! own `language` (from `site-config.toml` in `--root` or the current folder); else
//! English (docs/reference/commands.md).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::Command;

use crate::diag::Lang;

/// The language of messages for a run with these arguments (`args[0]` is the program).
pub fn message_lang(args: &[OsString]) -> Lang {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.is_empty());
    decide(args, locale.as_deref(), site_language)
}

/// [`message_lang`] with the locale and the site's language given (for tests).
fn decide(args: &[OsString], locale: Option<&str>, site: impl Fn(&Path) -> Option<Lang>) -> Lang {
    let given = |name: &str| -> Option<String> {
        let mut it = args.iter().skip(1).filter_map(|a| a.to_str());
        let long = format!("--{name}");
        let with_eq = format!("--{name}=");
        while let Some(a) = it.next() {
            if a == "--" {
                break;
            }
            if a == long {
                return it.next().map(str::to_string);
            }
            if let Some(v) = a.strip_prefix(&with_eq) {
                return Some(v.to_string());
            }
        }
        None
    };
    match given("lang").as_deref() {
        Some("zh") => return Lang::Zh,
        Some("en") => return Lang::En,
        _ => {}
    }
    match locale {
        Some(l) if l.starts_with("zh") => return Lang::Zh,
        Some(l) if l.starts_with("en") => return Lang::En,
        _ => {}
    }
    let root = given("root").map_or_else(|| PathBuf::from("."), PathBuf::from);
    site(&root).unwrap_or(Lang::En)
}

/// The UI language of the site in `root`, read leniently: a `site-config.toml` that
/// does not parse is left to the command to report.
fn site_language(root: &Path) -> Option<Lang> {
    let text = std::fs::read_to_string(root.join(crate::config::CONFIG_FILE)).ok()?;
    let table: toml::Table = toml::from_str(&text).ok()?;
    let language = table
        .get("language")
        .and_then(|v| v.as_str())
        .unwrap_or("zh-CN");
    Some(match crate::config::Ui::from_language(language) {
        crate::config::Ui::Zh => Lang::Zh,
        crate::config::Ui::En => Lang::En,
    })
}

/// One line of Chinese before clap's English usage error (`None` for English).
pub fn usage_error_zh(e: &clap::Error, lang: Lang) -> Option<&'static str> {
    use clap::error::ErrorKind as K;
    if lang != Lang::Zh {
        return None;
    }
    Some(match e.kind() {
        K::MissingRequiredArgument => "用法错误：缺少必需的参数（英文说明如下）",
        K::UnknownArgument => "用法错误：没有这个选项（英文说明如下）",
        K::InvalidSubcommand => "用法错误：没有这个命令（英文说明如下）",
        K::InvalidValue | K::ValueValidation => "用法错误：选项的值不对（英文说明如下）",
        K::MissingSubcommand | K::DisplayHelpOnMissingArgumentOrSubcommand => {
            "用法错误：请写出要执行的命令，例如 xinghuo build（英文说明如下）"
        }
        K::ArgumentConflict => "用法错误：这两个选项不能同时使用（英文说明如下）",
        K::TooManyValues | K::TooFewValues | K::WrongNumberOfValues => {
            "用法错误：参数的个数不对（英文说明如下）"
        }
        _ => "用法错误（英文说明如下）",
    })
}

/// The command line with its help in `lang`: unchanged for English; for Chinese every
/// command's description, usage line, headings and every argument's help.
pub fn localize(mut cmd: Command, lang: Lang) -> Command {
    if lang == Lang::En {
        return cmd;
    }
    // Built first, so that the generated `--help`, `--version` and `help` exist and
    // global arguments are copied into every subcommand.
    cmd.build();
    localize_one(cmd, "")
}

const TEMPLATE: &str = "{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

fn localize_one(cmd: Command, parent: &str) -> Command {
    let name = cmd.get_name().to_string();
    let path = if parent.is_empty() {
        String::new()
    } else {
        name.clone()
    };
    let (about, usage) = command_zh(&path);
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    let mut cmd = cmd
        .about(about)
        .override_usage(usage)
        .help_template(TEMPLATE)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令");
    for (i, id) in ids.into_iter().enumerate() {
        let (help, value) = arg_zh(&path, &id);
        // The command's own options first, then the ones every command has.
        let order = match id.as_str() {
            "root" => 100,
            "lang" => 101,
            "help" => 102,
            "version" => 103,
            _ => i,
        };
        cmd = cmd.mut_arg(id.as_str(), |a| {
            let heading = if a.is_positional() {
                "参数"
            } else {
                "选项"
            };
            let a = a
                .help(help)
                .display_order(order)
                .help_heading(heading)
                .hide_default_value(true)
                .hide_possible_values(true);
            match value {
                Some(v) => a.value_name(v),
                None => a,
            }
        });
    }
    for s in subs {
        let p = if path.is_empty() { "xinghuo" } else { &path };
        let p = p.to_string();
        cmd = cmd.mut_subcommand(s.as_str(), |c| localize_one(c, &p));
    }
    cmd
}

/// The description and usage line of a command (`""` is `xinghuo` itself).
fn command_zh(path: &str) -> (&'static str, &'static str) {
    match path {
        "" => (
            "星火 —— 党建展览网站和年度报告生成器",
            "xinghuo [选项] <命令>",
        ),
        "init" => (
            "新建站点；加 --example 复制完整的中文演示站点",
            "xinghuo init <目录> [--example]",
        ),
        "new" => (
            "在栏目中新建一个内容文件，带该栏目类型的全部字段和说明",
            "xinghuo new <栏目> <标题>",
        ),
        "build" => (
            "生成网站，写入 public/（或 --output 指定的文件夹）",
            "xinghuo build [选项]",
        ),
        "serve" => (
            "本机预览：在内存中生成网站并提供访问，修改后自动重新生成、刷新浏览器",
            "xinghuo serve [选项]",
        ),
        "report" => (
            "生成一年的工作报告（PDF，或可打印的 HTML）",
            "xinghuo report --year <年份> [选项]",
        ),
        "check" => (
            "做生成网站时的全部检查和隐私检查，不写任何文件",
            "xinghuo check [选项]",
        ),
        "help" => ("显示帮助，或某个命令的帮助", "xinghuo help [命令]"),
        _ => ("", "xinghuo [选项]"),
    }
}

/// The help and value name of argument `id` of command `path`.
fn arg_zh(path: &str, id: &str) -> (&'static str, Option<&'static str>) {
    match (path, id) {
        (_, "root") => ("站点文件夹（默认：当前文件夹）", Some("目录")),
        (_, "lang") => (
            "提示信息的语言：zh（中文）或 en（英文）。不写时按系统语言（LC_ALL、LANG）；系统语言不是中文或英文时，按站点的 language",
            Some("语言"),
        ),
        (_, "help") => ("显示帮助", None),
        (_, "version") => ("显示版本号", None),
        ("init", "dir") => ("新站点的文件夹（必须不存在或是空的）", Some("目录")),
        ("init", "example") => ("复制完整的中文演示站点，而不是空站点", None),
        ("new", "collection") => (
            "栏目名，即 site-config.toml 中 [collections.栏目名] 的名称（如 stations）",
            Some("栏目"),
        ),
        ("new", "title") => ("页面标题（也用来生成文件名）", Some("标题")),
        ("build", "output") => ("生成到这个文件夹，而不是 public/", Some("目录")),
        ("build", "base_url") => (
            "这一次用这个网址代替 site-config.toml 的 base_url",
            Some("网址"),
        ),
        ("build" | "serve", "drafts") => ("包括草稿（draft: true 的页面）", None),
        ("build", "relative") => (
            "站内链接都改成相对链接并写明 index.html：生成的网站可以从 U 盘或展厅电脑直接双击打开（file://）",
            None,
        ),
        ("serve", "bind") => (
            "监听的地址（默认 127.0.0.1，只有本机能访问；0.0.0.0 让同一网络的手机也能访问）",
            Some("地址"),
        ),
        ("serve", "port") => ("端口（默认 1111；0 表示自动选一个空闲端口）", Some("端口")),
        ("report", "year") => ("报告哪一年，如 2024", Some("年份")),
        ("report", "format") => (
            "pdf（默认）或 html（一个可以在浏览器中打印的文件）",
            Some("格式"),
        ),
        ("report", "booklet") => ("骑马钉小册子：A5 页面两两拼在横向 A4 纸上", None),
        ("report", "bleed") => (
            "出血，单位毫米（0 到 20），并设置 TrimBox 和 BleedBox，交印刷厂用",
            Some("毫米"),
        ),
        ("report", "output") => (
            "输出文件（默认 public/reports/年份.pdf 或 .html）",
            Some("文件"),
        ),
        ("check", "strict") => ("把警告当作错误：有任何警告就失败", None),
        ("check", "drafts") => ("把草稿当作已发布的页面来检查", None),
        ("help", _) => ("要查看帮助的命令", Some("命令")),
        _ => ("", None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<OsString> {
        std::iter::once("xinghuo")
            .chain(a.iter().copied())
            .map(OsString::from)
            .collect()
    }

    #[test]
    fn lang_flag_then_locale_then_site() {
        let zh_site = |_: &Path| Some(Lang::Zh);
        let no_site = |_: &Path| None;
        assert_eq!(
            decide(&args(&["--lang", "en"]), Some("zh_CN"), zh_site),
            Lang::En
        );
        assert_eq!(
            decide(&args(&["build", "--lang=zh"]), None, no_site),
            Lang::Zh
        );
        assert_eq!(
            decide(&args(&["build"]), Some("en_US.UTF-8"), zh_site),
            Lang::En
        );
        assert_eq!(
            decide(&args(&["build"]), Some("zh_CN.UTF-8"), no_site),
            Lang::Zh
        );
        assert_eq!(
            decide(&args(&["build"]), Some("C.UTF-8"), zh_site),
            Lang::Zh
        );
        assert_eq!(decide(&args(&["build"]), None, zh_site), Lang::Zh);
        assert_eq!(decide(&args(&["build"]), None, no_site), Lang::En);
    }

    #[test]
    fn the_site_is_looked_for_in_root() {
        let seen = std::cell::RefCell::new(PathBuf::new());
        let site = |p: &Path| {
            *seen.borrow_mut() = p.to_path_buf();
            None
        };
        decide(&args(&["--root", "demo", "build"]), None, site);
        assert_eq!(*seen.borrow(), PathBuf::from("demo"));
        decide(&args(&["build", "--root=x"]), None, site);
        assert_eq!(*seen.borrow(), PathBuf::from("x"));
    }
}
