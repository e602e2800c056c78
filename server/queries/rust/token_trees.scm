; Macro arguments, macro bodies and attribute arguments, which tree-sitter leaves as flat rows
; of tokens: calls inside them (`tokio::select! { _ = serve(s) => .. }`) are found by reading the
; tokens. Nested token trees match too, each on its own.
(token_tree) @token_tree
