; `use` declarations at any depth (modules, functions, blocks).
(use_declaration argument: (_) @use)
