//! Fixture tests for the analysis core: realistic snippets annotated the way rust-analyzer
//! annotates its fixtures, with `$0` for the cursor and `^^^ label` comments under a line.

mod conversions;
mod conversions_celery;
mod conversions_task_group;
mod findings;
mod fixture;
mod hints;
mod hover;
mod hover_programs;
mod incremental;
mod prescan;

/// What `python3` prints running `code` as a script (a file, so `multiprocessing` can re-import
/// it), or `None` where no `python3` is on the PATH. A failing run fails the test.
fn python_output(code: &str) -> Option<String> {
    let path = std::env::var_os("PATH")?;
    let python = std::env::split_paths(&path).map(|dir| dir.join("python3")).find(|candidate| candidate.is_file())?;
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("program.py");
    std::fs::write(&script, code).unwrap();
    let output = std::process::Command::new(python).arg(&script).output().expect("python3 starts");
    assert!(output.status.success(), "{}\n{code}", String::from_utf8_lossy(&output.stderr));
    Some(String::from_utf8(output.stdout).unwrap())
}

pub(crate) type NodePlace = (u16, std::ops::Range<usize>, (usize, usize), (usize, usize));

/// Every node of a tree, named or not, in order, with its kind, bytes and points: two trees
/// that agree here are the same tree.
pub(crate) fn nodes(file: &crate::analysis::SourceFile) -> Vec<NodePlace> {
    let mut all = Vec::new();
    let mut cursor = file.root().walk();
    loop {
        let node = cursor.node();
        let (start, end) = (node.start_position(), node.end_position());
        all.push((node.kind_id(), node.byte_range(), (start.row, start.column), (end.row, end.column)));
        if cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                return all;
            }
        }
    }
}
