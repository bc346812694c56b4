//! The `xinghuo` command line: parses arguments (clap), runs the library, prints
//! diagnostics with their source lines, and sets the exit code (docs/reference/commands.md: 0 success,
//! 1 site errors, 2 wrong usage).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use xinghuo::config::BuildOptions;
use xinghuo::diag::{self, Diagnostic, Diagnostics, Lang};

/// mimalloc: the build allocates and frees millions of small strings and maps from
/// two threads; glibc's malloc was ~12 % of a build's CPU time (BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc 3's `mimalloc.h` (the Rust crate names no
/// constant for it).
const MI_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc 3 keeps freed memory for a second before giving it back (`purge_delay`
/// 1000 ms). A build frees and allocates hundreds of megabytes in that time: at 10,000
/// pages the peak held ~60 MB of freed memory (427 MB against 366 MB with 10 ms,
/// mimalloc 2's value, and no slower: BENCHMARKS.md). `MIMALLOC_PURGE_DELAY` in the
/// environment still wins.
fn tune_allocator() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: the first thing `main` does, before any other thread exists (setting
        // an option is not thread-safe); the option number is mimalloc's own.
        unsafe { libmimalloc_sys::mi_option_set(MI_PURGE_DELAY, 10) };
    }
}

/// The command line as clap reads it. The English help is written here; the Chinese
/// help (shown when the messages are Chinese) is `xinghuo::cli::localize`.
#[derive(Parser)]
#[command(
    name = "xinghuo",
    version,
    about = "星火 — static sites and reports for party-building exhibitions"
)]
struct Cli {
    /// The site folder (default: the current folder).
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Language of messages (default: from LC_ALL/LANG when it is zh… or en…, else the site's `language`).
    #[arg(long, global = true, value_enum)]
    lang: Option<LangArg>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    En,
    Zh,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Pdf,
    Html,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new site; --example fills it with the complete Chinese demo.
    Init {
        /// The new site's folder (must not exist, or be empty).
        dir: PathBuf,
        /// Copy the complete Chinese demo site instead of an empty one.
        #[arg(long)]
        example: bool,
    },
    /// Write a new content file with its collection's front-matter skeleton.
    New {
        /// The collection's name in site-config.toml (stations, projects, …).
        collection: String,
        /// The page's title (also gives the file name).
        title: String,
    },
    /// Build the site into public/ (or --output).
    Build {
        /// Write the site into this folder instead of public/.
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Use this address instead of `base_url` for this build.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Include drafts (pages with `draft: true`).
        #[arg(long)]
        drafts: bool,
        /// Relative links with explicit index.html, for file:// (USB sticks).
        #[arg(long)]
        relative: bool,
    },
    /// Build into memory, serve, watch, rebuild on change, live-reload browsers.
    Serve {
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
        bind: String,
        /// The port (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Include drafts (pages with `draft: true`).
        #[arg(long)]
        drafts: bool,
    },
    /// The annual report of one year (PDF, or print-ready HTML).
    Report {
        /// The year to report on, e.g. 2024.
        #[arg(long, value_name = "YYYY")]
        year: i32,
        /// A PDF, or one HTML file to print from a browser.
        #[arg(long, value_enum, default_value = "pdf")]
        format: FormatArg,
        /// A5 pages imposed two-up on A4 landscape, saddle-stitch order.
        #[arg(long)]
        booklet: bool,
        /// Bleed in millimetres (sets TrimBox and BleedBox).
        #[arg(long, value_name = "MM")]
        bleed: Option<f64>,
        /// Write the report to this file (default: public/reports/YEAR.pdf or .html).
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Run every validation of a build plus the privacy scan; writes nothing.
    Check {
        /// Turn warnings into errors.
        #[arg(long)]
        strict: bool,
        /// Check drafts as if they were published.
        #[arg(long)]
        drafts: bool,
    },
}

fn main() -> ExitCode {
    // No transparent huge pages: mimalloc asks for them, and the kernel then zeroes
    // 2 MB at a time for the many short-lived allocations of a build (more system
    // time and ~20 % more peak memory, measured in BENCHMARKS.md).
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE only sets a flag of this process; no pointers.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    tune_allocator();
    // The language of messages is decided before clap reads the arguments, so that
    // `--help` and usage errors speak it too.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = xinghuo::cli::message_lang(&args);
    let parsed = xinghuo::cli::localize(Cli::command(), lang)
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => {
            if e.use_stderr() {
                if let Some(line) = xinghuo::cli::usage_error_zh(&e, lang) {
                    eprintln!("{line}");
                }
            }
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    // `--lang` was read by `message_lang`; clap only checked its value.
    let _ = cli.lang;
    let given_root = cli.root.clone().unwrap_or_else(|| PathBuf::from("."));
    // Every command gets an absolute root: paths the library makes from the root are
    // joined to it again later (static files, report images), which a relative root
    // such as `--root site` does not survive.
    let root = std::path::absolute(&given_root).unwrap_or_else(|_| given_root.clone());
    match cli.command {
        Command::Init { dir, example } => init(&root, &dir, example, lang),
        Command::New { collection, title } => new_page(&root, &collection, &title, lang),
        Command::Build {
            output,
            base_url,
            drafts,
            relative,
        } => {
            let opts = BuildOptions {
                drafts,
                base_url,
                relative,
            };
            // The default output as the user wrote it, for the closing message.
            let out = output.unwrap_or_else(|| given_root.join("public"));
            let root_flag = cli
                .root
                .as_ref()
                .map(|r| format!(" --root {}", r.display()))
                .unwrap_or_default();
            let code = build(&root, &out, opts, lang);
            if code == ExitCode::SUCCESS {
                eprintln!("{}", how_to_look(&out, relative, &root_flag, lang));
            }
            code
        }
        Command::Serve { bind, port, drafts } => serve(&root, bind, port, drafts, lang),
        Command::Report {
            year,
            format,
            booklet,
            bleed,
            output,
        } => run_report(&root, year, format, booklet, bleed, output, lang),
        Command::Check { strict, drafts } => check(&root, strict, drafts, lang),
    }
}

/// `xinghuo init DIR [--example]`.
fn init(root: &Path, dir: &Path, example: bool, lang: Lang) -> ExitCode {
    let zh = lang == Lang::Zh;
    match xinghuo::init::init(dir, example) {
        Ok(()) => {
            let d = dir.display();
            if zh {
                println!("已在 {d} 创建站点。下一步：cd {d} && xinghuo build");
            } else {
                println!("Created a site in {d}. Next: cd {d} && xinghuo build");
            }
            ExitCode::SUCCESS
        }
        Err(d) => fail(root, vec![d].into(), lang, Kept::Nothing),
    }
}

/// `xinghuo new COLLECTION TITLE`: prints the new file's path.
fn new_page(root: &Path, collection: &str, title: &str, lang: Lang) -> ExitCode {
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    match xinghuo::init::new_page(root, collection, title, &today) {
        Ok(p) => {
            println!("{}", diag::display_path(&p));
            ExitCode::SUCCESS
        }
        Err(d) => fail(root, d.into(), lang, Kept::Nothing),
    }
}

/// `xinghuo build`: warnings, then a summary line.
fn build(root: &Path, out: &Path, opts: BuildOptions, lang: Lang) -> ExitCode {
    let zh = lang == Lang::Zh;
    let start = Instant::now();
    match xinghuo::build(root, out, opts) {
        Ok(report) => {
            print_all(root, report.warnings, lang);
            let ms = start.elapsed().as_millis();
            let o = out.display();
            if report.up_to_date {
                if zh {
                    eprintln!(
                        "完成：自上次生成以来没有任何改动，{o} 保持不变（{} 个页面，{} 个文件），用时 {ms} 毫秒",
                        report.pages, report.files
                    );
                } else {
                    eprintln!(
                        "Done: nothing changed since the last build; {o} is up to date ({} pages, {} files) in {ms} ms",
                        report.pages, report.files
                    );
                }
            } else if zh {
                eprintln!(
                    "完成：{} 个页面，共 {} 个文件，写入 {o}，用时 {ms} 毫秒",
                    report.pages, report.files
                );
            } else {
                eprintln!(
                    "Done: {} pages, {} files written to {o} in {ms} ms",
                    report.pages, report.files
                );
            }
            ExitCode::SUCCESS
        }
        Err(d) => fail(root, d, lang, Kept::OutputFolder),
    }
}

/// The last line of a successful `build`: how to look at what it wrote. A plain build
/// has site-absolute links (for a web server), which a browser opening the files from
/// the disk cannot follow; `--relative` makes a copy that opens from the disk.
fn how_to_look(out: &Path, relative: bool, root_flag: &str, lang: Lang) -> String {
    let index = out.join("index.html");
    let index = index.display();
    match (relative, lang) {
        (true, Lang::Zh) => format!(
            "查看网站：双击打开 {index}（这个版本可以从 U 盘或展厅电脑直接打开）"
        ),
        (true, Lang::En) => format!(
            "To look at it: open {index} in a browser (this copy works from a USB stick or a kiosk PC)"
        ),
        (false, Lang::Zh) => format!(
            "查看网站：运行 xinghuo{root_flag} serve，再在浏览器中打开它显示的地址。{} 是给网站服务器的版本，直接双击其中的网页会没有样式；要拷到 U 盘、双击打开，请用 xinghuo{root_flag} build --relative",
            out.display()
        ),
        (false, Lang::En) => format!(
            "To look at it: run xinghuo{root_flag} serve and open the address it shows. {} is meant for a web server: its pages opened by double-clicking have no styles; for a USB stick, use xinghuo{root_flag} build --relative",
            out.display()
        ),
    }
}

/// `xinghuo check [--strict]`.
fn check(root: &Path, strict: bool, drafts: bool, lang: Lang) -> ExitCode {
    let zh = lang == Lang::Zh;
    let opts = BuildOptions {
        drafts,
        ..BuildOptions::default()
    };
    match xinghuo::check(root, opts) {
        Ok(mut warnings) => {
            if strict && !warnings.is_empty() {
                warnings.make_strict();
                return fail(root, warnings, lang, Kept::Nothing);
            }
            let n = warnings.len();
            print_all(root, warnings, lang);
            if zh {
                eprintln!("检查通过（{n} 条警告）");
            } else {
                eprintln!("Check passed ({n} warnings)");
            }
            ExitCode::SUCCESS
        }
        Err(mut d) => {
            if strict {
                d.make_strict();
            }
            fail(root, d, lang, Kept::Nothing)
        }
    }
}

fn serve(root: &Path, bind: String, port: u16, drafts: bool, lang: Lang) -> ExitCode {
    use xinghuo::serve::{self, Event};
    let zh = lang == Lang::Zh;
    let r = root.to_path_buf();
    let report: serve::Report = std::sync::Arc::new(move |e: &Event<'_>| match e {
        Event::Listening { url } => {
            if zh {
                eprintln!("预览地址：{url}（按 Ctrl-C 停止）");
            } else {
                eprintln!("Serving at {url} (Ctrl-C to stop)");
            }
        }
        Event::Built {
            ms,
            pages,
            warnings,
        } => {
            print_all(&r, (*warnings).clone(), lang);
            if zh {
                eprintln!("已构建：{pages} 个页面，用时 {ms} 毫秒");
            } else {
                eprintln!("Built {pages} pages in {ms} ms");
            }
        }
        Event::Failed { ms, diagnostics } => {
            let n = diagnostics.error_count();
            print_all(&r, (*diagnostics).clone(), lang);
            if zh {
                eprintln!("构建失败（{n} 个错误，用时 {ms} 毫秒）；继续提供上一次成功的构建");
            } else {
                eprintln!("Build failed ({n} errors, {ms} ms); still serving the last good build");
            }
        }
        Event::Stopped => {
            if zh {
                eprintln!("已停止");
            } else {
                eprintln!("Stopped");
            }
        }
    });
    let options = serve::Options {
        bind,
        port,
        drafts,
        lang,
    };
    match serve::run(root, options, report) {
        Ok(()) => ExitCode::SUCCESS,
        Err(d) => {
            print_all(root, vec![d].into(), lang);
            ExitCode::from(1)
        }
    }
}

fn run_report(
    root: &Path,
    year: i32,
    format: FormatArg,
    booklet: bool,
    bleed: Option<f64>,
    output: Option<PathBuf>,
    lang: Lang,
) -> ExitCode {
    use std::io::IsTerminal;
    use xinghuo::report::{Format, ReportOptions, Stage};
    let zh = lang == Lang::Zh;
    let bleed_mm = bleed.unwrap_or(0.0);
    if !(0.0..=20.0).contains(&bleed_mm) {
        eprintln!(
            "{}",
            if zh {
                "错误：--bleed 应在 0 到 20 毫米之间"
            } else {
                "error: --bleed must be between 0 and 20 millimetres"
            }
        );
        return ExitCode::from(2);
    }
    let opts = ReportOptions {
        year,
        format: match format {
            FormatArg::Pdf => Format::Pdf,
            FormatArg::Html => Format::Html,
        },
        booklet,
        bleed_mm,
        source_date_epoch: std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|v| v.trim().parse().ok()),
    };
    let start = Instant::now();
    let bar = std::io::stderr().is_terminal().then(|| {
        let b = indicatif::ProgressBar::new_spinner();
        b.enable_steady_tick(std::time::Duration::from_millis(120));
        b
    });
    let progress = |s: Stage| {
        if let Some(b) = &bar {
            let m = match (s, zh) {
                (Stage::Preparing, true) => "准备内容…",
                (Stage::Compiling, true) => "排版中…",
                (Stage::Exporting, true) => "生成 PDF…",
                (Stage::Imposing, true) => "拼版中…",
                (Stage::Preparing, false) => "preparing content…",
                (Stage::Compiling, false) => "typesetting…",
                (Stage::Exporting, false) => "writing the PDF…",
                (Stage::Imposing, false) => "imposing the booklet…",
            };
            b.set_message(m);
        }
    };
    let result = xinghuo::report(root, &opts, output.as_deref(), &progress);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    match result {
        Ok(run) => {
            print_all(root, run.warnings, lang);
            let ms = start.elapsed().as_millis();
            let p = diag::display_path(&run.path);
            let kb = run.bytes / 1024;
            if zh {
                eprintln!("完成：{p}（{} 页，{kb} KB），用时 {ms} 毫秒", run.pages);
            } else {
                eprintln!("Done: {p} ({} pages, {kb} KB) in {ms} ms", run.pages);
            }
            ExitCode::SUCCESS
        }
        Err(d) => fail(root, d, lang, Kept::ReportFile),
    }
}

/// What a failed command can promise it left as it was (the end of its last line).
#[derive(Clone, Copy)]
enum Kept {
    /// `build`: a new output folder replaces the old one only on success.
    OutputFolder,
    /// `report`: the file is written under another name and renamed only on success.
    ReportFile,
    /// `check`, `init`, `new`: no output to speak of.
    Nothing,
}

fn fail(root: &Path, diags: Diagnostics, lang: Lang, kept: Kept) -> ExitCode {
    let (e, w) = (diags.error_count(), diags.warning_count());
    print_all(root, diags, lang);
    if lang == Lang::Zh {
        let kept = match kept {
            Kept::OutputFolder => "；输出文件夹保持不变",
            Kept::ReportFile => "；报告文件保持不变",
            Kept::Nothing => "",
        };
        eprintln!("失败：{e} 个错误，{w} 个警告{kept}");
    } else {
        let plural = |n: usize, word: &str| {
            if n == 1 {
                format!("1 {word}")
            } else {
                format!("{n} {word}s")
            }
        };
        let kept = match kept {
            Kept::OutputFolder => "; the output folder was left unchanged",
            Kept::ReportFile => "; the report file was left unchanged",
            Kept::Nothing => "",
        };
        eprintln!(
            "Failed: {}, {}{kept}",
            plural(e, "error"),
            plural(w, "warning")
        );
    }
    ExitCode::from(1)
}

fn print_all(root: &Path, diags: Diagnostics, lang: Lang) {
    let mut last_file: Option<PathBuf> = None;
    let mut source: Option<String> = None;
    for d in diags.sorted() {
        if d.file != last_file {
            source = d
                .file
                .as_ref()
                // The source line is shown only from files a build would read.
                .filter(|f| {
                    std::fs::metadata(root.join(f))
                        .is_ok_and(|m| m.len() <= xinghuo::source::MAX_MARKDOWN_BYTES)
                })
                .and_then(|f| std::fs::read(root.join(f)).ok())
                .map(|b| String::from_utf8_lossy(&b).into_owned());
            last_file = d.file.clone();
        }
        eprintln!("{}\n", render(&d, source.as_deref(), lang));
    }
}

fn render(d: &Diagnostic, source: Option<&str>, lang: Lang) -> String {
    diag::render(d, source, lang)
}
