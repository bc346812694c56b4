//! The YAML parser's English messages (libyaml's and serde's) explained in Chinese, in
//! words a writer who has never seen YAML's grammar can act on: what is wrong and the
//! usual cause. The English original stays beside the explanation in diagnostics.

/// libyaml's problems (the text before " at line …"), with their explanation.
const PARSER: &[(&str, &str)] = &[
    ("could not find expected ':'", "找不到应有的英文冒号 `:`：这一行或上一行只写了字段名，没有写冒号；或者一段文字换了行，新的一行没有缩进"),
    ("mapping values are not allowed in this context", "这里不能出现“冒号加空格”：含有 `: ` 的文字要用引号括起来；也可能是这一行的缩进不对，或者用了中文冒号"),
    ("did not find expected key", "这里应当是 `字段名: 值`：这一行的缩进与上面的字段对不齐，或者在字段之间夹了一行以 `- ` 开头的列表项"),
    ("did not find expected '-' indicator", "列表的这一行应当以 `- ` 开头，或者它的缩进与上面的列表项对不齐"),
    ("block sequence entries are not allowed in this context", "这里不能写以 `- ` 开头的列表项：列表要另起一行，写在字段名下面并缩进两个空格"),
    ("found character that cannot start any token", "这个字符不能作为值的开头（如 `@`、`` ` ``、`%`、Tab）：请给整个值加上引号"),
    ("found unexpected end of stream", "还没读完就到了结尾：有一个引号或括号没有配对"),
    ("did not find expected ',' or ']'", "方括号列表没有正确结束：缺少 `]`，或者各项之间没有用英文逗号 `,` 分开（中文逗号“，”不算）"),
    ("did not find expected ',' or '}'", "花括号没有正确结束：缺少 `}`，或者各项之间没有用英文逗号 `,` 分开（中文逗号“，”不算）"),
    ("found unknown escape character", "双引号里的反斜杠 `\\` 后面跟了不认识的字符：把反斜杠写成 `\\\\`，或者改用单引号"),
    ("did not find expected node content", "这里缺少值：冒号或 `- ` 后面什么都没写，或者多写了一个逗号"),
    ("found a tab character that violates indentation", "缩进用了 Tab：YAML 只能用空格缩进"),
    ("found a tab character where an indentation space is expected", "缩进用了 Tab：YAML 只能用空格缩进"),
    ("found unexpected ':'", "这里多了一个冒号 `:`：含有冒号的值请用引号括起来"),
    ("mapping keys are not allowed in this context", "这里不能写字段名：请检查这一行的缩进和括号"),
    ("found undefined alias", "用了没有定义的引用 `*名称`：以 `*` 开头的文字请用引号括起来"),
    ("did not find expected alphabetic or numeric character", "`&` 或 `*` 后面应当是名称：以 `&` 或 `*` 开头的文字请用引号括起来"),
    ("found duplicate anchor", "同一个 `&名称` 定义了两次"),
    ("control characters are not allowed", "文件里有看不见的控制字符（常见于从网页或 Word 复制的文字）：请删掉这个字符"),
    ("did not find expected comment or line break", "值的后面多了内容：引号已经结束，后面还有文字；请把整段文字放进引号里"),
    ("found unexpected document indicator", "以 `---` 或 `...` 开头的一行被当成了分隔线：作为文字时请用引号括起来"),
    ("did not find expected <document start>", "一个文件里只能有一段 YAML：请删掉多余的 `---`"),
    ("deserializing from YAML containing more than one document is not supported", "一个文件里只能有一段 YAML：请删掉多余的 `---`"),
    ("incorrect leading UTF-8 octet", "文件不是有效的 UTF-8 文本：请把文件另存为 UTF-8 编码"),
    ("incorrect trailing UTF-8 octet", "文件不是有效的 UTF-8 文本：请把文件另存为 UTF-8 编码"),
    ("invalid leading UTF-8 octet", "文件不是有效的 UTF-8 文本：请把文件另存为 UTF-8 编码"),
    ("invalid trailing UTF-8 octet", "文件不是有效的 UTF-8 文本：请把文件另存为 UTF-8 编码"),
    ("invalid length of a UTF-8 sequence", "文件不是有效的 UTF-8 文本：请把文件另存为 UTF-8 编码"),
    ("found undefined tag handle", "以 `!` 开头的值被当成了类型标记：请给这个值加上引号"),
    ("did not find expected whitespace", "冒号或 `-` 后面要有一个空格"),
    ("unknown anchor", "用了没有定义的引用 `*名称`：以 `*` 开头的文字请用引号括起来"),
    ("failed to parse YAML number", "数字的写法不对"),
    ("too many `*` references or levels of nesting", "`&名称` / `*名称` 引用或嵌套层数太多"),
    ("empty YAML tag is not allowed", "单独的 `!` 不能作为值：请给这个值加上引号"),
];

/// The Chinese explanation of a YAML or serde message (`message` without its place).
pub(crate) fn explain(message: &str) -> String {
    let m = message.trim();
    if let Some((_, zh)) = PARSER.iter().find(|(en, _)| m.contains(en)) {
        return (*zh).to_string();
    }
    if let Some(rest) = m.strip_prefix("duplicate entry with key ") {
        let key = rest.trim_matches('"');
        return format!("字段 `{key}` 写了两次：请删掉其中一个");
    }
    if let Some(rest) = m.strip_prefix("unknown field `") {
        let (name, tail) = rest.split_once('`').unwrap_or((rest, ""));
        return match tail.split_once("expected ") {
            Some((_, list)) => format!("未知的字段 `{name}`（这里可用的字段：{}）", list_zh(list)),
            None => format!("未知的字段 `{name}`（这里不能写任何字段）"),
        };
    }
    if let Some(rest) = m.strip_prefix("unknown variant `") {
        let (name, tail) = rest.split_once('`').unwrap_or((rest, ""));
        return match tail.split_once("expected ") {
            Some((_, list)) => format!("不认识的取值 `{name}`（可选：{}）", list_zh(list)),
            None => format!("不认识的取值 `{name}`"),
        };
    }
    if let Some(rest) = m.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or(rest);
        return format!("缺少字段 `{name}`");
    }
    if let Some(rest) = m.strip_prefix("duplicate field `") {
        let name = rest.split('`').next().unwrap_or(rest);
        return format!("字段 `{name}` 写了两次：请删掉其中一个");
    }
    for (prefix, what) in [
        ("invalid type: ", "类型不对"),
        ("invalid value: ", "取值不对"),
    ] {
        if let Some(rest) = m.strip_prefix(prefix) {
            if let Some((found, expected)) = rest.rsplit_once(", expected ") {
                return format!(
                    "{what}：这里需要{}，写的却是{}",
                    thing_zh(expected),
                    thing_zh(found)
                );
            }
        }
    }
    if let Some(rest) = m.strip_prefix("invalid length ") {
        if let Some((n, expected)) = rest.split_once(", expected ") {
            return format!("个数不对：写了 {n} 项，这里需要{}", thing_zh(expected));
        }
    }
    "YAML 格式不对（见括号里解析器的原话）".to_string()
}

/// A serde "expected one of `a`, `b`" list as `` `a`、`b` ``.
fn list_zh(list: &str) -> String {
    let names: Vec<&str> = list.split('`').skip(1).step_by(2).collect();
    if names.is_empty() {
        list.to_string()
    } else {
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join("、")
    }
}

/// What serde names as found or expected (`string "x"`, `i64`, `a sequence`) in Chinese.
fn thing_zh(s: &str) -> String {
    let s = s.trim();
    let value = |prefix: &str| s.strip_prefix(prefix).map(|v| v.trim_matches('`'));
    if let Some(v) = s.strip_prefix("string ") {
        return format!("文字 {v}");
    }
    if let Some(v) = value("integer ") {
        return format!("整数 {v}");
    }
    if let Some(v) = value("floating point ") {
        return format!("小数 {v}");
    }
    if let Some(v) = value("boolean ") {
        return format!("真假值 {v}");
    }
    let word = match s {
        "sequence" | "a sequence" | "a YAML sequence" => "列表",
        "map" | "a map" | "a YAML mapping" | "a mapping" => "“字段: 值”的映射",
        "unit value" | "null" => "空值",
        "a string" | "a borrowed string" | "string" => "文字",
        "a boolean" | "bool" => "真假值（true 或 false）",
        "a character" | "char" => "一个字符",
        "f32" | "f64" | "a floating point number" => "数字",
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "an integer" => "整数",
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "不小于 0 的整数",
        _ => "",
    };
    if !word.is_empty() {
        return word.to_string();
    }
    if let Some(n) = s
        .strip_prefix("a sequence of ")
        .or(s.strip_prefix("an array of length "))
    {
        return format!("{n} 项的列表");
    }
    if s.starts_with("struct ") || s.starts_with("a mapping of") {
        return format!("“字段: 值”的映射（{s}）");
    }
    format!("“{s}”")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parser_messages_are_explained() {
        assert!(explain("could not find expected ':'").contains("冒号"));
        assert!(explain("did not find expected ',' or ']'").contains("]"));
        assert!(explain("found unknown escape character").contains("反斜杠"));
        assert!(explain("duplicate entry with key \"title\"").contains("`title` 写了两次"));
    }

    #[test]
    fn serde_messages_name_their_parts_in_chinese() {
        assert_eq!(
            explain("invalid type: string \"many\", expected i64"),
            "类型不对：这里需要整数，写的却是文字 \"many\""
        );
        assert_eq!(
            explain("unknown field `weigth`, expected `title` or `weight`"),
            "未知的字段 `weigth`（这里可用的字段：`title`、`weight`）"
        );
        assert_eq!(explain("missing field `year`"), "缺少字段 `year`");
        assert!(
            explain("invalid type: sequence, expected a string").contains("需要文字，写的却是列表")
        );
    }

    #[test]
    fn an_unknown_message_still_gets_chinese() {
        let zh = explain("something new");
        assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
    }
}
