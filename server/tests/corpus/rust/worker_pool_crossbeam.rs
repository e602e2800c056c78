//! A fixed-size worker pool over a crossbeam channel, used by an image
//! thumbnailer. Jobs are boxed closures; results come back on a second channel.

use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crossbeam::channel::{bounded, unbounded, Receiver, Sender};
use log::{error, info};

type Job = Box<dyn FnOnce() -> Result<Thumbnail, String> + Send + 'static>;

#[derive(Debug)]
pub struct Thumbnail {
    pub name: String,
    pub pixels: usize,
}

pub struct WorkerPool {
    jobs: Option<Sender<Job>>,
    workers: Vec<JoinHandle<()>>,
}

impl WorkerPool {
    pub fn new(size: usize, results: Sender<Result<Thumbnail, String>>) -> std::io::Result<Self> {
        let (tx, rx): (Sender<Job>, Receiver<Job>) = bounded(size * 4);
        let mut workers = Vec::with_capacity(size);
        for id in 0..size {
            let rx = rx.clone();
            let results = results.clone();
            let handle = thread::Builder::new().name(format!("thumb-{id}")).spawn(move || {
                // The loop ends when every Sender<Job> has been dropped.
                for job in rx.iter() {
                    if results.send(job()).is_err() {
                        break;
                    }
                }
            })?;
            workers.push(handle);
        }
        Ok(WorkerPool { jobs: Some(tx), workers })
    }

    /// Queues a job; blocks when the queue is full (back-pressure).
    pub fn submit(&self, job: Job) -> Result<(), String> {
        match &self.jobs {
            Some(tx) => tx.send(job).map_err(|_| "pool is shut down".to_string()),
            None => Err("pool is shut down".to_string()),
        }
    }

    pub fn shutdown(mut self) {
        drop(self.jobs.take());
        for worker in self.workers.drain(..) {
            if worker.join().is_err() {
                error!("a worker panicked");
            }
        }
    }
}

fn make_thumbnail(name: String, width: usize, height: usize) -> Result<Thumbnail, String> {
    if width == 0 || height == 0 {
        return Err(format!("{name}: empty image"));
    }
    // Stand-in for real decoding and resizing work.
    thread::sleep(Duration::from_millis((width * height / 100_000) as u64));
    Ok(Thumbnail { name, pixels: (width / 8) * (height / 8) })
}

fn main() {
    env_logger::init();
    let started = Instant::now();
    let (result_tx, result_rx) = unbounded();
    let pool = WorkerPool::new(4, result_tx).expect("cannot start workers");

    let images = [("cat.jpg", 4000, 3000), ("dog.png", 1920, 1080), ("broken.gif", 0, 0), ("map.tif", 8000, 8000)];
    for (name, w, h) in images {
        let job: Job = Box::new(move || make_thumbnail(name.to_string(), w, h));
        pool.submit(job).expect("pool closed early");
    }
    pool.shutdown();

    for result in result_rx.try_iter() {
        match result {
            Ok(thumb) => info!("{} -> {} px", thumb.name, thumb.pixels),
            Err(err) => error!("{err}"),
        }
    }
    println!("finished in {:?}", started.elapsed());
}
