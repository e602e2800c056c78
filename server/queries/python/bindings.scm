; Variables whose type the resolver can infer from what they are bound to, so that methods
; called on them resolve: `pool = Pool(4)`, `self.pool = ThreadPoolExecutor()`,
; `conn = await asyncpg.connect()`, `with ProcessPoolExecutor() as pool:`.
(assignment
  left: [(identifier) (attribute)] @target
  right: [
    (call function: (_) @callee)
    (await (call function: (_) @callee))
  ]) @binding

(with_item
  value: (as_pattern
    [
      (call function: (_) @callee)
      (await (call function: (_) @callee))
    ]
    alias: (as_pattern_target [(identifier) (attribute)] @target))) @binding

; Annotated parameters and variables: `def enqueue(queue: Queue)`, `pool: Pool = make_pool()`.
(typed_parameter (identifier) @target type: (type) @annotation) @binding
(typed_default_parameter name: (identifier) @target type: (type) @annotation) @binding
(assignment left: (identifier) @target type: (type) @annotation) @binding

; Functions wrapped by a decorator that returns an object: `@dramatiq.actor def send_email`
; makes `send_email` an Actor, so `send_email.send(..)` resolves.
(decorated_definition
  (decorator) @decorator
  definition: (function_definition name: (identifier) @target)) @binding
