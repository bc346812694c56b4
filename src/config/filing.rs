//! `[filing]`: the registrations a Chinese website shows in its footer besides the ICP
//! number — the public-security filing (公安备案号, linked to beian.mps.gov.cn), the
//! government website code (政府网站标识码) and the Party and government website mark
//! (党政机关网站标识, linked to the site's entry at CONAC), each checked for its form.

use toml::Spanned;

use super::validate::Validator;
use super::{Filing, PoliceFiling, RawFiling};
use crate::tr;

impl Validator<'_> {
    /// `[filing]`: every key optional; a value of the wrong form is an error.
    pub(super) fn filing(&mut self, raw: Option<RawFiling>) -> Filing {
        let Some(RawFiling {
            police,
            site_code,
            conac_url,
            conac_image,
        }) = raw
        else {
            return Filing::default();
        };
        let police = police.and_then(|p| self.police(p));
        let site_code = site_code.and_then(|c| self.site_code(c));
        let url = conac_url.and_then(|u| self.conac_url(u));
        let image = conac_image.map(|i| {
            if url.is_none() {
                self.at_span(
                    i.span(),
                    tr!(
                        "`conac_image` needs `conac_url`: the badge links to the site's entry",
                        "`conac_image` 需要同时写 `conac_url`：标识要链接到本站在党政机关网站标识系统中的页面"
                    ),
                    tr!(
                        "add `conac_url = \"…\"` with the address CONAC gave, or remove `conac_image`",
                        "请加上开办单位收到的链接 `conac_url = \"…\"`，或删掉 `conac_image`"
                    ),
                );
            }
            let path = i.into_inner();
            path.trim_start_matches('/').to_string()
        });
        Filing {
            police,
            site_code,
            conac_image: image.filter(|_| url.is_some()),
            conac_url: url,
        }
    }

    /// `police`: the filing as the public-security bureau wrote it; its digits make the
    /// link (`…webSearch?code=DIGITS`).
    fn police(&mut self, p: Spanned<String>) -> Option<PoliceFiling> {
        let text = p.get_ref().trim().to_string();
        let number: String = text.chars().filter(char::is_ascii_digit).collect();
        if number.len() < 10 {
            self.at_span(
                p.span(),
                tr!(
                    "`police` must hold the filing number (14 digits)",
                    "`police` 应当包含公安备案号（14 位数字）"
                ),
                tr!(
                    "copy it as issued, e.g. `police = \"苏公网安备 32040402000000号\"`",
                    "请按备案证明原样填写，例如 `police = \"苏公网安备 32040402000000号\"`"
                ),
            );
            return None;
        }
        Some(PoliceFiling { text, number })
    }

    /// `site_code`: the government website code, ten letters or digits.
    fn site_code(&mut self, c: Spanned<String>) -> Option<String> {
        let code = c.get_ref().trim().to_string();
        if code.chars().count() != 10 || !code.chars().all(|ch| ch.is_ascii_alphanumeric()) {
            self.at_span(
                c.span(),
                tr!(
                    "`site_code` must be the 10-character government website code",
                    "`site_code` 应当是 10 位的政府网站标识码"
                ),
                tr!(
                    "write only the code, e.g. `site_code = \"3204040001\"`",
                    "只写标识码本身，例如 `site_code = \"3204040001\"`"
                ),
            );
            return None;
        }
        Some(code)
    }

    /// `conac_url`: an http(s) address (the page CONAC keeps for the site).
    fn conac_url(&mut self, u: Spanned<String>) -> Option<String> {
        let url = u.get_ref().trim().to_string();
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            self.at_span(
                u.span(),
                tr!(
                    "`conac_url` must be a web address",
                    "`conac_url` 应当是以 http:// 或 https:// 开头的网址"
                ),
                tr!(
                    "copy the link of the mark's code that CONAC gave the site",
                    "请填写党政机关网站标识代码中的链接地址"
                ),
            );
            return None;
        }
        Some(url)
    }
}

#[cfg(test)]
mod tests {
    fn parse(extra: &str) -> Result<crate::config::Config, String> {
        crate::config::parse(&format!(
            "title = \"t\"\nbase_url = \"https://e.org/\"\n[filing]\n{extra}"
        ))
        .map_err(|d| format!("{d:?}"))
    }

    #[test]
    fn filings_are_read() {
        let c = parse("police = \"苏公网安备 32040402000123号\"\nsite_code = \"3204040001\"\nconac_url = \"https://bszs.conac.cn/sitename?method=show&id=1\"\nconac_image = \"/images/conac.png\"\n").unwrap();
        let p = c.filing.police.unwrap();
        assert_eq!(p.number, "32040402000123");
        assert_eq!(p.text, "苏公网安备 32040402000123号");
        assert_eq!(c.filing.site_code.as_deref(), Some("3204040001"));
        assert_eq!(c.filing.conac_image.as_deref(), Some("images/conac.png"));
    }

    #[test]
    fn wrong_forms_are_errors() {
        for bad in [
            "police = \"苏公网安备\"",
            "site_code = \"32040\"",
            "conac_url = \"bszs.conac.cn\"",
            "conac_image = \"a.png\"",
            "polise = \"x\"",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
