//! Markdown to the report's Typst markup: no panic, the markup parses with Typst's own
//! parser without errors, and it holds no code, math, label or reference the generator
//! did not write (`xinghuo::report::audit::check`: the writer's text only ever comes
//! out as escaped text or inside string literals).
#![no_main]

include!("../targets/pdf_markup.rs");
