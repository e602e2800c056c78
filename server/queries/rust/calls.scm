; Calls of functions named by a path: `spawn(...)`, `std::thread::sleep(...)`.
(call_expression function: [(identifier) (scoped_identifier)] @callee) @call
