// Частотный словарь: читает текст из файла или stdin, приводит слова
// к нижнему регистру, отбрасывает стоп-слова и печатает топ-N.
// Всё выполняется последовательно, в одном потоке.

use std::collections::{HashMap, HashSet};
use std::io::{self, Read};

const STOP_WORDS: &[&str] = &["и", "в", "не", "на", "что", "с", "а", "the", "a", "of", "and", "to"];

fn read_input() -> io::Result<String> {
    match std::env::args().nth(1) {
        Some(path) => std::fs::read_to_string(path),
        None => {
            let mut text = String::new();
            io::stdin().read_to_string(&mut text)?;
            Ok(text)
        }
    }
}

// Разбивает текст на слова: буквы и дефис внутри слова.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphabetic() || c == '-'))
        .map(|w| w.trim_matches('-'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

fn top_n(counts: &HashMap<String, usize>, n: usize) -> Vec<(&str, usize)> {
    let mut pairs: Vec<(&str, usize)> = counts.iter().map(|(w, &c)| (w.as_str(), c)).collect();
    // Сначала по убыванию частоты, затем по алфавиту — вывод стабилен.
    pairs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    pairs.truncate(n);
    pairs
}

fn main() -> io::Result<()> {
    let text = read_input()?;
    let stop: HashSet<&str> = STOP_WORDS.iter().copied().collect();

    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut total = 0usize;
    for word in words(&text).filter(|w| !stop.contains(w.as_str())) {
        *counts.entry(word).or_default() += 1;
        total += 1;
    }

    let n = std::env::var("TOP").ok().and_then(|v| v.parse().ok()).unwrap_or(10);
    println!("слов всего: {total}, различных: {}", counts.len());
    for (rank, (word, count)) in top_n(&counts, n).into_iter().enumerate() {
        let share = 100.0 * count as f64 / total.max(1) as f64;
        println!("{:>3}. {word:<20} {count:>6} ({share:.1}%)", rank + 1);
    }
    Ok(())
}
