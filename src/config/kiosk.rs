//! `[kiosk]`: the exhibition-hall screen (`/kiosk/`) — how a visitor is kept in it
//! (`exit`: a long press, a PIN or one tap leaves), the PIN, and the seconds without a
//! touch after which it returns to its attract loop (`idle`).

use toml::Spanned;

use super::validate::Validator;
use super::{KioskExit, KioskSettings, RawKiosk};
use crate::tr;

/// Seconds without a touch before the kiosk (and any page opened from it) returns to
/// the attract loop, when `[kiosk] idle` is not given: time to read a case's screen.
pub(crate) const DEFAULT_IDLE: u32 = 90;

impl Validator<'_> {
    /// `[kiosk]`: every key optional; `pin` is required by `exit = "pin"` and an error
    /// with any other `exit` (a PIN that does nothing would be a false sense of safety).
    pub(super) fn kiosk(&mut self, raw: Option<RawKiosk>) -> KioskSettings {
        let Some(RawKiosk { exit, pin, idle }) = raw else {
            return KioskSettings::default();
        };
        let exit_line = exit.as_ref().map(|e| e.span());
        let exit = match exit {
            Some(e) => self.choice(
                e,
                &[
                    ("long-press", KioskExit::LongPress),
                    ("pin", KioskExit::Pin),
                    ("button", KioskExit::Button),
                ],
                KioskExit::LongPress,
                |v| {
                    tr!(
                        "unknown `[kiosk] exit = \"{v}\"`",
                        "未知的 `[kiosk] exit = \"{v}\"`（退出展厅模式的方式）"
                    )
                },
            ),
            None => KioskExit::LongPress,
        };
        let pin = pin.and_then(|p| self.kiosk_pin(p, exit));
        if exit == KioskExit::Pin && pin.is_none() {
            if let Some(span) = exit_line {
                self.at_span(
                    span,
                    tr!(
                        "`exit = \"pin\"` needs a `pin` in `[kiosk]`",
                        "`exit = \"pin\"` 需要在 `[kiosk]` 中写上 `pin`（退出密码）"
                    ),
                    tr!(
                        "add e.g. `pin = \"2468\"` (4 to 8 digits) under `[kiosk]`",
                        "请在 `[kiosk]` 下加一行，例如 `pin = \"2468\"`（4 到 8 位数字）"
                    ),
                );
            }
        }
        let idle = match idle {
            None => DEFAULT_IDLE,
            Some(i) if (10..=3600).contains(i.get_ref()) => *i.get_ref() as u32,
            Some(i) => {
                self.at_span(
                    i.span(),
                    tr!(
                        "`[kiosk] idle` must be between 10 and 3600 seconds",
                        "`[kiosk] idle` 应在 10 到 3600 秒之间"
                    ),
                    tr!(
                        "e.g. `idle = 90`: after 90 s without a touch the kiosk plays again",
                        "例如 `idle = 90`：90 秒无人触摸后回到轮播"
                    ),
                );
                DEFAULT_IDLE
            }
        };
        KioskSettings { exit, pin, idle }
    }

    /// `pin`: 4 to 8 digits, and only with `exit = "pin"`.
    fn kiosk_pin(&mut self, p: Spanned<String>, exit: KioskExit) -> Option<String> {
        let pin = p.get_ref().trim().to_string();
        if exit != KioskExit::Pin {
            self.at_span(
                p.span(),
                tr!(
                    "`[kiosk] pin` is used only with `exit = \"pin\"`",
                    "`[kiosk] pin` 只在 `exit = \"pin\"` 时起作用"
                ),
                tr!(
                    "add `exit = \"pin\"` to leave the kiosk with this PIN, or remove `pin`",
                    "要用密码退出展厅模式，请加上 `exit = \"pin\"`；否则请删掉 `pin`"
                ),
            );
            return None;
        }
        if !(4..=8).contains(&pin.len()) || !pin.chars().all(|c| c.is_ascii_digit()) {
            self.at_span(
                p.span(),
                tr!(
                    "`[kiosk] pin` must be 4 to 8 digits",
                    "`[kiosk] pin` 应当是 4 到 8 位数字"
                ),
                tr!(
                    "e.g. `pin = \"2468\"`; staff type it on the kiosk's number pad",
                    "例如 `pin = \"2468\"`；工作人员在展厅屏幕的数字键盘上输入"
                ),
            );
            return None;
        }
        Some(pin)
    }
}

#[cfg(test)]
mod tests {
    use crate::config::KioskExit;

    fn parse(extra: &str) -> Result<crate::config::Config, crate::diag::Diagnostics> {
        crate::config::parse(&format!(
            "title = \"t\"\nbase_url = \"https://e.org/\"\n[kiosk]\n{extra}"
        ))
    }

    #[test]
    fn defaults_and_values() {
        let c = crate::config::parse("title = \"t\"\nbase_url = \"https://e.org/\"\n").unwrap();
        assert_eq!(c.kiosk.exit, KioskExit::LongPress);
        assert_eq!(c.kiosk.idle, super::DEFAULT_IDLE);
        let c = parse("exit = \"pin\"\npin = \"2468\"\nidle = 30\n").unwrap();
        assert_eq!(c.kiosk.exit, KioskExit::Pin);
        assert_eq!(c.kiosk.pin.as_deref(), Some("2468"));
        assert_eq!(c.kiosk.idle, 30);
        assert_eq!(
            parse("exit = \"button\"").unwrap().kiosk.exit,
            KioskExit::Button
        );
    }

    #[test]
    fn wrong_values_are_located() {
        for (bad, line) in [
            ("exit = \"longpress\"", 4),
            ("exit = \"pin\"", 4),
            ("exit = \"pin\"\npin = \"12a4\"", 5),
            ("pin = \"1234\"", 4),
            ("idle = 2", 4),
            ("exiit = \"pin\"", 4),
        ] {
            let e = parse(bad).expect_err(bad);
            let d = e.iter().next().unwrap();
            assert_eq!(d.line, line, "{bad}: {}", d.message.en);
        }
        let e = parse("exit = \"longpress\"").unwrap_err();
        let d = e.iter().next().unwrap();
        assert!(
            d.hint.as_ref().unwrap().en.contains("long-press"),
            "{}",
            d.message.en
        );
    }
}
