; Every function item with its name, for the index of functions work is sent to by name.
(function_item name: (_) @name) @function
