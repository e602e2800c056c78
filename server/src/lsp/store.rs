//! Open documents, their versions, and the latest analysis of each.
//!
//! Text is changed only through [`DocumentStore::change`], which the ordered-sync layer calls
//! in the order notifications arrive on the wire (see `ordered_sync.rs`). Each change also
//! edits the last syntax tree, so the next parse reuses everything the edit did not touch.
//! Analysis happens outside the lock on an immutable snapshot; its result is kept only if the
//! document has not changed meanwhile. The lock is a plain mutex, never held across `.await`.
//!
//! An edit is analysed from a window around it first ([`incremental::analyze_in_window`]):
//! its version's whole tree is parsed later, once the user pauses ([`Analyzed::complete`]),
//! or when something asks for it first (hover, hints, code actions, an edit the window cannot
//! analyse). In a large file that parse is most of what an edit in code used to cost.
//!
//! Limits (see `config.rs`) apply here: a document over the size limit is tracked (edits are
//! applied, its text is kept) but not analysed, and an analysis over its time budget is
//! dropped whole. Each skip is reported once per document as a notice for the user, until
//! the document is analysed again.
//!
//! Memory: a parse tree and an analysis take many times the text's size, and an editor shows
//! only a few documents at a time. So only the [`KEEP_ANALYSED`] most recently used documents
//! keep theirs (as rust-analyzer keeps an LRU of parse trees); the others keep just their text
//! and are parsed afresh when next asked about, which gives the same result.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};
use tree_sitter::Tree;

use super::config::Limits;
use super::line_index::{Encoding, LineIndex};
use crate::analysis::chunks::{self, Chunk};
use crate::analysis::incremental::{Change, Same};
use crate::analysis::{FileAnalysis, Language, SourceFile, budget, depth, incremental, source::input_edit_in};

/// One analysed version of a document.
#[derive(Debug)]
pub struct Analyzed {
    pub uri: Uri,
    pub version: i32,
    pub file: SourceFile,
    pub analysis: FileAnalysis,
    /// How the analysis was made, for logs and tests; `None` for results carried over from
    /// the last version without syntax errors.
    pub reuse: Option<incremental::Reuse>,
    pub lines: LineIndex,
    /// The file's top-level chunks, which let the next version reuse this analysis: cut by
    /// the analysis when it got that far, else on first use ([`Analyzed::chunks`]).
    chunks: OnceLock<Vec<Chunk>>,
    /// Who defines what among those chunks, for the next edit's selection: made with them
    /// when the next edit is prepared, or on first use.
    definers: OnceLock<incremental::DefinerIndex>,
    /// What the depth check learnt of this version, for the next version's check: for a
    /// version analysed from a window around its edit, learnt once its tree is parsed
    /// ([`Analyzed::reach`]).
    reach: OnceLock<Arc<depth::Reach>>,
    /// For such a version, what the check of an earlier version learnt, and that version's
    /// text: the check of this one reuses it. Not the earlier version itself, which would
    /// keep every version since alive while the user types faster than trees are parsed.
    reach_basis: Option<ReachBasis>,
    /// For a version analysed from a window around its edit, that window's tree, with where
    /// it vouches for what the whole tree shows: an edit typed inside a comment there next is
    /// analysed with no parse at all ([`incremental::within_comment_of_window`]).
    window: Option<incremental::WindowTree>,
    /// For a version with syntax errors, the last version without any: this one shows its
    /// results, moved past the edits since ([`incremental::carried_over`]), and the next
    /// version is analysed against it. `None` for a version analysed in its own right.
    pub clean_base: Option<Arc<Analyzed>>,
}

impl Analyzed {
    /// The file's top-level chunks, cut now if the analysis did not.
    pub fn chunks(&self) -> &[Chunk] {
        self.chunks.get_or_init(|| chunks::split(&self.file))
    }

    /// What the depth check learnt of this version, learnt now (parsing the tree) if it was
    /// analysed from a window. That version passed the check in the window, and the rest of
    /// its tree is the version before's, which passed it too.
    pub fn reach(&self) -> &depth::Reach {
        self.reach.get_or_init(|| {
            let reach = self.check_depth_of(&self.file).unwrap_or_else(|depth| {
                // The window's check says otherwise; no reuse is the safe answer.
                tracing::warn!("{}: a version analysed from a window is {depth} levels deep", self.uri.as_str());
                depth::Reach::default()
            });
            Arc::new(reach)
        })
    }

    /// What a later version's check can start from: this version's facts if learnt, else
    /// what this version's check will start from.
    fn reach_basis(&self) -> Option<ReachBasis> {
        match self.reach.get() {
            Some(reach) => Some(ReachBasis { reach: reach.clone(), text: self.file.shared_text().clone() }),
            None => self.reach_basis.clone(),
        }
    }

    /// The depth check of `file`, a later version (or this one), from what this version's
    /// check learnt or will start from: neither needs this version's tree.
    fn check_depth_of(&self, file: &SourceFile) -> Result<depth::Reach, usize> {
        match self.reach.get().map(|reach| (reach, self.file.text())) {
            Some((reach, text)) => depth::check(file, Some((reach, &Change::between(text, file.text())))),
            None => match &self.reach_basis {
                Some(basis) => depth::check(file, Some((&basis.reach, &Change::between(&basis.text, file.text())))),
                None => depth::check(file, None),
            },
        }
    }

    /// This version as the previous one of an edit that made `change`.
    fn as_previous<'a>(&'a self, change: &'a Change) -> incremental::Previous<'a> {
        let (file, analysis, reach) = (&self.file, &self.analysis, Some(self.reach()));
        let definers = &self.definers;
        incremental::Previous { file, analysis, chunks: self.chunks(), definers, reach, change }
    }

    /// [`Analyzed::as_previous`] for what needs no depth facts (an analysis from a window,
    /// results carried over a syntax error): nothing here parses this version's tree.
    fn as_previous_without_reach<'a>(&'a self, change: &'a Change) -> incremental::Previous<'a> {
        let (file, analysis, definers) = (&self.file, &self.analysis, &self.definers);
        incremental::Previous { file, analysis, chunks: self.chunks(), definers, reach: None, change }
    }

    /// Does now what the next edit of this version will need (cutting the chunks, indexing
    /// who defines what), so that it is done while the user reads the diagnostics rather than
    /// when they type again. A version with syntax errors is never the next edit's previous
    /// one: its clean base is.
    pub fn prepare_next_edit(&self) {
        if self.clean_base.is_none() {
            self.definers.get_or_init(|| incremental::DefinerIndex::of(self.chunks(), true));
        }
    }

    /// Whether the tree is parsed and the depth facts learnt (which parses the tree): always,
    /// but for a version analysed from a window, until [`Analyzed::complete`].
    pub fn is_complete(&self) -> bool {
        self.reach.get().is_some()
    }

    /// Parses the tree of a version analysed from a window, and learns its depth facts:
    /// what hover, hints and code actions read, and what an edit the window cannot analyse
    /// starts from. The next edit analysed from a window needs neither.
    pub fn complete(&self) {
        self.reach();
    }
}

/// Depth facts learnt already, as [`Analyzed`] keeps them, with no basis to learn them from.
fn learnt(reach: depth::Reach) -> (OnceLock<Arc<depth::Reach>>, Option<ReachBasis>) {
    (OnceLock::from(Arc::new(reach)), None)
}

/// What the depth check of a version learnt, and that version's text ([`Analyzed::reach_basis`]).
#[derive(Clone)]
struct ReachBasis {
    reach: Arc<depth::Reach>,
    text: Arc<str>,
}

impl std::fmt::Debug for ReachBasis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReachBasis").field("text_len", &self.text.len()).finish()
    }
}

/// How many documents keep their tree and analysis between requests: more than an editor
/// shows at once. 200 open files peaked at 77-96 MB with 16, at 69-77 MB with 8.
pub const KEEP_ANALYSED: usize = 8;

struct Document {
    language: Language,
    version: i32,
    text: String,
    /// The last parsed tree, with every later edit applied to it through `Tree::edit`.
    edited_tree: Option<Tree>,
    /// The lines of `text`, kept up to date by each edit once the document is edited: building
    /// them afresh reads the whole text, twice per keystroke.
    lines: Option<LineIndex>,
    latest: Option<Arc<Analyzed>>,
    /// What the edits since `latest` left alone of its text: the next edit's comparison of the
    /// two texts reads only what lies between ([`Change::between_known`]).
    same_as_latest: Same,
    /// Why the last analysis was skipped, once the user has been told; cleared by a success.
    skipped: Option<Skipped>,
    /// The version whose analysis ran out of time: requests for it answer at once instead of
    /// spending the whole budget again.
    over_budget: Option<i32>,
    /// When the analysis was last asked for (a tick of [`State::clock`]), for the LRU.
    last_used: u64,
}

#[derive(Default)]
struct State {
    documents: HashMap<Uri, Document>,
    encoding: Encoding,
    accepting: bool,
    limits: Limits,
    /// Counts analysis requests; orders documents by recent use.
    clock: u64,
}

impl State {
    fn touch(&mut self, uri: &Uri) {
        self.clock += 1;
        let now = self.clock;
        if let Some(document) = self.documents.get_mut(uri) {
            document.last_used = now;
        }
    }

    /// Drops the tree and analysis of the least recently used documents beyond
    /// [`KEEP_ANALYSED`]. One scan over the open documents: there are hundreds at most.
    fn evict(&mut self) {
        let mut kept: Vec<(u64, &mut Document)> = self
            .documents
            .values_mut()
            .filter(|document| document.latest.is_some() || document.edited_tree.is_some())
            .map(|document| (document.last_used, document))
            .collect();
        if kept.len() <= KEEP_ANALYSED {
            return;
        }
        kept.sort_unstable_by_key(|(last_used, _)| std::cmp::Reverse(*last_used));
        for (_, document) in kept.into_iter().skip(KEEP_ANALYSED) {
            document.latest = None;
            document.edited_tree = None;
        }
    }
}

/// Receives one line per skipped analysis, for the client's log (`window/logMessage`).
pub type Notices = tokio::sync::mpsc::UnboundedSender<String>;

#[derive(Default)]
pub struct DocumentStore {
    state: Mutex<State>,
    notices: Mutex<Option<Notices>>,
}

/// Why a document has no analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skipped {
    TooLarge { size: usize, limit: usize },
    TooDeep { depth: usize },
    Stopped(budget::Stopped),
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Skipped::TooLarge { size, limit } => write!(
                f,
                "not analysed: {size} bytes is over the maxFileSize limit of {limit} bytes; \
                 the document is still tracked"
            ),
            Skipped::TooDeep { depth } => write!(
                f,
                "not analysed: brackets or blocks nest {depth} levels deep, over the limit of {}",
                depth::MAX_DEPTH
            ),
            Skipped::Stopped(stopped) => write!(f, "analysis dropped: it {stopped}; no results are shown"),
        }
    }
}

/// Why a change was not applied.
#[derive(Debug, PartialEq, Eq)]
pub enum ChangeError {
    NotOpen,
    Stale { current: i32, received: i32 },
}

impl std::fmt::Display for ChangeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChangeError::NotOpen => write!(f, "the document is not open"),
            ChangeError::Stale { current, received } => {
                write!(f, "version {received} is not newer than the current version {current}")
            }
        }
    }
}

impl DocumentStore {
    /// A poisoned lock only means another thread panicked mid-update; every update leaves the
    /// map consistent before anything that can panic, so the data is still usable.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn set_encoding(&self, encoding: Encoding) {
        self.lock().encoding = encoding;
    }

    pub fn encoding(&self) -> Encoding {
        self.lock().encoding
    }

    /// Text sync is applied between `initialize` and `shutdown` only, as the protocol requires.
    pub fn set_accepting(&self, accepting: bool) {
        self.lock().accepting = accepting;
    }

    pub fn is_accepting(&self) -> bool {
        self.lock().accepting
    }

    /// New limits; documents that ran out of time get another chance under them.
    pub fn set_limits(&self, limits: Limits) {
        let mut state = self.lock();
        state.limits = limits;
        state.documents.values_mut().for_each(|document| document.over_budget = None);
    }

    /// Where notices about skipped analyses go, besides the server's log.
    pub fn set_notices(&self, notices: Notices) {
        *self.notices.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(notices);
    }

    /// Opens a document; returns false for languages the tutor does not read.
    pub fn open(&self, uri: Uri, language_id: &str, version: i32, text: String) -> bool {
        let Some(language) = Language::from_language_id(language_id) else { return false };
        let document = Document {
            language,
            version,
            text,
            edited_tree: None,
            lines: None,
            latest: None,
            same_as_latest: Same::default(),
            skipped: None,
            over_budget: None,
            last_used: 0,
        };
        self.lock().documents.insert(uri, document);
        true
    }

    pub fn close(&self, uri: &Uri) -> bool {
        self.lock().documents.remove(uri).is_some()
    }

    /// Applies content changes in order. Versions must increase but may skip numbers
    /// (Neovim sends its change tick, which jumps).
    pub fn change(
        &self,
        uri: &Uri,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
    ) -> Result<(), ChangeError> {
        let mut state = self.lock();
        let encoding = state.encoding;
        let document = state.documents.get_mut(uri).ok_or(ChangeError::NotOpen)?;
        if version <= document.version {
            return Err(ChangeError::Stale { current: document.version, received: version });
        }
        // The first edit of a document reuses the lines of its analysis, if that is of this text.
        if document.lines.is_none()
            && let Some(latest) = document.latest.as_ref().filter(|latest| latest.version == document.version)
        {
            document.lines = Some(latest.lines.clone());
        }
        for change in changes {
            let Some(range) = change.range else {
                document.same_as_latest = Same::default();
                document.text.clone_from(&change.text);
                document.edited_tree = None;
                document.lines = None;
                continue;
            };
            let text = &document.text;
            let lines = document.lines.get_or_insert_with(|| LineIndex::new(text));
            let start = lines.offset(text, range.start, encoding);
            let end = lines.offset(text, range.end, encoding).max(start);
            if let Some(tree) = &mut document.edited_tree {
                tree.edit(&input_edit_in(tree, text, start..end, &change.text));
            }
            document.same_as_latest = document.same_as_latest.replaced(start..end, text.len());
            document.text.replace_range(start..end, &change.text);
            lines.edit(&document.text, start..end, change.text.len());
        }
        document.version = version;
        Ok(())
    }

    pub fn version(&self, uri: &Uri) -> Option<i32> {
        self.lock().documents.get(uri).map(|document| document.version)
    }

    pub fn text(&self, uri: &Uri) -> Option<String> {
        self.lock().documents.get(uri).map(|document| document.text.clone())
    }

    pub fn open_documents(&self) -> Vec<Uri> {
        self.lock().documents.keys().cloned().collect()
    }

    /// The analysis of the document's current version, computing it if needed; `None` when the
    /// document is not open or the limits skip it. Call it from a blocking thread: parsing and
    /// analysis run here, outside the lock.
    pub fn analyzed(&self, uri: &Uri) -> Option<Arc<Analyzed>> {
        let (language, version, text, edited_tree, limits, (previous, same), lines) = {
            let mut state = self.lock();
            state.touch(uri);
            let document = state.documents.get(uri)?;
            if let Some(latest) = document.latest.as_ref().filter(|latest| latest.version == document.version) {
                return Some(latest.clone());
            }
            if document.over_budget == Some(document.version) {
                return None;
            }
            let (size, limits, version) = (document.text.len(), state.limits, document.version);
            if let Some(limit) = limits.max_file_size.filter(|&limit| size > limit) {
                drop(state);
                self.skip(uri, version, Skipped::TooLarge { size, limit });
                return None;
            }
            (
                document.language,
                document.version,
                Arc::<str>::from(document.text.as_str()),
                document.edited_tree.clone(),
                limits,
                // Edits are analysed against the last version without syntax errors; what the
                // edits since left alone is known of the latest one's text.
                match document.latest.as_ref() {
                    Some(latest) => match &latest.clean_base {
                        Some(clean) => (Some(clean.clone()), Same::default()),
                        None => (Some(latest.clone()), document.same_as_latest),
                    },
                    None => (None, Same::default()),
                },
                document.lines.clone(),
            )
        };
        let analyzed = budget::within(limits.analysis_timeout, None, || {
            // `depth`: the depth facts, or what they will be learnt from ([`Analyzed::reach`]).
            // `trees`: the version's file, and the window tree it keeps, if any.
            // `made`: the analysis, and how it was made.
            let new = |trees: (SourceFile, _), made: (_, _), chunks, depth: (OnceLock<_>, _), clean_base| {
                let (file, window) = trees;
                let (analysis, reuse) = made;
                if let Some(reuse) = reuse {
                    tracing::trace!("{} version {version}: {reuse:?}", uri.as_str());
                }
                let lines = lines.clone().unwrap_or_else(|| LineIndex::new(file.text()));
                let (reach, reach_basis) = depth;
                Arc::new(Analyzed {
                    uri: uri.clone(),
                    version,
                    file,
                    analysis,
                    reuse,
                    lines,
                    chunks,
                    definers: OnceLock::new(),
                    reach,
                    reach_basis,
                    window,
                    clean_base,
                })
            };
            // One comparison of the texts serves every step below.
            let change = previous.as_ref().map(|previous| {
                let change = Change::between_known(previous.file.text(), &text, same);
                // What the edits left alone is tracked edit by edit; debug builds check it.
                debug_assert_eq!(
                    (change.old.clone(), change.new.clone()),
                    {
                        let compared = Change::between(previous.file.text(), &text);
                        (compared.old, compared.new)
                    },
                    "{same:?}"
                );
                change
            });
            let edit = previous.as_ref().zip(change.as_ref());
            // Typing on inside a comment of a version analysed from a window: its window tree
            // shows the comment, and the new version is not parsed either.
            let in_kept_window =
                edit.filter(|(previous, _)| !previous.file.is_parsed()).and_then(|(previous, change)| {
                    let (window, base) = (previous.window.as_ref()?, edited_tree.clone()?);
                    let within = incremental::within_comment_of_window(
                        window,
                        &previous.as_previous_without_reach(change),
                        text.clone(),
                    );
                    match within {
                        Ok((analysis, chunks, window)) => {
                            let file = SourceFile::unparsed(language, text.clone(), base);
                            let depth = (OnceLock::new(), previous.reach_basis());
                            let made = (analysis, Some(incremental::Reuse::CommentInWindow));
                            Some(new((file, Some(window)), made, OnceLock::from(chunks), depth, None))
                        }
                        Err(why) => {
                            tracing::trace!("{}: edit not analysed from the previous window: {why}", uri.as_str());
                            None
                        }
                    }
                });
            if let Some(analyzed) = in_kept_window {
                return Some(Ok(analyzed));
            }
            // Typing inside a comment keeps the previous tree's shape, which passed the depth
            // check; that tree is asked for only once parsed.
            let unparsed = edit.filter(|(previous, _)| previous.file.is_parsed()).and_then(|(previous, change)| {
                let file = incremental::edited_without_parsing(&previous.file, text.clone(), change)?;
                let reach = previous.reach().moved(change, &file);
                Some((file, reach))
            });
            // Otherwise an edit is analysed from a window around it, and the whole tree is
            // parsed later ([`Analyzed::complete`]), from the previous version's tree once that
            // is parsed rather than from the document's last tree: the edits since that one may
            // be many.
            let base = |(previous, change): (&Arc<Analyzed>, &Change)| match previous.file.is_parsed() {
                true => {
                    let mut tree = previous.file.tree().clone();
                    tree.edit(&change.tree_edit(&tree, previous.file.text(), &text));
                    Some(tree)
                }
                false => edited_tree.clone(),
            };
            let window = edit.filter(|_| unparsed.is_none()).and_then(|edit| Some((edit, base(edit)?)));
            if let Some(((previous, change), base)) = window {
                let file = SourceFile::unparsed(language, text.clone(), base);
                let largest = incremental::largest_window(language, &text);
                match incremental::analyze_in_window(&file, &previous.as_previous_without_reach(change), largest) {
                    Ok(incremental::InWindow { analysis, chunks, reuse, window }) => {
                        // The same text again keeps the previous window, whose text it is.
                        let kept = || previous.window.as_ref().map(|window| window.with_text(text.clone()));
                        let window = if reuse == incremental::Reuse::Unchanged { kept() } else { window };
                        let depth = (OnceLock::new(), previous.reach_basis());
                        return Some(Ok(new(
                            (file, window),
                            (analysis, Some(reuse)),
                            OnceLock::from(chunks),
                            depth,
                            None,
                        )));
                    }
                    Err(why) => tracing::trace!("{}: edit not analysed from a window: {why}", uri.as_str()),
                }
            }
            let (file, reach) = match unparsed {
                Some(unparsed) => unparsed,
                None => {
                    let file = SourceFile::try_parse_incrementally(language, text.clone(), edited_tree.as_ref())?;
                    let broken = edited_tree.is_some() && file.root().has_error();
                    // The top-level items the edits left alone passed the check before.
                    let check = |file: &SourceFile| {
                        let checked = match edit {
                            Some((previous, _)) => previous.check_depth_of(file),
                            None => depth::check(file, None),
                        };
                        checked.map_err(|depth| Skipped::TooDeep { depth })
                    };
                    // Typing through a broken state shows the last clean version's results.
                    let clean_base = edit.filter(|(base, _)| !base.file.root().has_error());
                    if broken && let Some((base, change)) = clean_base {
                        let reach = match check(&file) {
                            Ok(reach) => reach,
                            Err(skipped) => return Some(Err(skipped)),
                        };
                        if let Some(analysis) = incremental::carried_over(&base.as_previous_without_reach(change)) {
                            let made = (analysis, None);
                            return Some(Ok(new(
                                (file, None),
                                made,
                                OnceLock::new(),
                                learnt(reach),
                                Some(base.clone()),
                            )));
                        }
                    }
                    // Otherwise what a broken tree's analysis gives must not depend on the
                    // edits' history: it is parsed afresh.
                    let file = if broken { SourceFile::try_parse(language, text, None)? } else { file };
                    match check(&file) {
                        Ok(reach) => (file, reach),
                        Err(skipped) => return Some(Err(skipped)),
                    }
                }
            };
            // The previous version's results stand wherever the edits since cannot reach.
            let previous = edit.map(|(previous, change)| previous.as_previous(change));
            // Cutting the whole file waits until the diagnostics are out.
            let (analysis, chunks, reuse) = incremental::analyze_edited_uncut(&file, &reach, previous);
            let chunks = chunks.map_or_else(OnceLock::new, OnceLock::from);
            Some(Ok(new((file, None), (analysis, Some(reuse)), chunks, learnt(reach), None)))
        });
        let analyzed = match analyzed {
            // A parse halts only when the budget says so, which `within` reports.
            Ok(Some(Ok(analyzed))) => analyzed,
            Ok(Some(Err(skipped))) => {
                self.skip(uri, version, skipped);
                return None;
            }
            Ok(None) => return None,
            Err(stopped) => {
                // A cancelled request is the client's choice, not something to report.
                if stopped != budget::Stopped::Cancelled {
                    if let Some(document) = self.lock().documents.get_mut(uri).filter(|d| d.version == version) {
                        document.over_budget = Some(version);
                    }
                    self.skip(uri, version, Skipped::Stopped(stopped));
                }
                return None;
            }
        };

        let mut state = self.lock();
        if let Some(document) = state.documents.get_mut(uri).filter(|document| document.version == version) {
            // A version analysed from a window gives the tree it is to be parsed from.
            document.edited_tree = analyzed.file.reuse_tree().cloned();
            document.latest = Some(analyzed.clone());
            document.same_as_latest = Same::all(document.text.len());
            document.skipped = None;
            state.evict();
        }
        Some(analyzed)
    }

    /// [`Analyzed::prepare_next_edit`], unless the document has changed since: a newer
    /// version is being analysed, and its own preparation will do what the next edit needs.
    pub fn prepare_next_edit(&self, analyzed: &Analyzed) {
        if self.is_current(analyzed) {
            analyzed.prepare_next_edit();
        }
    }

    /// [`Analyzed::complete`], unless the document has changed since: parsing the whole tree
    /// of each version typed past would compete with the analysis of the next one.
    pub fn complete(&self, analyzed: &Analyzed) {
        if self.is_current(analyzed) {
            analyzed.complete();
        }
    }

    /// Whether `analyzed` is of the document's current version.
    pub fn is_current(&self, analyzed: &Analyzed) -> bool {
        self.version(&analyzed.uri) == Some(analyzed.version)
    }

    /// Why the document's current version has no analysis, if it was skipped.
    pub fn skipped(&self, uri: &Uri) -> Option<Skipped> {
        self.lock().documents.get(uri)?.skipped
    }

    /// Records a skip and reports it, unless the same kind of reason was already reported (a
    /// file over the limit grows with each keystroke; one notice is enough).
    fn skip(&self, uri: &Uri, version: i32, reason: Skipped) {
        {
            let mut state = self.lock();
            let Some(document) = state.documents.get_mut(uri).filter(|document| document.version == version) else {
                return;
            };
            let previous = document.skipped.replace(reason);
            if previous.is_some_and(|previous| std::mem::discriminant(&previous) == std::mem::discriminant(&reason)) {
                return;
            }
        }
        let notice = format!("{}: {reason}", uri.as_str());
        tracing::warn!("{notice}");
        if let Some(notices) = self.notices.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).as_ref() {
            let _ = notices.send(notice);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tower_lsp_server::ls_types::{Position, Range};

    use super::*;
    use crate::analysis::analyze;
    use crate::analysis::incremental::Reuse;

    fn uri() -> Uri {
        "file:///tmp/demo.py".parse().unwrap()
    }

    fn edit(start: (u32, u32), end: (u32, u32), text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(start.0, start.1), Position::new(end.0, end.1))),
            range_length: None,
            text: text.to_owned(),
        }
    }

    /// Opening a document does not wait for the chunks only the next edit needs: they are cut
    /// when that edit (or the preparation after publishing) asks, and are the file's.
    #[test]
    fn chunks_are_cut_after_the_first_analysis() {
        let store = DocumentStore::default();
        let text = "import asyncio\n\nasync def f():\n    pass\n\nasync def g():\n    await f()\n";
        assert!(store.open(uri(), "python", 1, text.into()));
        let first = store.analyzed(&uri()).unwrap();
        assert!(first.chunks.get().is_none(), "the first analysis cut the chunks");
        first.prepare_next_edit();
        let fresh = chunks::split(&SourceFile::parse(Language::Python, text));
        assert!(first.chunks.get().is_some_and(|chunks| *chunks == fresh));
        // An edit in part cuts again only around itself, and keeps the result.
        store.change(&uri(), 2, &[edit((3, 4), (3, 8), "await asyncio.sleep(0)")]).unwrap();
        let second = store.analyzed(&uri()).unwrap();
        assert!(second.chunks.get().is_some(), "the edit analysed in part kept its chunks");
    }

    /// What a user sees of findings: the rule, where, and the message.
    fn seen(findings: &[crate::analysis::Finding]) -> Vec<String> {
        findings
            .iter()
            .map(|finding| {
                format!("{} {:?} {}", finding.code(), finding.range, finding.message(crate::locale::Locale::En))
            })
            .collect()
    }

    /// Opens a large Python file (`comment` after the `pass` of its coroutine `f`, `tail` at
    /// its end) as version 1, prepares its next edit, and turns that `pass` into a blocking
    /// call: version 2, analysed.
    fn edited_in_code(store: &DocumentStore, comment: &str, tail: &str) -> Arc<Analyzed> {
        // A window holds a small share of the file at most: the rest of it is other functions.
        let others: String = (0..3000).map(|index| format!("\ndef other{index}():\n    return {index}\n")).collect();
        let text = format!(
            "import asyncio\nimport time\n\nasync def f():\n    pass{comment}\n\nasync def g():\n    await f()\n{others}{tail}"
        );
        assert!(store.open(uri(), "python", 1, text));
        store.analyzed(&uri()).unwrap().prepare_next_edit();
        store.change(&uri(), 2, &[edit((4, 4), (4, 8), "time.sleep(1)")]).unwrap();
        store.analyzed(&uri()).unwrap()
    }

    /// An edit in code is analysed from a window around it: its diagnostics wait for no parse
    /// of the whole file, which is done once the user pauses ([`Analyzed::complete`]), or by
    /// anything asking for the tree before that. Either way, the tree and depth facts are
    /// those of a fresh parse, and the next edit goes on from them.
    #[test]
    fn an_edit_in_code_is_analysed_before_the_whole_tree_is_parsed() {
        let store = DocumentStore::default();
        let second = edited_in_code(&store, "", "");
        assert!(!second.file.is_parsed(), "the edit waited for the whole tree");
        let fresh = SourceFile::parse(Language::Python, second.file.text());
        assert_eq!(seen(&second.analysis.findings), seen(&analyze(&fresh).findings));
        assert_eq!(second.analysis.findings.len(), 1, "{:?}", second.analysis.findings);
        second.prepare_next_edit();
        assert!(!second.is_complete(), "the next edit's preparation parsed the whole tree");
        second.complete();
        assert!(second.file.is_parsed());
        assert_eq!(second.file.root().to_sexp(), fresh.root().to_sexp());
        assert_eq!(*second.reach(), depth::check(&fresh, None).unwrap());
        // The next edit, analysed before the tree of the one before is: what asks for the tree
        // (hover) parses it then.
        store.change(&uri(), 3, &[edit((7, 10), (7, 11), "g")]).unwrap();
        let third = store.analyzed(&uri()).unwrap();
        assert!(!third.file.is_parsed());
        let fresh = SourceFile::parse(Language::Python, third.file.text());
        assert_eq!(seen(&third.analysis.findings), seen(&analyze(&fresh).findings));
        assert_eq!(third.file.root().to_sexp(), fresh.root().to_sexp());
        // Typing the line back breaks nothing of what comes after.
        store.change(&uri(), 4, &[edit((7, 10), (7, 11), "f")]).unwrap();
        let fourth = store.analyzed(&uri()).unwrap();
        let fresh = SourceFile::parse(Language::Python, fourth.file.text());
        assert_eq!(seen(&fourth.analysis.findings), seen(&analyze(&fresh).findings));
        assert_eq!(*fourth.reach(), depth::check(&fresh, None).unwrap());
    }

    /// Several edits between two analyses: the comparison of the texts reads only what they
    /// did not leave alone, and the results are a fresh analysis's.
    #[test]
    fn edits_between_analyses_give_a_fresh_analysis() {
        let store = DocumentStore::default();
        let functions: String = (0..12)
            .map(|index| format!("async def f{index}():\n    time.sleep({index})  # blocks\n    await g{index}()\n\n"))
            .collect();
        assert!(store.open(uri(), "python", 1, format!("import asyncio\nimport time\n\n{functions}")));
        let mut seed = 11u64;
        let mut below = |bound: u32| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as u32 % bound.max(1)
        };
        let mut version = 1;
        for _ in 0..80 {
            store.analyzed(&uri()).unwrap().prepare_next_edit();
            // Edits after one another, at lines above and below each other.
            for _ in 0..1 + below(3) {
                let line = 3 + below(40);
                let (column, typed) = [(4, "x"), (0, "# note\n"), (4, ""), (9, "z")][below(4) as usize];
                let end = if typed.is_empty() { column + 1 } else { column };
                version += 1;
                store.change(&uri(), version, &[edit((line, column), (line, end), typed)]).unwrap();
            }
            let analyzed = store.analyzed(&uri()).unwrap();
            let fresh = SourceFile::parse(Language::Python, analyzed.file.text());
            assert_eq!(seen(&analyzed.analysis.findings), seen(&analyze(&fresh).findings), "version {version}");
        }
    }

    /// Typing on in a comment after such an edit reads the comment off the window the edit
    /// was analysed from: neither version's whole tree is parsed, nor a window of either.
    #[test]
    fn a_comment_typed_after_an_edit_in_code_needs_no_parse() {
        let store = DocumentStore::default();
        let second = edited_in_code(&store, "  # idle", "# the end\n");
        assert!(!second.file.is_parsed() && second.window.is_some(), "not analysed from a window");
        // `# idle` is now at column 19.
        let mut version = 2;
        for (column, typed) in [(25, "r"), (26, " time"), (21, "")] {
            version += 1;
            let end = if typed.is_empty() { column + 1 } else { column };
            store.change(&uri(), version, &[edit((4, column), (4, end), typed)]).unwrap();
            let typed_on = store.analyzed(&uri()).unwrap();
            assert!(!typed_on.file.is_parsed(), "typing in a comment parsed the whole tree");
            assert_eq!(typed_on.reuse, Some(Reuse::CommentInWindow), "not read off the window kept");
            let fresh = SourceFile::parse(Language::Python, typed_on.file.text());
            assert_eq!(seen(&typed_on.analysis.findings), seen(&analyze(&fresh).findings));
            assert_eq!(typed_on.analysis.findings.len(), 1, "{:?}", typed_on.analysis.findings);
        }
        assert!(!second.file.is_parsed(), "the version before was parsed");
        // A comment far from the edit is read off a window of its own, kept for the keystrokes
        // after it.
        let last_line = 8 + 3 * 3000;
        for (version, column, typed, how) in [(6, 9, "s", Reuse::CommentOnly), (7, 10, " too", Reuse::CommentInWindow)]
        {
            store.change(&uri(), version, &[edit((last_line, column), (last_line, column), typed)]).unwrap();
            let typed_on = store.analyzed(&uri()).unwrap();
            assert!(!typed_on.file.is_parsed(), "version {version}");
            assert_eq!(typed_on.reuse, Some(how), "version {version}");
        }
        assert!(store.analyzed(&uri()).unwrap().file.text().ends_with("# the ends too\n"));
        let mut version = 7;
        assert!(store.analyzed(&uri()).unwrap().file.text().contains("time.sleep(1)  # dler time"));
        // Code typed next goes on from the window, and the whole tree is the fresh one.
        version += 1;
        store.change(&uri(), version, &[edit((7, 10), (7, 11), "g")]).unwrap();
        let last = store.analyzed(&uri()).unwrap();
        assert!(!last.file.is_parsed());
        let fresh = SourceFile::parse(Language::Python, last.file.text());
        assert_eq!(seen(&last.analysis.findings), seen(&analyze(&fresh).findings));
        last.complete();
        assert_eq!(last.file.root().to_sexp(), fresh.root().to_sexp());
        assert_eq!(*last.reach(), depth::check(&fresh, None).unwrap());
    }

    #[test]
    fn incremental_edits_keep_text_and_tree_in_step() {
        let store = DocumentStore::default();
        assert!(store.open(uri(), "python", 1, "async def f():\n    pass\n".into()));
        let first = store.analyzed(&uri()).unwrap();
        assert_eq!(first.analysis.sections.len(), 1);

        // Insert a line in the body, then turn the coroutine into a plain function.
        store.change(&uri(), 2, &[edit((1, 4), (1, 4), "import time; time.sleep(1)\n    ")]).unwrap();
        let second = store.analyzed(&uri()).unwrap();
        assert_eq!(second.analysis.findings.len(), 1);
        store.change(&uri(), 5, &[edit((0, 0), (0, 6), "")]).unwrap();
        let third = store.analyzed(&uri()).unwrap();
        assert_eq!(third.version, 5);
        assert!(third.analysis.sections.is_empty() && third.analysis.findings.is_empty());
        let fresh = SourceFile::parse(Language::Python, third.file.text());
        assert_eq!(third.file.root().to_sexp(), fresh.root().to_sexp());
    }

    /// A `.` typed after a call breaks the text; deleted, it makes the text of the version
    /// before again, whose tree and results come back without a parse (from the broken tree, a
    /// parse can cost as much as parsing the whole file afresh).
    #[test]
    fn a_dot_typed_and_deleted_brings_back_the_clean_tree() {
        let store = DocumentStore::default();
        let text = "import time

async def f():
    time.sleep(1)
";
        assert!(store.open(uri(), "python", 1, text.into()));
        let clean = store.analyzed(&uri()).unwrap();
        store.change(&uri(), 2, &[edit((3, 17), (3, 17), ".")]).unwrap();
        let broken = store.analyzed(&uri()).unwrap();
        assert!(broken.file.root().has_error() && broken.clean_base.is_some());
        store.change(&uri(), 3, &[edit((3, 17), (3, 18), "")]).unwrap();
        let again = store.analyzed(&uri()).unwrap();
        assert_eq!((again.version, again.file.text()), (3, text));
        assert!(again.clean_base.is_none());
        // A node's id is where the tree keeps it (the root's, in each copy of the tree): a
        // parse would have made the function holding the edit anew.
        let edited_item = |analyzed: &Analyzed| analyzed.file.root().child(1).map(|item| item.id());
        assert_eq!(edited_item(&again), edited_item(&clean), "the clean version's own tree");
        let ranges =
            |analyzed: &Analyzed| analyzed.analysis.findings.iter().map(|f| f.range.clone()).collect::<Vec<_>>();
        assert_eq!(ranges(&again), ranges(&clean));
        assert_eq!(ranges(&again).len(), 1, "the blocking sleep");
    }

    #[test]
    fn only_recently_used_documents_keep_their_analysis() {
        let store = DocumentStore::default();
        let uri_of = |index: usize| -> Uri { format!("file:///tmp/doc{index}.py").parse().unwrap() };
        let text = |index: usize| format!("import time\nasync def f{index}():\n    time.sleep({index})\n");
        for index in 0..KEEP_ANALYSED + 3 {
            store.open(uri_of(index), "python", 1, text(index));
            store.analyzed(&uri_of(index)).unwrap();
            // Asking again about the first document keeps it among the recently used.
            store.analyzed(&uri_of(0)).unwrap();
        }
        let kept = |index: usize| {
            let state = store.lock();
            let document = &state.documents[&uri_of(index)];
            assert_eq!(document.latest.is_some(), document.edited_tree.is_some());
            document.latest.is_some()
        };
        let kept_count = (0..KEEP_ANALYSED + 3).filter(|&index| kept(index)).count();
        assert_eq!(kept_count, KEEP_ANALYSED);
        assert!(kept(0) && !kept(1) && !kept(2) && kept(KEEP_ANALYSED + 2));

        // An evicted document is analysed afresh, with the same result, and edits still apply.
        let again = store.analyzed(&uri_of(1)).unwrap();
        let fresh = analyze(&SourceFile::parse(Language::Python, text(1)));
        let results = |analysis: &FileAnalysis| format!("{:?} {:?}", analysis.sections, analysis.findings);
        assert_eq!(results(&again.analysis), results(&fresh));
        assert!(kept(1));
        store.analyzed(&uri_of(2)).unwrap();
        store.change(&uri_of(2), 2, &[edit((2, 4), (2, 4), "await x; ")]).unwrap();
        let edited = store.analyzed(&uri_of(2)).unwrap();
        let fresh = SourceFile::parse(Language::Python, edited.file.text());
        assert_eq!(edited.file.root().to_sexp(), fresh.root().to_sexp());
        assert_eq!(results(&edited.analysis), results(&analyze(&fresh)));
    }

    #[test]
    fn rejects_stale_versions_and_unknown_documents() {
        let store = DocumentStore::default();
        store.open(uri(), "python", 3, "x = 1\n".into());
        assert_eq!(
            store.change(&uri(), 3, &[edit((0, 0), (0, 0), "#")]),
            Err(ChangeError::Stale { current: 3, received: 3 })
        );
        let other: Uri = "file:///tmp/other.py".parse().unwrap();
        assert_eq!(store.change(&other, 4, &[]), Err(ChangeError::NotOpen));
        assert_eq!(store.text(&uri()).unwrap(), "x = 1\n");
    }

    #[test]
    fn ignores_other_languages() {
        let store = DocumentStore::default();
        assert!(!store.open("file:///tmp/README.md".parse().unwrap(), "markdown", 1, "# hi".into()));
        assert!(store.open_documents().is_empty());
    }

    #[test]
    fn full_replacement_and_utf16_ranges() {
        let store = DocumentStore::default();
        store.open(uri(), "python", 1, "old".into());
        let full =
            TextDocumentContentChangeEvent { range: None, range_length: None, text: "# 😀 б\nx = 1\n".into() };
        store.change(&uri(), 2, &[full]).unwrap();
        // UTF-16: "# " (2) + emoji (2) + " " (1) puts "б" at character 5.
        store.change(&uri(), 3, &[edit((0, 5), (0, 6), "ж")]).unwrap();
        assert_eq!(store.text(&uri()).unwrap(), "# 😀 ж\nx = 1\n");
        store.set_encoding(Encoding::Utf8);
        // UTF-8: "# " (2) + emoji (4) + " " (1) puts "ж" at byte column 7.
        store.change(&uri(), 4, &[edit((0, 7), (0, 9), "z")]).unwrap();
        assert_eq!(store.text(&uri()).unwrap(), "# 😀 z\nx = 1\n");
    }

    #[test]
    fn limits_skip_analysis_but_keep_the_text_and_notice_once() {
        let store = DocumentStore::default();
        let (notices, mut received) = tokio::sync::mpsc::unbounded_channel();
        store.set_notices(notices);
        store.set_limits(Limits { max_file_size: Some(8), analysis_timeout: None });
        store.open(uri(), "python", 1, "import time\n".into());
        assert!(store.analyzed(&uri()).is_none());
        store.change(&uri(), 2, &[edit((1, 0), (1, 0), "x = 1\n")]).unwrap();
        assert!(store.analyzed(&uri()).is_none());
        assert_eq!(store.text(&uri()).unwrap(), "import time\nx = 1\n", "edits still apply");
        assert_eq!(store.skipped(&uri()), Some(Skipped::TooLarge { size: 18, limit: 8 }));
        let notice = received.try_recv().unwrap();
        assert!(notice.contains("over the maxFileSize limit of 8 bytes"), "{notice}");
        assert!(received.try_recv().is_err(), "one notice while the file stays too large");

        store.set_limits(Limits { max_file_size: None, analysis_timeout: Some(Duration::ZERO) });
        assert!(store.analyzed(&uri()).is_none());
        assert!(received.try_recv().unwrap().contains("took longer than the 0 ms time budget"));
        assert!(store.lock().documents[&uri()].over_budget == Some(2), "not retried for the same version");

        store.set_limits(Limits { max_file_size: None, analysis_timeout: None });
        assert_eq!(store.analyzed(&uri()).unwrap().version, 2);
        assert_eq!(store.skipped(&uri()), None);
    }
}
