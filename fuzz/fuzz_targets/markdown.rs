//! Markdown to HTML with each raw-HTML mode: no panic, and (sanitize, deny) the output
//! never holds a script, an event handler or a `javascript:` URL.
#![no_main]

include!("../targets/markdown.rs");
