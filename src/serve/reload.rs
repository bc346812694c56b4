//! Live reload and the error overlay, added to HTML responses at serve time (never to
//! the site model): a small script that listens on a server-sent-events stream and
//! reloads the page after every build, and, while the last build failed, a panel with
//! its diagnostics (file, line, message, the source line).

use crate::diag::{self, Diagnostics, Lang};
use crate::text::escape;

/// The path of the server-sent-events stream.
pub(crate) const EVENTS_PATH: &str = "/__xinghuo/events";

/// The script for a page served at build `version`: it reloads when the server's
/// version differs (also right after connecting, if a build finished in between).
pub(crate) fn script(version: u64) -> String {
    format!(
        r#"<script data-xinghuo-reload>(function(){{var v={version};function c(){{var s=new EventSource("{EVENTS_PATH}?since="+v);s.onmessage=function(e){{if(e.data!==String(v)){{s.close();location.reload();}}}};s.onerror=function(){{s.close();setTimeout(c,1000);}};}}c();}})();</script>"#
    )
}

/// The overlay showing why the last build failed. `read` gives a file's text (relative
/// to the site root) for the source line.
pub(crate) fn overlay(
    diags: &Diagnostics,
    lang: Lang,
    read: &dyn Fn(&std::path::Path) -> Option<String>,
) -> String {
    let (title, note) = if lang == Lang::Zh {
        (
            "构建失败",
            "下面是错误；浏览器仍显示上一次成功构建的页面。修正后页面会自动刷新。",
        )
    } else {
        (
            "Build failed",
            "Below are the errors; you are seeing the last good build. The page reloads when they are fixed.",
        )
    };
    let mut items = String::new();
    for d in diags.clone().sorted() {
        let source = d.file.as_deref().and_then(read);
        let loc = d.location();
        let msg = d.message.get(lang);
        let detail = diag::render(&d, source.as_deref(), lang);
        items.push_str(&format!(
            "<li><div class=\"xh-loc\">{}</div><div class=\"xh-msg\">{}</div><pre>{}</pre></li>",
            escape(&loc),
            escape(msg),
            escape(&detail)
        ));
    }
    format!(
        r#"<div id="xinghuo-overlay" role="alert" style="position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,0,0,.92);color:#fff;font:15px/1.5 system-ui,sans-serif;padding:2em"><style>#xinghuo-overlay ul{{list-style:none;padding:0}}#xinghuo-overlay li{{margin:0 0 1.5em;border-left:4px solid #e33;padding-left:1em}}#xinghuo-overlay .xh-loc{{font-family:monospace;color:#fcc}}#xinghuo-overlay .xh-msg{{font-weight:bold}}#xinghuo-overlay pre{{white-space:pre-wrap;background:#000;padding:.8em;color:#eee}}</style><h1 style="margin-top:0">{title}</h1><p>{note}</p><ul>{items}</ul><button onclick="this.parentNode.remove()" style="font-size:1em">×</button></div>"#
    )
}

/// A page for when no build has succeeded yet: only the overlay and the script.
pub(crate) fn error_page(overlay: &str, version: u64) -> String {
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>xinghuo</title></head><body>{overlay}{}</body></html>",
        script(version)
    )
}

/// Insert `extra` before the last `</body>` (any case), or at the end.
pub(crate) fn inject(html: &[u8], extra: &str) -> Vec<u8> {
    let at = rfind_ci(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn rfind_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if hay.len() < needle.len() {
        return None;
    }
    (0..=hay.len() - needle.len())
        .rev()
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostic;
    use crate::tr;

    #[test]
    fn injects_before_last_body_close() {
        let h = b"<html><body><p>x</p></BODY></html>";
        let out = String::from_utf8(inject(h, "<i>S</i>")).unwrap();
        assert_eq!(out, "<html><body><p>x</p><i>S</i></BODY></html>");
        let out = String::from_utf8(inject(b"<p>no body", "<i>S</i>")).unwrap();
        assert_eq!(out, "<p>no body<i>S</i>");
    }

    #[test]
    fn overlay_names_file_line_and_escapes() {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::error(
            Some("content/a.md".into()),
            3,
            tr!("bad <thing>", "坏的 <thing>"),
        ));
        let read = |_: &std::path::Path| Some("a\nb\nc <x>\n".to_string());
        let o = overlay(&d, Lang::En, &read);
        assert!(o.contains("content/a.md:3"), "{o}");
        assert!(o.contains("bad &lt;thing&gt;"), "{o}");
        assert!(o.contains("c &lt;x&gt;"), "{o}");
        assert!(!o.contains("<thing>"), "{o}");
    }

    #[test]
    fn script_carries_version() {
        assert!(script(7).contains("var v=7;"));
        assert!(script(7).contains(EVENTS_PATH));
    }
}
