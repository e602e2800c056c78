//! The knowledge base: every API and concept the tutor explains, loaded from TOML data files
//! compiled into the binary (`server/catalogue/*.toml`).
//!
//! APIs and concepts share one format; each text exists in English and Russian. Loading
//! validates every entry, and a test loads the whole catalogue, so a broken entry fails the
//! build rather than a user's hover.

pub mod render;
pub mod terms;

pub mod facts;

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::analysis::fast_hash::FastMap;
use crate::analysis::{Language, Model, RunsOn};
use crate::locale::Locale;

/// The data files, in load order, as the build compiled them to JSON (see `server/build.rs`):
/// JSON loads in less than half the time of the TOML the files are written in.
macro_rules! compiled {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!(env!("OUT_DIR"), "/", $name, ".json")))),*]
    };
}

const COMPILED: &[(&str, &str)] = compiled!(
    "python.toml",
    "python_asyncio.toml",
    "python_ecosystem.toml",
    "rust.toml",
    "rust_tokio.toml",
    "rust_ecosystem.toml",
    "concepts.toml",
);

/// One file of the catalogue.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogueFile {
    #[serde(default)]
    api: Vec<ApiEntry>,
    #[serde(default)]
    concept: Vec<ConceptEntry>,
}

/// An API, keyword or syntax form, and what it does to where code runs.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiEntry {
    pub id: String,
    pub language: Language,
    pub kind: Kind,
    /// Fully qualified names that refer to it (`asyncio.gather`, `tokio::task::spawn`).
    #[serde(default)]
    pub names: Vec<String>,
    /// Method names that refer to it whatever the receiver (`par_iter`).
    #[serde(default)]
    pub methods: Vec<String>,
    /// Keywords that refer to it (`async`, `await`).
    #[serde(default)]
    pub keywords: Vec<String>,
    /// The model of the work it starts.
    pub model: Model,
    /// Where that work runs.
    pub runs_on: RunsOn,
    /// How using it hands work to its model; empty for primitives (locks, queues) and for
    /// blocking calls, which start nothing.
    #[serde(default)]
    pub starts: Vec<Start>,
    /// Which argument is the function or awaitable sent elsewhere (`target=`, `fn`, the
    /// future given to `spawn`), for entries that start work by a call.
    #[serde(default)]
    pub work: Option<Argument>,
    /// Which argument sets the number of workers, when the API has one.
    #[serde(default)]
    pub workers: Option<Argument>,
    /// Receiver-agnostic `methods` match only in files that mention this text (a crate or
    /// module name): `launch` is cudarc's only where cudarc is used.
    #[serde(default)]
    pub context: Option<String>,
    /// Calling it holds the calling thread until it returns (I/O, sleeping, waiting): inside
    /// async code that stalls every task sharing the thread.
    #[serde(default)]
    pub blocking: bool,
    /// A call returns an awaitable that does its work (or reports its result) only when
    /// awaited: calling it and dropping the result is a bug.
    #[serde(default)]
    pub awaitable: bool,
    /// Every method called on an instance is a remote call: generated gRPC stubs, whose
    /// method names come from the service definition.
    #[serde(default)]
    pub remote_methods: bool,
    /// The type of the handle a scope passes to its closure (`std::thread::Scope` for
    /// `thread::scope(|s| ..)`), so calls on it (`s.spawn`) resolve.
    #[serde(default)]
    pub handle: Option<String>,
    /// A keyword argument the call or decorator must have for `starts` to apply:
    /// `numba.njit` starts parallel work only with `parallel=True`.
    #[serde(default)]
    pub when: Option<Condition>,
    /// The qualified type of what a call returns (`asyncio.get_running_loop` returns
    /// `asyncio.AbstractEventLoop`), so methods on the result resolve. Classes return
    /// themselves without saying so.
    #[serde(default)]
    pub returns: Option<String>,
    /// The official documentation.
    pub docs: String,
    /// Ids of related concepts.
    #[serde(default)]
    pub concepts: Vec<String>,
    pub en: Texts,
    pub ru: Texts,
}

/// What an entry is, as the user writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Module,
    Function,
    Class,
    Method,
    Macro,
    Attribute,
    Decorator,
    Keyword,
}

/// How an API hands work to its model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Start {
    /// Calling it sends work elsewhere: `create_task(coro)`, `submit(fn)`, `tokio::spawn(fut)`.
    Call,
    /// The body of a `with` / `async with` block runs under it: executors, pools, task groups.
    With,
    /// A function it decorates runs under it: `@app.task`, `@ray.remote`, `@cuda.jit`.
    Decorator,
    /// A method chain from it runs under it: `.par_iter().map(..)`.
    Chain,
    /// The body it introduces: `async def`, `async fn`, `async { }`.
    Body,
    /// The closure it is given is a scope of its own: `thread::scope(|s| ..)`, `rayon::scope`.
    Scope,
    /// A kernel launch: `kernel[blocks, threads](args)`, `launch!`.
    Launch,
    /// Calling what it returns sends work elsewhere: a Celery canvas `chord(header)(callback)`.
    Invoke,
}

/// An argument position: by keyword, or by zero-based position among positional arguments.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Argument {
    #[serde(default)]
    pub keyword: Option<String>,
    #[serde(default)]
    pub position: Option<usize>,
    /// Every positional argument from `position` on (`asyncio.gather(*aws)`, `tokio::join!`).
    #[serde(default)]
    pub variadic: bool,
}

/// An argument a call or decorator must have: `parallel=True` (by keyword, compared as
/// source text) or `"cuda..."` (by position, a string starting with a prefix). The section it
/// starts may run under another model than the entry's own: plain `@njit` is sequential,
/// `@njit(parallel=True)` is parallel.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    #[serde(default)]
    pub keyword: Option<String>,
    #[serde(default)]
    pub position: Option<usize>,
    #[serde(default)]
    pub equals: Option<String>,
    #[serde(default)]
    pub prefix: Option<String>,
    #[serde(default)]
    pub model: Option<Model>,
    #[serde(default)]
    pub runs_on: Option<RunsOn>,
}

/// The words of an entry in one language.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Texts {
    /// One line: what it is.
    pub summary: String,
    /// A short paragraph: what it does and where it runs.
    pub explanation: String,
    /// An everyday picture of the same idea, shown at the beginner level.
    #[serde(default)]
    pub analogy: Option<String>,
    #[serde(default)]
    pub pitfalls: Vec<String>,
    /// What to use instead, or what to convert to.
    #[serde(default)]
    pub instead: Option<String>,
    /// Two short lines for the inlay hint tooltip of a section this API starts.
    #[serde(default)]
    pub hint: Option<String>,
    /// Where the work runs, more precisely than `runs_on` says, for the hint label
    /// ("OS threads under the GIL", "Celery workers").
    #[serde(default)]
    pub place: Option<String>,
}

/// A concurrency idea, recognised by its terms in comments and strings.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConceptEntry {
    pub id: String,
    /// Words and phrases that name it, lower-case, in both languages.
    pub terms: Vec<String>,
    pub docs: String,
    pub en: Texts,
    pub ru: Texts,
}

impl Condition {
    /// The condition as code: `parallel=True`, `"cuda…"`.
    pub fn describe(&self) -> String {
        let value = match (&self.equals, &self.prefix) {
            (Some(equals), _) => equals.clone(),
            (None, Some(prefix)) => format!("\"{prefix}…\""),
            (None, None) => String::new(),
        };
        match &self.keyword {
            Some(keyword) => format!("{keyword}={value}"),
            None => value,
        }
    }
}

impl ApiEntry {
    pub fn texts(&self, locale: Locale) -> &Texts {
        match locale {
            Locale::En => &self.en,
            Locale::Ru => &self.ru,
        }
    }
}

impl ConceptEntry {
    pub fn texts(&self, locale: Locale) -> &Texts {
        match locale {
            Locale::En => &self.en,
            Locale::Ru => &self.ru,
        }
    }
}

/// The loaded catalogue with its lookup tables.
#[derive(Debug)]
pub struct Catalogue {
    apis: Vec<ApiEntry>,
    concepts: Vec<ConceptEntry>,
    by_name: Lookup,
    by_method: Lookup,
    by_keyword: Lookup,
    terms: terms::TermIndex,
}

/// Entry indices by key, one table per language (in [`Language`] order): looked up for every
/// call the analysis resolves, by a borrowed `&str`, so a lookup neither allocates nor runs the
/// standard library's slower default hasher.
type Lookup = [FastMap<String, usize>; 2];

static GLOBAL: LazyLock<Catalogue> = LazyLock::new(|| {
    let parse = |json: &str| serde_json::from_str::<CatalogueFile>(json).map_err(|error| error.to_string());
    Catalogue::load_with(COMPILED, parse).unwrap_or_else(|error| panic!("the bundled catalogue is invalid: {error}"))
});

impl Catalogue {
    /// The catalogue compiled into this binary.
    pub fn global() -> &'static Catalogue {
        &GLOBAL
    }

    /// Parses and validates catalogue files given as `(file name, TOML contents)`.
    pub fn load(sources: &[(&str, &str)]) -> Result<Catalogue, String> {
        Catalogue::load_with(sources, |toml| toml::from_str::<CatalogueFile>(toml).map_err(|error| error.to_string()))
    }

    /// [`Catalogue::load`], for files in the format `parse_file` reads.
    fn load_with(
        sources: &[(&str, &str)],
        parse_file: impl Fn(&str) -> Result<CatalogueFile, String> + Sync,
    ) -> Result<Catalogue, String> {
        let mut catalogue = Catalogue {
            apis: Vec::new(),
            concepts: Vec::new(),
            by_name: Lookup::default(),
            by_method: Lookup::default(),
            by_keyword: Lookup::default(),
            terms: terms::TermIndex::default(),
        };
        // Parsing is most of a `check`'s start-up, when every other thread waits for the
        // catalogue: the files are parsed side by side, then taken in their order.
        let parse = |(file_name, contents): &(&str, &str)| {
            parse_file(contents).map_err(|error| format!("{file_name}: {error}"))
        };
        let parsed: Vec<Result<CatalogueFile, String>> = std::thread::scope(|scope| {
            let (first, rest) = sources.split_at(sources.len() / 2);
            let other = std::thread::Builder::new().spawn_scoped(scope, || rest.iter().map(parse).collect::<Vec<_>>());
            let mut parsed: Vec<_> = first.iter().map(parse).collect();
            match other.map(|handle| handle.join()) {
                Ok(Ok(rest_parsed)) => parsed.extend(rest_parsed),
                // No thread to spare (or it failed): parse the rest here.
                _ => parsed.extend(rest.iter().map(parse)),
            }
            parsed
        });
        for file in parsed {
            let file = file?;
            catalogue.apis.extend(file.api);
            catalogue.concepts.extend(file.concept);
        }
        catalogue.index()?;
        catalogue.validate()?;
        Ok(catalogue)
    }

    fn index(&mut self) -> Result<(), String> {
        let mut owners: HashMap<String, &str> = HashMap::new();
        for (index, concept) in self.concepts.iter().enumerate() {
            for term in &concept.terms {
                if let Some(other) = owners.insert(term.clone(), &concept.id) {
                    return Err(format!("term `{term}` belongs to both {other} and {}", concept.id));
                }
                self.terms.add(term, index);
            }
        }
        for (index, entry) in self.apis.iter().enumerate() {
            let keys = [
                (&mut self.by_name, &entry.names, "name"),
                (&mut self.by_method, &entry.methods, "method"),
                (&mut self.by_keyword, &entry.keywords, "keyword"),
            ];
            for (table, values, what) in keys {
                for value in values {
                    if let Some(previous) = table[entry.language as usize].insert(value.clone(), index) {
                        return Err(format!(
                            "{what} `{value}` belongs to both {} and {}",
                            self.apis[previous].id, entry.id
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    fn validate(&self) -> Result<(), String> {
        let mut ids = HashMap::new();
        let concept_ids: std::collections::HashSet<&str> = self.concepts.iter().map(|c| c.id.as_str()).collect();
        for entry in &self.apis {
            let fail = |problem: &str| Err(format!("api {}: {problem}", entry.id));
            if ids.insert(entry.id.as_str(), ()).is_some() {
                return fail("duplicate id");
            }
            if entry.names.is_empty() && entry.methods.is_empty() && entry.keywords.is_empty() {
                return fail("nothing recognises it: give names, methods or keywords");
            }
            if let Some(unknown) = entry.concepts.iter().find(|c| !concept_ids.contains(&c.as_str())) {
                return fail(&format!("related concept `{unknown}` is not in the catalogue"));
            }
            validate_docs(&entry.docs).or_else(|problem| fail(&problem))?;
            validate_texts(&entry.en, &entry.ru).or_else(|problem| fail(&problem))?;
            let started_model = entry.when.as_ref().and_then(|when| when.model).unwrap_or(entry.model);
            if !entry.starts.is_empty() && (entry.en.hint.is_none() || started_model == Model::Sequential) {
                return fail("an API that starts work needs a non-sequential model and a hint text");
            }
            if entry.starts.is_empty() && entry.en.hint.is_some() {
                return fail("a hint is shown only for sections: give `starts` or drop the hint");
            }
            if let Some(when) = &entry.when {
                let selects = when.keyword.is_some() || when.position.is_some();
                let tests = when.equals.is_some() || when.prefix.is_some();
                if !selects || !tests {
                    return fail("a `when` needs a keyword or position, and `equals` or `prefix`");
                }
            }
            if entry.kind == Kind::Method && entry.names.iter().any(|name| !name.contains(['.', ':'])) {
                return fail("method names are qualified by their type: `asyncio.Task.cancel`");
            }
        }
        for concept in &self.concepts {
            let fail = |problem: &str| Err(format!("concept {}: {problem}", concept.id));
            if ids.insert(concept.id.as_str(), ()).is_some() {
                return fail("duplicate id");
            }
            if concept.terms.is_empty() || concept.terms.iter().any(|t| t.trim().is_empty() || *t != t.to_lowercase()) {
                return fail("terms must be non-empty and lower-case");
            }
            validate_docs(&concept.docs).or_else(|problem| fail(&problem))?;
            validate_texts(&concept.en, &concept.ru).or_else(|problem| fail(&problem))?;
        }
        Ok(())
    }

    pub fn apis(&self) -> &[ApiEntry] {
        &self.apis
    }

    pub fn concepts(&self) -> &[ConceptEntry] {
        &self.concepts
    }

    pub fn api(&self, id: &str) -> Option<&ApiEntry> {
        self.apis.iter().find(|entry| entry.id == id)
    }

    pub fn concept(&self, id: &str) -> Option<&ConceptEntry> {
        self.concepts.iter().find(|entry| entry.id == id)
    }

    pub fn api_by_name(&self, language: Language, qualified: &str) -> Option<&ApiEntry> {
        self.by_name[language as usize].get(qualified).map(|&i| &self.apis[i])
    }

    pub fn api_by_method(&self, language: Language, method: &str) -> Option<&ApiEntry> {
        self.by_method[language as usize].get(method).map(|&i| &self.apis[i])
    }

    /// The concept named by a term covering `offset` in free text, with the term's range.
    pub fn concept_at(&self, text: &str, offset: usize) -> Option<(&ConceptEntry, std::ops::Range<usize>)> {
        self.terms.find(text, offset).map(|(index, range)| (&self.concepts[index], range))
    }

    pub fn api_by_keyword(&self, language: Language, keyword: &str) -> Option<&ApiEntry> {
        self.by_keyword[language as usize].get(keyword).map(|&i| &self.apis[i])
    }
}

fn validate_docs(url: &str) -> Result<(), String> {
    if url.starts_with("https://") && !url.contains(char::is_whitespace) {
        Ok(())
    } else {
        Err(format!("documentation link `{url}` must be an https URL"))
    }
}

/// Both languages must say the same kinds of thing: a summary, an explanation, as many
/// pitfalls, and the optional parts in both or neither.
fn validate_texts(en: &Texts, ru: &Texts) -> Result<(), String> {
    for (language, texts) in [("en", en), ("ru", ru)] {
        if texts.summary.trim().is_empty() || texts.explanation.trim().is_empty() {
            return Err(format!("{language}: summary and explanation are required"));
        }
        if texts.summary.contains('\n') {
            return Err(format!("{language}: the summary must be one line"));
        }
        if let Some(hint) = &texts.hint {
            if hint.trim().lines().count() != 2 {
                return Err(format!("{language}: a hint is exactly two lines"));
            }
        }
    }
    if !ru.summary.chars().any(|c| matches!(c, 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё')) {
        return Err("ru: the Russian summary is not in Russian".into());
    }
    let same_shape = en.pitfalls.len() == ru.pitfalls.len()
        && en.analogy.is_some() == ru.analogy.is_some()
        && en.instead.is_some() == ru.instead.is_some()
        && en.hint.is_some() == ru.hint.is_some()
        && en.place.is_some() == ru.place.is_some();
    if same_shape { Ok(()) } else { Err("the English and Russian texts differ in which parts they have".into()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_catalogue_loads_and_validates() {
        let catalogue = Catalogue::global();
        assert!(catalogue.apis().len() >= 14, "{} apis", catalogue.apis().len());
        assert!(catalogue.concepts().len() >= 8);
    }

    #[test]
    fn every_catalogue_file_is_compiled_in() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("catalogue");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".toml"))
            .collect();
        on_disk.sort();
        let mut compiled: Vec<&str> = COMPILED.iter().map(|(name, _)| *name).collect();
        compiled.sort();
        assert_eq!(on_disk, compiled);
    }

    /// The JSON the build compiled is the TOML the team wrote: loading the TOML files gives
    /// the same catalogue (and a schema error here names the TOML file and line).
    #[test]
    fn the_compiled_catalogue_is_the_toml_catalogue() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("catalogue");
        let sources: Vec<(&str, String)> =
            COMPILED.iter().map(|(name, _)| (*name, std::fs::read_to_string(dir.join(name)).unwrap())).collect();
        let sources: Vec<(&str, &str)> = sources.iter().map(|(name, text)| (*name, text.as_str())).collect();
        let from_toml = Catalogue::load(&sources).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(format!("{from_toml:?}"), format!("{:?}", Catalogue::global()));
    }

    #[test]
    fn finds_entries_by_name_method_and_keyword() {
        let catalogue = Catalogue::global();
        let gather = catalogue.api_by_name(Language::Python, "asyncio.gather").unwrap();
        assert_eq!((gather.model, gather.runs_on), (Model::Concurrent, RunsOn::EventLoop));
        let par_iter = catalogue.api_by_method(Language::Rust, "par_iter").unwrap();
        assert_eq!((par_iter.model, par_iter.runs_on), (Model::Parallel, RunsOn::RayonPool));
        assert!(catalogue.api_by_keyword(Language::Python, "await").is_some());
        assert!(catalogue.api_by_keyword(Language::Rust, "async block").is_some());
        assert!(catalogue.api_by_name(Language::Rust, "asyncio.gather").is_none());
    }

    #[test]
    fn validation_rejects_broken_entries() {
        let entry = |extra: &str, ru_summary: &str| {
            format!(
                "[[api]]\nid = \"x\"\nlanguage = \"python\"\nkind = \"function\"\n{extra}\nmodel = \"sequential\"\nruns_on = \"current-thread\"\n\
                 docs = \"https://example.org\"\n[api.en]\nsummary = \"s\"\nexplanation = \"e\"\n\
                 [api.ru]\nsummary = \"{ru_summary}\"\nexplanation = \"о\"\n"
            )
        };
        assert!(Catalogue::load(&[("ok.toml", &entry("names = [\"x\"]", "сводка"))]).is_ok());
        let nothing = Catalogue::load(&[("a.toml", &entry("", "сводка"))]).unwrap_err();
        assert!(nothing.contains("nothing recognises it"), "{nothing}");
        let english = Catalogue::load(&[("a.toml", &entry("names = [\"x\"]", "summary"))]).unwrap_err();
        assert!(english.contains("not in Russian"), "{english}");
        let concept =
            Catalogue::load(&[("a.toml", &entry("names = [\"x\"]\nconcepts = [\"nope\"]", "сводка"))]).unwrap_err();
        assert!(concept.contains("`nope`"), "{concept}");
        let typo = Catalogue::load(&[("a.toml", &entry("nmes = [\"x\"]", "сводка"))]).unwrap_err();
        assert!(typo.contains("a.toml"), "{typo}");
    }
}
