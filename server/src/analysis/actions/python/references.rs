//! The calls of a function defined in the file, for conversions that change how it must be
//! called (`async def` → `await f()`, a Celery task → `f.delay()`). Purely syntactic, so it
//! answers only when every use of the name is certainly a call of this function.

use tree_sitter::Node;

use crate::analysis::SourceFile;

/// Every call of `function` in the file, or `None` when some use of its name is not a call it
/// could rewrite: the function passed as a value (`map(f, xs)`), rebound, shadowed by a
/// parameter or another definition, or, for a method, reached through another receiver than
/// `self` or `cls` of its own class (an instance, or a class whose `m` may be another).
pub fn calls_of<'tree>(file: &'tree SourceFile, function: Node<'tree>) -> Option<Vec<Node<'tree>>> {
    let name = function.child_by_field_name("name")?;
    let spelled = file.node_text(name);
    let definition = function.parent().filter(|p| p.kind() == "decorated_definition").unwrap_or(function);
    let class = definition.parent().and_then(|block| block.parent()).filter(|owner| owner.kind() == "class_definition");
    let is_method = class.is_some();
    // `self.m()` in another class may be that class's own `m`.
    let in_class =
        |node: Node<'_>| class.is_some_and(|c| c.start_byte() <= node.start_byte() && node.end_byte() <= c.end_byte());
    let mut calls = Vec::new();
    for identifier in identifiers(file, spelled) {
        if identifier == name {
            continue;
        }
        let parent = identifier.parent()?;
        let reference = match parent.kind() {
            // `g(f=1)` only spells the name.
            "keyword_argument" if parent.child_by_field_name("name") == Some(identifier) => continue,
            "attribute" if parent.child_by_field_name("attribute") == Some(identifier) => {
                let object = parent.child_by_field_name("object")?;
                match (is_method, matches!(file.node_text(object), "self" | "cls") && in_class(parent)) {
                    (true, true) => parent,
                    // Some other object's attribute, or this method through an unknown receiver.
                    (false, _) => continue,
                    (true, false) => return None,
                }
            }
            // A bare name inside a method's class refers to a global, not to the method.
            _ if is_method => continue,
            _ => identifier,
        };
        let call = reference
            .parent()
            .filter(|call| call.kind() == "call" && call.child_by_field_name("function") == Some(reference))?;
        calls.push(call);
    }
    Some(calls)
}

/// Every identifier node spelled `name`.
fn identifiers<'tree>(file: &'tree SourceFile, name: &str) -> Vec<Node<'tree>> {
    let mut found = Vec::new();
    let mut stack = vec![file.root()];
    while let Some(node) = stack.pop() {
        if node.kind() == "identifier" && file.node_text(node) == name {
            found.push(node);
        }
        let mut cursor = node.walk();
        stack.extend(node.children(&mut cursor));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Language;

    fn calls(source: &str, function: &str) -> Option<Vec<String>> {
        let file = SourceFile::parse(Language::Python, source);
        let definitions = crate::analysis::functions::by_name(&file, "function_definition");
        let found = calls_of(&file, definitions[function])?;
        Some(found.iter().map(|call| file.node_text(*call).to_owned()).collect())
    }

    #[test]
    fn functions_are_called_by_name_and_methods_through_self() {
        let source = "def f(x):\n    return x\n\ndef g(f1):\n    return f(1) + obj.f + h(f=2)\n";
        assert_eq!(calls(source, "f"), Some(vec!["f(1)".to_owned()]));
        let method = "class A:\n    def m(self):\n        return 1\n    def n(self):\n        return self.m() + m()\n";
        assert_eq!(calls(method, "m"), Some(vec!["self.m()".to_owned()]));
    }

    #[test]
    fn other_uses_of_the_name_refuse() {
        assert_eq!(calls("def f():\n    pass\n\nxs = map(f, [1])\n", "f"), None);
        assert_eq!(calls("def f():\n    pass\n\ndef g(f):\n    return f()\n", "f"), None);
        assert_eq!(calls("def f():\n    pass\n\nf = 3\n", "f"), None);
        let method = "class A:\n    def m(self):\n        return 1\n\nA().m()\n";
        assert_eq!(calls(method, "m"), None);
        assert_eq!(calls("class A:\n    def m(self):\n        return self.m\n", "m"), None);
        let two =
            "class A:\n    def m(self):\n        return 1\n\nclass B:\n    def n(self):\n        return self.m()\n";
        assert_eq!(calls(two, "m"), None);
    }
}
