; Import statements anywhere in the file (top level, inside functions, under `try`).
; Name resolution reads their children to map local names to qualified ones.
(import_statement) @import
(import_from_statement) @import
