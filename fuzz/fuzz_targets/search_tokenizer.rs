//! The search tokenizer: no panic; index keys and query parts are never empty.
#![no_main]

include!("../targets/search_tokenizer.rs");
