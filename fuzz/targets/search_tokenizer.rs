// The body of fuzz target `search_tokenizer` (see fuzz/fuzz_targets/search_tokenizer.rs), kept apart so that
// tests/fuzz_targets.rs compiles and runs it in `cargo test` too.

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
