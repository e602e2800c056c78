// Producer/consumer with a Go-flavoured alias for thread spawning.
// `go(f)` is just std::thread::spawn under another name.

use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::{self, spawn as go};
use std::time::Duration;

#[derive(Debug)]
enum Event {
    Reading { sensor: u8, celsius: f32 },
    Done,
}

fn produce(tx: Sender<Event>) {
    for step in 0..12u8 {
        let event = Event::Reading { sensor: step % 3, celsius: 18.0 + f32::from(step) * 0.5 };
        tx.send(event).expect("consumer hung up");
        thread::sleep(Duration::from_millis(20));
    }
    tx.send(Event::Done).unwrap();
}

fn consume(rx: Receiver<Event>) -> f32 {
    let mut max = f32::MIN;
    for event in rx {
        match event {
            Event::Reading { sensor, celsius } => {
                println!("sensor {sensor}: {celsius:.1} °C");
                max = max.max(celsius);
            }
            Event::Done => break,
        }
    }
    max
}

fn clock() {
    for tick in 1..=3 {
        thread::sleep(Duration::from_millis(80));
        println!("tick {tick}");
    }
}

fn main() {
    let (tx, rx) = mpsc::channel();

    let consumer = go(move || consume(rx));
    let producer = go(move || produce(tx));
    let ticker = go(clock);

    producer.join().unwrap();
    ticker.join().unwrap();
    let max = consumer.join().unwrap();
    println!("hottest reading: {max:.1} °C");
}
