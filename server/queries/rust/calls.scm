; Calls of functions named by a path, `spawn(...)`, `std::thread::sleep(...)`, and method
; calls, `runtime.block_on(...)`.
(call_expression function: [(identifier) (scoped_identifier) (field_expression)] @callee) @call
