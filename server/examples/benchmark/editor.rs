//! Parts 2 to 4: what an editor feels. Each measurement drives a server through
//! [`Client`] exactly as an editor would: open, type, hover, ask for hints.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::client::{Client, file_uri};
use crate::inputs::{self, Lang};
use crate::table::Samples;

/// A language server under test and how to start it.
#[derive(Clone)]
pub struct Peer {
    pub name: String,
    pub program: PathBuf,
    pub args: Vec<String>,
    pub options: Value,
    /// Whether it answers hover and inlay hints worth measuring.
    pub tutor: bool,
}

impl Peer {
    pub fn start(&self, root: &Path) -> Result<Client, String> {
        let args: Vec<&str> = self.args.iter().map(String::as_str).collect();
        Client::start(&self.program, &args, root, self.options.clone())
    }
}

/// What one editor session on one file measured.
pub struct Session {
    pub open: Samples,
    pub edit: Samples,
    /// The edits of `edit` typed inside a comment, and the others.
    pub edit_in_comment: Samples,
    pub edit_in_code: Samples,
    /// A `.` typed after a call, which breaks the syntax, and deleted again.
    pub edit_breaking: Samples,
    pub hover: Option<(Samples, usize)>,
    pub hints_range: Option<Samples>,
    pub hints_file: Option<(Samples, usize)>,
}

pub struct Plan {
    pub opens: usize,
    pub edits: usize,
    pub queries: usize,
    /// Sampling of one measurement stops once it has taken this long (the sample count is
    /// reported with the numbers).
    pub budget: Duration,
    pub with_queries: bool,
}

/// Opens `text` (as `name` in `root`) `plan.opens` times, then types and undoes one character
/// at spread-out places, then (for the tutor) hovers and asks for hints.
pub fn session(peer: &Peer, root: &Path, name: &str, lang: Lang, text: &str, plan: &Plan) -> Result<Session, String> {
    let mut client = peer.start(root)?;
    let mut opens = Vec::new();
    for attempt in 0..plan.opens.max(1) {
        let uri = file_uri(&root.join(format!("open{attempt}-{name}")));
        opens.push(client.open(&uri, lang.id(), text)?);
        client.close(&uri)?;
    }
    client.forget_pending();

    let uri = file_uri(&root.join(name));
    client.open(&uri, lang.id(), text)?;
    let lines: Vec<&str> = text.lines().collect();
    let mut version = 1;
    let half = plan.edits.div_ceil(2);
    let mut typing = |sites: Vec<inputs::EditSite>, typed: &str| -> Result<Vec<(Duration, bool)>, String> {
        let mut edits = Vec::new();
        let started = Instant::now();
        for site in sites {
            let at = inputs::position(&lines, (site.line, site.column), client.encoding);
            let after = json!({"line": at["line"], "character": at["character"].as_u64().unwrap_or(0) + 1});
            for change in [
                json!({"range": {"start": at, "end": at}, "text": typed}),
                json!({"range": {"start": at, "end": after}, "text": ""}),
            ] {
                version += 1;
                edits.push((client.change(&uri, version, change)?, site.in_comment));
            }
            if edits.len() >= plan.edits || started.elapsed() > plan.budget {
                break;
            }
        }
        Ok(edits)
    };
    let edits = typing(inputs::edit_sites(text, lang, half), "x")?;
    let breaking = typing(inputs::breaking_sites(text, lang, half), ".")?;

    let (mut hover, mut hints_range, mut hints_file) = (None, None, None);
    if plan.with_queries && peer.tutor {
        let document = json!({"uri": uri});
        let sites = inputs::hover_sites(text, lang, plan.queries);
        let (mut times, mut answered) = (Vec::new(), 0);
        let started = Instant::now();
        for index in 0..if sites.is_empty() { 0 } else { plan.queries } {
            let at = inputs::position(&lines, sites[index % sites.len()], client.encoding);
            let (result, took) =
                client.request("textDocument/hover", json!({"textDocument": document, "position": at}))?;
            answered += usize::from(!result.is_null());
            times.push(took);
            if started.elapsed() > plan.budget {
                break;
            }
        }
        hover = Some((Samples::new(times), answered));

        let hint = |client: &mut Client, start: usize, end: usize| {
            let range = json!({"start": {"line": start, "character": 0}, "end": {"line": end, "character": 0}});
            client.request("textDocument/inlayHint", json!({"textDocument": document, "range": range}))
        };
        let mut times = Vec::new();
        let started = Instant::now();
        for index in 0..plan.queries {
            let start = index * lines.len().saturating_sub(100) / plan.queries.max(1);
            times.push(hint(&mut client, start, (start + 100).min(lines.len()))?.1);
            if started.elapsed() > plan.budget {
                break;
            }
        }
        hints_range = Some(Samples::new(times));
        let (mut times, mut shown) = (Vec::new(), 0);
        let started = Instant::now();
        for _ in 0..plan.queries {
            let (result, took) = hint(&mut client, 0, lines.len())?;
            shown = result.as_array().map_or(0, Vec::len);
            times.push(took);
            if started.elapsed() > plan.budget {
                break;
            }
        }
        hints_file = Some((Samples::new(times), shown));
    }
    client.stop()?;
    let kind = |in_comment: bool| edits.iter().filter(|edit| edit.1 == in_comment).map(|edit| edit.0).collect();
    Ok(Session {
        open: Samples::new(opens),
        edit_in_comment: Samples::new(kind(true)),
        edit_in_code: Samples::new(kind(false)),
        edit: Samples::new(edits.iter().map(|edit| edit.0).collect()),
        edit_breaking: Samples::new(breaking.iter().map(|edit| edit.0).collect()),
        hover,
        hints_range,
        hints_file,
    })
}

/// Peak and current resident memory after opening `files` at once and waiting for every
/// file's diagnostics, in megabytes (VmHWM and VmRSS of the server process).
pub fn memory(peer: &Peer, root: &Path, files: &[(PathBuf, Lang)]) -> Result<(f64, f64, usize), String> {
    let mut client = peer.start(root)?;
    let mut uris = Vec::new();
    for (path, lang) in files {
        let Ok(text) = std::fs::read_to_string(path) else { continue };
        let uri = file_uri(path);
        client.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": lang.id(), "version": 1, "text": text}}),
        )?;
        uris.push(uri);
    }
    for uri in &uris {
        client.diagnostics(uri, 1)?;
    }
    let status = std::fs::read_to_string(format!("/proc/{}/status", client.pid()))
        .map_err(|error| format!("cannot read the server's memory: {error}"))?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .map(|kb| kb / 1024.0)
            .ok_or_else(|| format!("no {name} in /proc/<pid>/status"))
    };
    let (peak, now) = (field("VmHWM:")?, field("VmRSS:")?);
    client.stop()?;
    Ok((peak, now, uris.len()))
}

/// Time from spawning the server to reading its `initialize` response, over `starts` starts.
pub fn startup(peer: &Peer, root: &Path, starts: usize) -> Result<Samples, String> {
    let mut times = Vec::new();
    for _ in 0..starts.max(1) {
        let client = peer.start(root)?;
        times.push(client.startup);
        client.stop()?;
    }
    Ok(Samples::new(times))
}
