use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use concurrency_tutor::analysis::{Language, prescan};
use std::time::Instant;
fn main() {
    let t = prescan::triggers(Language::Python);
    let words: Vec<&str> = t.literals().iter().filter(|l| l.whole_word).map(|l| l.text.as_str()).collect();
    let texts: Vec<String> = std::fs::read_to_string("/tmp/pyfiles")
        .unwrap()
        .lines()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    let total: usize = texts.iter().map(|t| t.len()).sum();
    for round in 0..2 {
        let t0 = Instant::now();
        let n = texts.iter().filter(|x| t.may_matter(x)).count();
        let t1 = Instant::now();
        println!("round {round} current may_matter: {n} files in {:?} ({} MB)", t1 - t0, total / 1_000_000);
        for kind in [None, Some(AhoCorasickKind::DFA), Some(AhoCorasickKind::ContiguousNFA)] {
            let ac = AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).kind(kind).build(&words).unwrap();
            let t2 = Instant::now();
            let m: usize = texts.iter().map(|x| ac.find_iter(x.as_str()).count()).sum();
            println!("  leftmost-longest {:?}: {m} matches in {:?}", kind, t2.elapsed());
        }
        let ac = AhoCorasick::builder().kind(Some(AhoCorasickKind::DFA)).build(&words).unwrap();
        let t2 = Instant::now();
        let m: usize = texts.iter().map(|x| ac.find_overlapping_iter(x.as_str()).count()).sum();
        println!("  overlapping DFA: {m} matches in {:?}", t2.elapsed());
    }
}
