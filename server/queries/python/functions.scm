; Every function definition with its name, for the index of functions work is sent to by name.
(function_definition name: (_) @name) @function
