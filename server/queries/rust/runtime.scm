; What decides the runtime a file's spawned tasks run on: the attributes that build one
; (`#[tokio::main]`, `#[tokio::test(flavor = "multi_thread")]`; which attribute it is needs the
; file's `use` declarations) and the builder calls that choose a flavour.
(attribute) @attribute
((scoped_identifier name: (identifier) @builder) (#any-of? @builder "new_current_thread" "new_multi_thread"))
