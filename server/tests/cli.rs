//! `concurrency-tutor check` and `explain` on fixture files, as a user runs them.

use std::path::Path;
use std::process::{Command, Output};

use expect_test::expect;
use serde_json::Value;

fn run(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_concurrency-tutor"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env("LANG", "C")
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

const ASYNC_PY: &str = "import time\nimport asyncio\n\n\nasync def main():\n    # «сон» 😴\n    time.sleep(1)\n    await asyncio.sleep(1)\n";
const SYNC_PY: &str = "import time\n\n\ndef main():\n    time.sleep(1)\n";
const ASYNC_RS: &str = "use std::time::Duration;\n\n#[tokio::main]\nasync fn main() {\n    std::thread::sleep(Duration::from_secs(1));\n}\n";

/// A project with pitfalls, a clean file, an ignored file and a file of another language.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("app/main.py", ASYNC_PY);
    write("app/sync.py", SYNC_PY);
    write("src/main.rs", ASYNC_RS);
    write("build/generated.py", ASYNC_PY);
    write(".gitignore", "build/\n");
    write("README.md", "time.sleep inside async def\n");
    dir
}

#[test]
fn check_reports_pitfalls_like_a_linter() {
    let dir = project();
    let output = run(&["check", "."], dir.path());
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    expect![[r#"
        ./app/main.py:7:5: CTP101 `time.sleep` blocks the event loop: no other task runs while this coroutine sleeps
        ./src/main.rs:5:5: CTR101 `std::thread::sleep` blocks the runtime's worker thread: other tasks on it stall while this task sleeps
        Found 2 pitfall(s), 2 with a quick fix, in 3 file(s).
    "#]]
    .assert_eq(&stdout(&output));
    assert_eq!(stderr(&output), "", "nothing to complain about on stderr");
}

#[test]
fn check_lists_models_on_request_and_in_russian() {
    let dir = project();
    let output = run(&["check", "--models", "--lang", "ru", "app/main.py"], dir.path());
    expect![[r#"
        app/main.py:5:1: конкурентно · цикл событий: Эта сопрограмма выполняется в цикле событий, чередуясь с другими задачами.
        app/main.py:7:5: CTP101 `time.sleep` блокирует цикл событий: пока эта сопрограмма спит, другие задачи не выполняются
        Найдено проблем: 1, из них с быстрым исправлением: 1 (файлов: 1).
    "#]]
    .assert_eq(&stdout(&output));
}

#[test]
fn check_json_has_every_field() {
    let dir = project();
    let output = run(&["check", "--format", "json", "app", "src"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    let records: Vec<Value> = serde_json::from_slice(&output.stdout).expect("stdout is one JSON array");
    let pitfall = records.iter().find(|r| r["code"] == "CTP101").unwrap();
    assert_eq!(
        pitfall,
        &serde_json::json!({
            "path": "app/main.py", "line": 7, "column": 5, "end_line": 7, "end_column": 18,
            "kind": "pitfall", "model": "concurrent", "code": "CTP101",
            "message": "`time.sleep` blocks the event loop: no other task runs while this coroutine sleeps",
            "severity": "warning", "fixable": true,
        })
    );
    let models: Vec<(&str, u64, &str)> = records
        .iter()
        .filter(|r| r["kind"] == "model")
        .map(|r| (r["path"].as_str().unwrap(), r["line"].as_u64().unwrap(), r["model"].as_str().unwrap()))
        .collect();
    assert_eq!(models, [("app/main.py", 5, "concurrent"), ("src/main.rs", 4, "concurrent")]);
    let rust_model = records.iter().find(|r| r["kind"] == "model" && r["path"] == "src/main.rs").unwrap();
    assert_eq!((rust_model["column"].as_u64(), rust_model["end_line"].as_u64()), (Some(1), Some(6)));
    assert_eq!(rust_model["code"], Value::Null);
}

#[test]
fn check_of_clean_code_exits_zero() {
    let dir = project();
    let output = run(&["check", "app/sync.py"], dir.path());
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), "No concurrency pitfalls in 1 file(s).\n");
}

#[test]
fn unreadable_inputs_get_one_clear_line_each() {
    let dir = project();
    std::fs::write(dir.path().join("blob.py"), b"\x00\x01\x02binary").unwrap();
    std::fs::write(dir.path().join("latin1.py"), b"# caf\xe9\nx = 1\n").unwrap();
    let output = run(&["check", "blob.py", "latin1.py", "README.md", "missing.py", "app/sync.py"], dir.path());
    assert_eq!(output.status.code(), Some(2), "some paths could not be checked");
    expect![[r#"
        concurrency-tutor: README.md: skipped: not a Python (.py, .pyi) or Rust (.rs) file
        concurrency-tutor: missing.py: no such file or directory
        concurrency-tutor: blob.py: skipped: binary file
        concurrency-tutor: latin1.py: skipped: not valid UTF-8 (invalid byte at offset 5)
    "#]]
    .assert_eq(&stderr(&output));
    assert!(stdout(&output).ends_with("No concurrency pitfalls in 1 file(s).\n"), "{}", stdout(&output));
}

#[test]
fn files_over_the_size_limit_are_skipped_with_a_reason() {
    let dir = project();
    let size = ASYNC_PY.len();
    let limit = (size - 1).to_string();
    let output = run(&["check", "--max-file-size", &limit, "app/main.py", "app/sync.py"], dir.path());
    assert_eq!(output.status.code(), Some(2), "the big file could not be checked");
    assert_eq!(
        stderr(&output),
        format!(
            "concurrency-tutor: app/main.py: skipped: {size} bytes is over the --max-file-size limit of {limit} bytes\n"
        )
    );
    assert!(stdout(&output).ends_with("No concurrency pitfalls in 1 file(s).\n"), "{}", stdout(&output));
    let unlimited = run(&["check", "--max-file-size", "0", "app/main.py"], dir.path());
    assert_eq!(unlimited.status.code(), Some(1), "0 lifts the limit: {}", stderr(&unlimited));
}

#[test]
fn deeply_nested_files_are_refused_not_crashed_on() {
    let dir = project();
    // `async` and a sleep get the file past the pre-scan, so it is parsed and must be refused.
    let nested =
        format!("async fn f() {{ std::thread::sleep(d); let x = {}1{}; }}\n", "(".repeat(10_000), ")".repeat(10_000));
    std::fs::write(dir.path().join("nested.rs"), nested).unwrap();
    for command in ["check", "explain"] {
        let output = run(&[command, "nested.rs"], dir.path());
        assert_eq!(output.status.code(), Some(2), "{command}: {}", stderr(&output));
        let reason = "concurrency-tutor: nested.rs: skipped: nested 10004 levels deep, over the limit of 1000\n";
        assert_eq!(stderr(&output), reason, "{command}");
    }
}

/// `--whole-files` (parse every file whole) exists to check that parsing only the parts of a
/// file that can matter changes nothing: same records, same order.
#[test]
fn parsing_only_what_matters_changes_no_output() {
    let dir = project();
    let unrelated: String =
        (0..20).map(|n| format!("\n\ndef helper_{n}(values):\n    return sorted(values)[{n}:]\n")).collect();
    std::fs::write(dir.path().join("app/mixed.py"), format!("{ASYNC_PY}{unrelated}")).unwrap();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/python");
    let corpus = corpus.to_str().unwrap();
    let args = ["check", "--format", "json", ".", corpus];
    let (parts, whole) = (run(&args, dir.path()), run(&[&args[..], &["--whole-files"]].concat(), dir.path()));
    assert_eq!(stdout(&parts), stdout(&whole));
    assert_eq!(stderr(&parts), stderr(&whole));
    let records: Value = serde_json::from_str(&stdout(&parts)).unwrap();
    let in_mixed = records.as_array().unwrap().iter().filter(|r| r["path"] == "./app/mixed.py").count();
    assert!(in_mixed >= 2, "{records}");
}

#[test]
fn explain_shows_hints_and_pitfalls_inline() {
    let dir = project();
    let output = run(&["explain", "--color", "never", "--lang", "en", "app/main.py"], dir.path());
    assert_eq!(output.status.code(), Some(0));
    expect![[r#"
        1 │ import time
        2 │ import asyncio
        3 │ 
        4 │ 
        5 │ async def main():  ‹concurrent · event loop›
          │ This coroutine runs on the event loop, interleaved with other tasks.
          │ It can pause only at `await`; a blocking call here stalls every task.
        6 │     # «сон» 😴
        7 │     time.sleep(1)
          │     ^^^^^^^^^^^^^ CTP101 `time.sleep` blocks the event loop: no other task runs while this coroutine sleeps
          │     fix: Replace with `await asyncio.sleep(...)`
        8 │     await asyncio.sleep(1)
    "#]]
    .assert_eq(&stdout(&output));
}

#[test]
fn explain_colours_on_request_and_expert_level_is_terse() {
    let dir = project();
    let coloured = stdout(&run(&["explain", "--color", "always", "--level", "expert", "src/main.rs"], dir.path()));
    assert!(coloured.contains("\x1b[36m‹concurrent · async runtime›\x1b[0m"), "{coloured}");
    assert!(coloured.contains("\x1b[1;33m^^^"), "{coloured}");
    assert!(!coloured.contains("It yields its thread only"), "expert level shows no tooltip lines");
    let piped = stdout(&run(&["explain", "src/main.rs"], dir.path()));
    assert!(!piped.contains('\x1b'), "no colour when stdout is not a terminal");
}

#[test]
fn explain_a_rule_code_prints_its_documentation() {
    let dir = project();
    let output = run(&["explain", "ctr101", "--lang", "ru"], dir.path());
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.starts_with("CTR101\n\n## Что делает\n"), "{text}");
    assert!(text.contains("## Безопасность исправления"));
}

#[test]
fn explain_refuses_what_it_cannot_show() {
    let dir = project();
    for (target, message) in [
        ("app", "app: is a directory; explain takes one file (check walks directories)\n"),
        ("README.md", "README.md: not a Python (.py, .pyi) or Rust (.rs) file\n"),
        ("nope.py", "nope.py: no such file, and not a rule code\n"),
    ] {
        let output = run(&["explain", target], dir.path());
        assert_eq!(output.status.code(), Some(2), "{target}");
        assert_eq!(stderr(&output), format!("concurrency-tutor: {message}"));
    }
}
