; Variables whose type the resolver can infer, so that methods called on them resolve:
; `let m = Mutex::new(0)`, `let data = Arc::new(Mutex::new(0))`, `let g: MutexGuard<_> = ..`,
; and typed parameters `fn f(m: &Mutex<u8>)`.
(let_declaration pattern: (identifier) @target type: (_)? @type value: (_)? @value) @binding
(parameter pattern: (identifier) @target type: (_) @type) @binding

; Struct fields, so that `self.rt.block_on(..)` resolves through `rt: Runtime`.
(field_declaration name: (field_identifier) @field type: (_) @type) @binding
