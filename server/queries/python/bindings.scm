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
