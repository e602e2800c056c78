//! Divide and conquer with rayon::join: a parallel merge sort, plus a
//! chunked checksum with par_chunks.

use rayon::prelude::*;

const CUTOFF: usize = 4_096;

fn merge(left: &[u32], right: &[u32], out: &mut [u32]) {
    let (mut i, mut j, mut k) = (0, 0, 0);
    while i < left.len() && j < right.len() {
        if left[i] <= right[j] {
            out[k] = left[i];
            i += 1;
        } else {
            out[k] = right[j];
            j += 1;
        }
        k += 1;
    }
    out[k..k + left.len() - i].copy_from_slice(&left[i..]);
    let k = k + left.len() - i;
    out[k..].copy_from_slice(&right[j..]);
}

fn merge_sort(data: &mut [u32]) {
    if data.len() <= CUTOFF {
        data.sort_unstable();
        return;
    }
    let mid = data.len() / 2;
    {
        let (left, right) = data.split_at_mut(mid);
        // Both halves are sorted at the same time when threads are idle.
        rayon::join(|| merge_sort(left), || merge_sort(right));
    }
    let mut buffer = data.to_vec();
    let (left, right) = data.split_at(mid);
    merge(left, right, &mut buffer);
    data.copy_from_slice(&buffer);
}

fn checksum(data: &[u32]) -> u64 {
    data.par_chunks(1_024)
        .map(|chunk| chunk.iter().fold(0u64, |acc, &x| acc.rotate_left(5) ^ u64::from(x)))
        .reduce(|| 0, |a, b| a ^ b)
}

fn pseudo_random(n: usize) -> Vec<u32> {
    let mut state = 0x2545_f491u32;
    (0..n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state
        })
        .collect()
}

fn main() {
    let mut data = pseudo_random(1 << 20);
    let before = checksum(&data);

    merge_sort(&mut data);

    assert!(data.windows(2).all(|w| w[0] <= w[1]), "not sorted");
    println!("sorted {} numbers; checksum {before:#x}", data.len());
}
