; The body of an `async def` is a coroutine that runs on the event loop.
(function_definition "async" body: (block) @body) @async_function

; `with Executor(...) as pool:` hands the block's work to the executor's workers.
(with_statement
  (with_clause
    (with_item
      value: [
        (call function: (_) @callee) @call
        (as_pattern (call function: (_) @callee) @call)
      ]))
  body: (block) @body) @with

; A decorated function: `@app.task`, `@ray.remote`, `@cuda.jit`, `@njit(parallel=True)`.
(decorated_definition
  (decorator) @decorator
  definition: (function_definition body: (block) @body) @function) @decorated
