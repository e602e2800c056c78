//! Monthly sales report built only from ordinary iterator chains:
//! iter().map(), filter, fold, chunks and sort_by_key. No rayon here.

use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Region {
    North,
    South,
    East,
    West,
}

#[derive(Debug, Clone)]
struct Sale {
    month: u8,
    region: Region,
    units: u32,
    unit_price_cents: u64,
}

impl Sale {
    fn revenue(&self) -> u64 {
        u64::from(self.units) * self.unit_price_cents
    }
}

fn sample_sales() -> Vec<Sale> {
    let regions = [Region::North, Region::South, Region::East, Region::West];
    (0..120u32)
        .map(|i| Sale {
            month: (i % 12) as u8 + 1,
            region: regions[(i as usize * 7) % regions.len()],
            units: 5 + (i * 13) % 40,
            unit_price_cents: 999 + u64::from(i % 5) * 250,
        })
        .collect()
}

fn main() {
    let sales = sample_sales();

    let total: u64 = sales.iter().map(Sale::revenue).sum();
    let big_orders = sales.iter().filter(|s| s.units >= 40).count();

    let by_region: BTreeMap<Region, u64> = sales.iter().fold(BTreeMap::new(), |mut acc, s| {
        *acc.entry(s.region).or_insert(0) += s.revenue();
        acc
    });

    let mut by_month: Vec<(u8, u64)> = (1..=12u8)
        .map(|m| (m, sales.iter().filter(|s| s.month == m).map(|s| s.revenue()).sum()))
        .collect();
    by_month.sort_by_key(|&(_, revenue)| std::cmp::Reverse(revenue));

    println!("total revenue: {:.2}", total as f64 / 100.0);
    println!("orders with 40+ units: {big_orders}");
    for (region, revenue) in &by_region {
        println!("{region:?}: {:.2}", *revenue as f64 / 100.0);
    }

    println!("best months:");
    for (month, revenue) in by_month.iter().take(3) {
        println!("  {month:02}: {:.2}", *revenue as f64 / 100.0);
    }

    // Quarterly totals: chunks of three months, in calendar order.
    let mut calendar = by_month.clone();
    calendar.sort_unstable_by_key(|&(m, _)| m);
    let quarters: Vec<u64> = calendar.chunks(3).map(|q| q.iter().map(|&(_, r)| r).sum()).collect();
    for (i, q) in quarters.iter().enumerate() {
        println!("Q{}: {:.2}", i + 1, *q as f64 / 100.0);
    }
}
