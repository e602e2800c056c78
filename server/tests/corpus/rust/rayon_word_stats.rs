//! Tutorial: the same computations written with std iterators and with rayon.
//! Changing `iter()` to `par_iter()` is often all it takes.

use rayon::prelude::*;

fn syllables(word: &str) -> usize {
    let vowels = "aeiouy";
    let mut count = 0;
    let mut prev_vowel = false;
    for c in word.chars() {
        let is_vowel = vowels.contains(c.to_ascii_lowercase());
        if is_vowel && !prev_vowel {
            count += 1;
        }
        prev_vowel = is_vowel;
    }
    count.max(1)
}

fn corpus() -> Vec<String> {
    let text = "the quick brown fox jumps over the lazy dog while \
                an energetic otter paddles beneath a crumbling aqueduct";
    text.split_whitespace().cycle().take(200_000).map(str::to_owned).collect()
}

fn main() {
    let words = corpus();

    // Sequential version, for comparison.
    let seq_total: usize = words.iter().map(|w| syllables(w)).sum();

    // Parallel version: rayon splits the slice across its thread pool.
    let par_total: usize = words.par_iter().map(|w| syllables(w)).sum();
    assert_eq!(seq_total, par_total);
    println!("syllables: {par_total}");

    // A longer chain; the parallel part starts on the par_iter line.
    let long_words: Vec<&String> = words
        .par_iter()
        .filter(|w| w.len() > 6)
        .collect();
    println!("long words: {}", long_words.len());

    // into_par_iter over a range.
    let squares: u64 = (1..=1_000_000u64).into_par_iter().map(|n| n * n % 1_000_007).sum();
    println!("sum of squares mod p: {squares}");

    // Parallel sort of owned data.
    let mut lengths: Vec<usize> = words.iter().map(String::len).collect();
    lengths.par_sort_unstable();
    lengths.dedup();
    println!("distinct lengths: {lengths:?}");

    // Mutating in place.
    let mut scores = vec![1.0f64; 10_000];
    scores.par_iter_mut().enumerate().for_each(|(i, s)| *s = (i as f64).sqrt());
    println!("last score: {:.2}", scores[scores.len() - 1]);
}
