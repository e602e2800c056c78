//! A single-threaded tokio program: the runtime runs on the main thread only,
//! so tasks may share non-Send state (Rc<RefCell<_>>) through a LocalSet.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::time::Duration;

use tokio::task::LocalSet;
use tokio::time::sleep;

type Tally = Rc<RefCell<BTreeMap<&'static str, u32>>>;

async fn count_votes(tally: Tally, voter: u32, choice: &'static str) {
    // Pretend each vote takes a little while to validate.
    sleep(Duration::from_millis(5 * u64::from(voter % 4))).await;
    *tally.borrow_mut().entry(choice).or_insert(0) += 1;
}

fn choice_for(voter: u32) -> &'static str {
    match voter % 3 {
        0 => "tea",
        1 => "coffee",
        _ => "water",
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let tally: Tally = Rc::new(RefCell::new(BTreeMap::new()));
    let local = LocalSet::new();

    local
        .run_until(async {
            let mut handles = Vec::new();
            for voter in 0..30 {
                let handle = tokio::task::spawn_local(count_votes(tally.clone(), voter, choice_for(voter)));
                handles.push(handle);
            }

            let reporter = tally.clone();
            let progress = tokio::task::spawn_local(async move {
                sleep(Duration::from_millis(8)).await;
                let seen: u32 = reporter.borrow().values().sum();
                println!("votes counted so far: {seen}");
            });

            for handle in handles {
                handle.await.expect("vote task panicked");
            }
            progress.await.unwrap();
        })
        .await;

    for (choice, votes) in tally.borrow().iter() {
        println!("{choice:>7}: {votes}");
    }
}
