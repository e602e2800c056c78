// Статистика по большому массиву измерений: каждая четверть считается
// в своём потоке. std::thread::scope позволяет потокам занимать срез
// без Arc и без копирования — все потоки гарантированно завершатся
// до выхода из scope.

use std::thread;

#[derive(Debug, Default, Clone, Copy)]
struct Stats {
    count: usize,
    sum: f64,
    min: f64,
    max: f64,
}

impl Stats {
    fn of(values: &[f64]) -> Stats {
        let mut s = Stats { count: 0, sum: 0.0, min: f64::INFINITY, max: f64::NEG_INFINITY };
        for &v in values {
            s.count += 1;
            s.sum += v;
            s.min = s.min.min(v);
            s.max = s.max.max(v);
        }
        s
    }

    // Объединяет результаты двух частей.
    fn merge(self, other: Stats) -> Stats {
        Stats {
            count: self.count + other.count,
            sum: self.sum + other.sum,
            min: self.min.min(other.min),
            max: self.max.max(other.max),
        }
    }
}

fn measurements(n: usize) -> Vec<f64> {
    // Детерминированный «шум», чтобы не тянуть зависимость rand.
    (0..n).map(|i| ((i * 7919) % 1000) as f64 / 10.0).collect()
}

fn main() {
    let data = measurements(1_000_000);
    let workers = thread::available_parallelism().map(|n| n.get()).unwrap_or(4);
    let chunk = data.len().div_ceil(workers);

    let mut partial = Vec::new();
    thread::scope(|s| {
        let handles: Vec<_> = data
            .chunks(chunk)
            .map(|part| s.spawn(move || Stats::of(part)))
            .collect();
        // Собираем результаты внутри scope: join() возвращает Stats.
        for h in handles {
            partial.push(h.join().expect("поток упал"));
        }
    });

    let total = partial.into_iter().fold(Stats::of(&[]), Stats::merge);
    println!("потоков: {workers}");
    println!("n = {}, среднее = {:.3}", total.count, total.sum / total.count as f64);
    println!("min = {:.1}, max = {:.1}", total.min, total.max);
}
