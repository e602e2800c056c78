//! Pins the key fact of every catalogue entry: `server/catalogue/facts/<file>.toml` says, for
//! each entry id, a phrase its hover must contain in English and in Russian (for example, that
//! the `ProcessPoolExecutor` hover says the work runs in separate processes). The facts are
//! kept apart from the texts so that rewording an entry cannot silently drop what it must say.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Catalogue, render};
use crate::locale::{Level, Locale};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FactsFile {
    #[serde(default)]
    fact: BTreeMap<String, Fact>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fact {
    en: String,
    ru: String,
}

/// Checks `catalogue` against facts files given as `(file name, contents)`; returns one line
/// per problem: a file that does not parse, an entry without a fact, a fact its hover lacks,
/// or a fact about an entry that does not exist.
pub fn check(catalogue: &Catalogue, files: &[(String, String)]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut facts = BTreeMap::new();
    for (name, contents) in files {
        match toml::from_str::<FactsFile>(contents) {
            Err(error) => problems.push(format!("{name}: {error}")),
            Ok(file) => {
                for (id, fact) in file.fact {
                    if facts.insert(id.clone(), fact).is_some() {
                        problems.push(format!("{name}: {id} has a second fact"));
                    }
                }
            }
        }
    }
    let hovers = catalogue
        .apis()
        .iter()
        .map(|entry| (&entry.id, [Locale::En, Locale::Ru].map(|l| render::api_hover(entry, l, Level::Beginner))))
        .chain(catalogue.concepts().iter().map(|entry| {
            (&entry.id, [Locale::En, Locale::Ru].map(|l| render::concept_hover(entry, l, Level::Beginner)))
        }));
    let mut known = Vec::new();
    for (id, [english, russian]) in hovers {
        known.push(id.as_str());
        match facts.get(id) {
            None => problems.push(format!("{id}: no pinned fact")),
            Some(fact) => {
                if !english.contains(&fact.en) {
                    problems.push(format!("{id} (en): the hover does not contain `{}`", fact.en));
                }
                if !russian.contains(&fact.ru) {
                    problems.push(format!("{id} (ru): the hover does not contain `{}`", fact.ru));
                }
            }
        }
    }
    problems
        .extend(facts.keys().filter(|id| !known.contains(&id.as_str())).map(|id| format!("{id}: a fact for no entry")));
    problems
}

/// The facts files on disk, for tests and the validator example.
pub fn files_on_disk(dir: &std::path::Path) -> std::io::Result<Vec<(String, String)>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|ext| ext == "toml") {
            files.push((path.display().to_string(), std::fs::read_to_string(&path)?));
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_states_its_key_fact_in_both_languages() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("catalogue/facts");
        let problems = check(Catalogue::global(), &files_on_disk(&dir).unwrap());
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
