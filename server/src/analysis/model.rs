//! Execution models, and where the work of each model runs.

use serde::{Deserialize, Serialize};

use crate::locale::{Bilingual, Locale};

/// How pieces of work relate in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Model {
    /// One step after another; the default, never hinted.
    Sequential,
    /// Tasks interleave cooperatively and switch only where they wait.
    Concurrent,
    /// Work runs at the same instant on several cores.
    Parallel,
    /// Kernels and tensor work on a graphics processor.
    #[serde(rename = "gpu")]
    Gpu,
    /// Work on other machines.
    Distributed,
}

impl Model {
    /// The word that names the model in hints. The English words are fixed (people and tools
    /// search for them); the Russian ones are adverbs, as a Russian speaker says "runs in parallel".
    pub fn word(self, locale: Locale) -> &'static str {
        let word = match self {
            Model::Sequential => Bilingual::new("sequential", "последовательно"),
            Model::Concurrent => Bilingual::new("concurrent", "конкурентно"),
            Model::Parallel => Bilingual::new("parallel", "параллельно"),
            Model::Gpu => Bilingual::new("GPU", "на GPU"),
            Model::Distributed => Bilingual::new("distributed", "распределённо"),
        };
        word.get(locale)
    }

    /// The identifier used in JSON output and data files.
    pub fn id(self) -> &'static str {
        match self {
            Model::Sequential => "sequential",
            Model::Concurrent => "concurrent",
            Model::Parallel => "parallel",
            Model::Gpu => "gpu",
            Model::Distributed => "distributed",
        }
    }
}

/// Where the work of a section physically runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RunsOn {
    /// The caller's own thread, one step after another.
    CurrentThread,
    /// A Python event loop: one thread, many coroutines.
    EventLoop,
    /// An async runtime's worker threads (tokio, async-std, smol).
    AsyncRuntime,
    /// A runtime with one thread (tokio's `current_thread` flavour): tasks only interleave.
    OneThread,
    /// The worker threads of a multi-thread runtime: tasks interleave and may run in parallel.
    RuntimeWorkers,
    /// Threads the operating system schedules preemptively.
    OsThreads,
    /// A pool of reusable threads (`ThreadPoolExecutor`, `asyncio.to_thread`).
    ThreadPool,
    /// A runtime's separate pool for blocking work (`spawn_blocking`).
    BlockingPool,
    /// rayon's work-stealing pool, one thread per core by default.
    RayonPool,
    /// Separate processes, each with its own memory (and, in Python, its own interpreter and GIL).
    WorkerProcesses,
    /// A graphics processor.
    Gpu,
    /// Other machines reached over the network.
    OtherMachines,
}

impl RunsOn {
    /// A short phrase for hints; `workers` is a count read from the code, when it is a literal.
    pub fn phrase(self, locale: Locale, workers: Option<u32>) -> String {
        match (workers, self.counted_noun(locale)) {
            (Some(count), Some(noun)) => format!("{count} {}", noun(count)),
            _ => self.name(locale).to_owned(),
        }
    }

    pub fn name(self, locale: Locale) -> &'static str {
        let name = match self {
            RunsOn::CurrentThread => Bilingual::new("current thread", "текущий поток"),
            RunsOn::EventLoop => Bilingual::new("event loop", "цикл событий"),
            RunsOn::AsyncRuntime => Bilingual::new("async runtime", "асинхронная среда"),
            RunsOn::OneThread => Bilingual::new("one thread", "один поток"),
            RunsOn::RuntimeWorkers => Bilingual::new("runtime worker threads", "рабочие потоки среды"),
            RunsOn::OsThreads => Bilingual::new("OS threads", "потоки ОС"),
            RunsOn::ThreadPool => Bilingual::new("thread pool", "пул потоков"),
            RunsOn::BlockingPool => Bilingual::new("blocking pool", "пул блокирующих задач"),
            RunsOn::RayonPool => Bilingual::new("rayon thread pool", "пул потоков rayon"),
            RunsOn::WorkerProcesses => Bilingual::new("worker processes", "рабочие процессы"),
            RunsOn::Gpu => Bilingual::new("device", "устройство"),
            RunsOn::OtherMachines => Bilingual::new("other machines", "другие машины"),
        };
        name.get(locale)
    }

    /// For places whose size the code may state, the noun to count them with.
    fn counted_noun(self, locale: Locale) -> Option<fn(u32) -> &'static str> {
        match (self, locale) {
            (RunsOn::WorkerProcesses, Locale::En) => Some(|n| plural_en(n, "worker process", "worker processes")),
            (RunsOn::WorkerProcesses, Locale::Ru) => {
                Some(|n| plural_ru(n, ["рабочий процесс", "рабочих процесса", "рабочих процессов"]))
            }
            (RunsOn::ThreadPool | RunsOn::OsThreads, Locale::En) => Some(|n| plural_en(n, "thread", "threads")),
            (RunsOn::ThreadPool | RunsOn::OsThreads, Locale::Ru) => {
                Some(|n| plural_ru(n, ["поток", "потока", "потоков"]))
            }
            _ => None,
        }
    }
}

fn plural_en(count: u32, one: &'static str, many: &'static str) -> &'static str {
    if count == 1 { one } else { many }
}

/// Russian nouns take one of three forms after a number: 1, 21 процесс; 2–4, 22 процесса;
/// 5–20, 25 процессов.
fn plural_ru(count: u32, [one, few, many]: [&'static str; 3]) -> &'static str {
    match (count % 10, count % 100) {
        (1, rest) if rest != 11 => one,
        (2..=4, rest) if !(12..=14).contains(&rest) => few,
        _ => many,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_workers_with_correct_plurals() {
        assert_eq!(RunsOn::WorkerProcesses.phrase(Locale::En, Some(4)), "4 worker processes");
        assert_eq!(RunsOn::WorkerProcesses.phrase(Locale::En, Some(1)), "1 worker process");
        assert_eq!(RunsOn::WorkerProcesses.phrase(Locale::Ru, Some(1)), "1 рабочий процесс");
        assert_eq!(RunsOn::WorkerProcesses.phrase(Locale::Ru, Some(4)), "4 рабочих процесса");
        assert_eq!(RunsOn::WorkerProcesses.phrase(Locale::Ru, Some(11)), "11 рабочих процессов");
        assert_eq!(RunsOn::WorkerProcesses.phrase(Locale::Ru, Some(22)), "22 рабочих процесса");
        assert_eq!(RunsOn::ThreadPool.phrase(Locale::Ru, Some(5)), "5 потоков");
        assert_eq!(RunsOn::WorkerProcesses.phrase(Locale::En, None), "worker processes");
        assert_eq!(RunsOn::EventLoop.phrase(Locale::En, Some(3)), "event loop");
    }
}
