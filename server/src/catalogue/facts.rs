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

fn all_facts() -> BTreeMap<String, Fact> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("catalogue/facts");
    let mut facts = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let file: FactsFile = toml::from_str(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        for (id, fact) in file.fact {
            assert!(facts.insert(id.clone(), fact).is_none(), "{id} has two facts");
        }
    }
    facts
}

#[test]
fn every_entry_states_its_key_fact_in_both_languages() {
    let catalogue = Catalogue::global();
    let facts = all_facts();
    let mut missing = Vec::new();
    let mut wrong = Vec::new();
    let hovers = catalogue
        .apis()
        .iter()
        .map(|entry| (&entry.id, [Locale::En, Locale::Ru].map(|l| render::api_hover(entry, l, Level::Beginner))))
        .chain(catalogue.concepts().iter().map(|entry| {
            (&entry.id, [Locale::En, Locale::Ru].map(|l| render::concept_hover(entry, l, Level::Beginner)))
        }));
    for (id, [english, russian]) in hovers {
        match facts.get(id) {
            None => missing.push(id.clone()),
            Some(fact) => {
                if !english.contains(&fact.en) {
                    wrong.push(format!("{id} (en): no `{}`", fact.en));
                }
                if !russian.contains(&fact.ru) {
                    wrong.push(format!("{id} (ru): no `{}`", fact.ru));
                }
            }
        }
    }
    assert!(missing.is_empty(), "entries without a pinned fact: {missing:?}");
    assert!(wrong.is_empty(), "hovers missing their key fact:\n{}", wrong.join("\n"));
    let known: Vec<&str> = catalogue
        .apis()
        .iter()
        .map(|e| e.id.as_str())
        .chain(catalogue.concepts().iter().map(|e| e.id.as_str()))
        .collect();
    let stray: Vec<&String> = facts.keys().filter(|id| !known.contains(&id.as_str())).collect();
    assert!(stray.is_empty(), "facts for entries that do not exist: {stray:?}");
}
