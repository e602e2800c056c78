; `for` loops, which rules look into when they run in async code: a long loop without an
; `.await` (CTR104), one independent await per item (CTR401).
(for_expression) @loop
