//! The server never runs the user's code, never writes files and never touches the network.
//!
//! Two checks that fail if that changes: the binary does not even link the C library calls that
//! start programs or open sockets, and a whole LSP session traced with `strace` makes no
//! network system call, starts no program, and opens every file read-only.

mod common;

use std::process::Command;

use common::stdio::Server;
use serde_json::json;

const BINARY: &str = env!("CARGO_BIN_EXE_concurrency-tutor");

/// Library functions through which a program starts other programs, loads code or talks to
/// the network.
const FORBIDDEN: &[&str] = &[
    "execve",
    "execv",
    "execvp",
    "execvpe",
    "execl",
    "execlp",
    "fexecve",
    "fork",
    "vfork",
    "posix_spawn",
    "posix_spawnp",
    "system",
    "popen",
    "dlopen",
    "socket",
    "socketpair",
    "connect",
    "bind",
    "listen",
    "accept",
    "accept4",
    "sendto",
    "sendmsg",
    "getaddrinfo",
    "gethostbyname",
];

/// A tool the check needs is not installed: skipped with a notice on a developer's machine, an
/// error on CI (`CI` set), where `.ci/run` installs it.
fn missing(tool: &str, package: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "`{tool}` is not installed; .ci/run installs it (apt-get install {package})"
    );
    eprintln!("skipped: `{tool}` is not installed (apt-get install {package})");
}

#[test]
fn the_binary_links_no_way_to_run_programs_or_open_sockets() {
    let Ok(output) = Command::new("nm").args(["-D", "--undefined-only", BINARY]).output() else {
        return missing("nm", "binutils");
    };
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let symbols = String::from_utf8(output.stdout).unwrap();
    let imported: Vec<&str> =
        symbols.lines().filter_map(|line| line.split_whitespace().last()?.split('@').next()).collect();
    assert!(imported.contains(&"read"), "the listing is what we think it is: {imported:?}");
    let found: Vec<&&str> = FORBIDDEN.iter().filter(|name| imported.contains(name)).collect();
    assert!(found.is_empty(), "the binary imports {found:?}");
}

#[test]
fn an_lsp_session_under_strace_opens_no_socket_runs_nothing_and_writes_no_file() {
    if Command::new("strace").arg("-V").output().is_err() {
        return missing("strace", "strace");
    }
    let dir = tempfile::tempdir().unwrap();
    let source = "import asyncio\nimport time\n\n\nasync def cook():\n    time.sleep(1)\n";
    let path = dir.path().join("kitchen.py");
    std::fs::write(&path, source).unwrap();
    let uri = format!("file://{}", path.display());
    let trace = dir.path().join("trace.txt");
    let mut command = Command::new("strace");
    command.args(["-f", "-qq", "-o"]).arg(&trace);
    command.args(["-e", "trace=execve,execveat,fork,vfork,network,creat,open,openat,openat2,rename,renameat,renameat2,unlink,unlinkat,mkdir,mkdirat,truncate,ftruncate"]);
    command.arg(BINARY);
    let mut server = Server::spawn(command);

    server.initialize(json!({}), "en");
    server.open(&uri, "python", source);
    let diagnostic = server.diagnostics(&uri)["diagnostics"][0].clone();
    let actions = server.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": diagnostic["range"], "context": { "diagnostics": [diagnostic] } }),
    );
    assert!(actions["result"][0]["edit"]["changes"][&uri].is_array(), "a fix is offered as an edit: {actions}");
    let position = json!({ "line": 5, "character": 10 });
    server.request("textDocument/hover", json!({ "textDocument": { "uri": uri }, "position": position }));
    let change = json!({ "range": { "start": position, "end": position }, "text": "x" });
    server.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [change] }),
    );
    server.notify("workspace/didChangeConfiguration", json!({ "settings": { "language": "ru" } }));
    server.document_text(&uri);
    server.stop();

    assert_eq!(std::fs::read_to_string(&path).unwrap(), source, "the user's file is untouched");
    let trace = std::fs::read_to_string(trace).unwrap();
    // Signals, exits, the second half of calls interrupted by another thread, and calls of
    // threads that exited mid-call (`???`) carry no name.
    let calls: Vec<&str> = trace
        .lines()
        .filter(|line| ![" +++ ", " --- ", "resumed>", " ???("].iter().any(|noise| line.contains(noise)))
        .collect();
    assert!(calls.iter().any(|call| call.contains("openat(")), "the trace recorded the session:\n{trace}");
    let execs: Vec<&&str> = calls.iter().filter(|line| line.contains("exec")).collect();
    assert_eq!(execs.len(), 1, "only strace starting the server: {execs:#?}");
    for call in &calls {
        let name = call.split_whitespace().nth(1).unwrap_or_default();
        let name = name.split('(').next().unwrap_or_default();
        match name {
            "execve" => {}
            "open" | "openat" | "openat2" => {
                assert!(call.contains("O_RDONLY") && !call.contains("O_CREAT"), "opened for writing: {call}");
                assert!(!call.contains("kitchen.py"), "the server reads documents from the client only: {call}");
            }
            _ => panic!("unexpected system call: {call}"),
        }
    }
}
