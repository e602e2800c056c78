//! A three-stage pipeline over std::sync::mpsc channels:
//! reader thread -> parser threads -> aggregator (main thread).

use std::collections::HashMap;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

#[derive(Debug)]
struct Record {
    level: String,
    service: String,
}

const RAW_LOG: &str = "\
INFO api request served
WARN db slow query
INFO api request served
ERROR auth token expired
INFO db connection opened
WARN api retrying upstream
ERROR db deadlock detected";

fn parse(line: &str) -> Option<Record> {
    let mut parts = line.split_whitespace();
    let level = parts.next()?.to_string();
    let service = parts.next()?.to_string();
    Some(Record { level, service })
}

fn main() {
    let (line_tx, line_rx) = mpsc::channel::<String>();
    let (record_tx, record_rx) = mpsc::channel::<Record>();

    // Stage 1: one thread feeds raw lines into the pipeline.
    let reader = std::thread::spawn(move || {
        for line in RAW_LOG.lines() {
            line_tx.send(line.to_owned()).unwrap();
        }
        // Dropping line_tx closes the channel and stops the parsers.
    });

    // Stage 2: several parsers share the receiving end behind a mutex.
    let line_rx = Arc::new(Mutex::new(line_rx));
    let mut parsers = Vec::new();
    for id in 0..3 {
        let rx = Arc::clone(&line_rx);
        let tx = record_tx.clone();
        parsers.push(std::thread::spawn(move || loop {
            let next = rx.lock().unwrap().recv();
            match next {
                Ok(line) => {
                    if let Some(record) = parse(&line) {
                        tx.send(record).unwrap();
                    } else {
                        eprintln!("parser {id}: cannot parse {line:?}");
                    }
                }
                Err(_) => break,
            }
        }));
    }
    drop(record_tx);

    // Stage 3: the main thread counts records per (level, service).
    let mut counts: HashMap<(String, String), usize> = HashMap::new();
    for record in record_rx {
        *counts.entry((record.level, record.service)).or_default() += 1;
    }

    reader.join().unwrap();
    for parser in parsers {
        parser.join().unwrap();
    }

    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort();
    for ((level, service), n) in rows {
        println!("{level:<5} {service:<4} {n}");
    }
}
