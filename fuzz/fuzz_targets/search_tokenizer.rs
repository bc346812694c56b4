//! The search tokenizer: no panic; tokens are never empty, and indexing a text finds
//! every token its query form asks for.
#![no_main]

include!("../targets/search_tokenizer.rs");
