; Every call, with the expression that names what is called.
(call function: (_) @callee) @call
