; The body of an `async fn` is a future that an async runtime polls.
(function_item (function_modifiers "async") body: (block) @body) @async_function

; `async { ... }` and `async move { ... }` blocks are futures too.
(async_block) @async_block

; Method calls: `.par_iter()` and friends start data-parallel chains.
(call_expression function: (field_expression field: (field_identifier) @method)) @method_call

; Macro invocations: `tokio::join!(a, b)`, `launch!(kernel<<<grid, block>>>(..))`.
(macro_invocation macro: (_) @macro) @macro_call
