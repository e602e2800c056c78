; Type aliases, so that a variable of type `Store` in `type Store = Arc<Mutex<State>>;` resolves
; like one of type `Arc<Mutex<State>>`.
(type_item name: (_) @alias type: (_) @type)
