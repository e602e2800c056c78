//! A discussion-forum model: "threads" here are conversations, not OS threads.
//! Nothing in this file spawns, awaits or parallelises anything; words like
//! spawn, thread, async and join appear only in names, comments and strings.

use std::collections::BTreeMap;
use std::fmt;

#[derive(Debug, Clone)]
struct Post {
    author: String,
    body: String,
}

#[derive(Debug)]
struct Thread {
    id: u32,
    title: String,
    posts: Vec<Post>,
    locked: bool,
}

#[derive(Default)]
struct Forum {
    threads: BTreeMap<u32, Thread>,
    next_id: u32,
}

impl Forum {
    /// Starts a new thread ("spawns" it, in forum slang) with an opening post.
    fn spawn_thread(&mut self, title: &str, author: &str, body: &str) -> u32 {
        self.next_id += 1;
        let first = Post { author: author.into(), body: body.into() };
        let thread = Thread { id: self.next_id, title: title.into(), posts: vec![first], locked: false };
        self.threads.insert(thread.id, thread);
        self.next_id
    }

    fn reply(&mut self, thread_id: u32, author: &str, body: &str) -> Result<usize, String> {
        let thread = self.threads.get_mut(&thread_id).ok_or(format!("no thread {thread_id}"))?;
        if thread.locked {
            return Err(format!("thread {:?} is locked", thread.title));
        }
        thread.posts.push(Post { author: author.into(), body: body.into() });
        Ok(thread.posts.len())
    }

    /// Merges (joins) the posts of `other` into `target` and removes `other`.
    fn join_threads(&mut self, target: u32, other: u32) -> Option<()> {
        let moved = self.threads.remove(&other)?;
        self.threads.get_mut(&target)?.posts.extend(moved.posts);
        Some(())
    }
}

impl fmt::Display for Thread {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "#{} {}{}", self.id, self.title, if self.locked { " [locked]" } else { "" })?;
        for post in &self.posts {
            writeln!(f, "  {}: {}", post.author, post.body)?;
        }
        Ok(())
    }
}

fn main() {
    let mut forum = Forum::default();
    let rust = forum.spawn_thread("tokio::spawn vs std::thread::spawn?", "ana", "When do I use which?");
    let rayon = forum.spawn_thread("Is par_iter() always faster?", "bo", "My loop got slower.");

    forum.reply(rust, "cy", "Use tokio::spawn(async move { .. }) for I/O-bound work.").unwrap();
    forum.reply(rust, "ana", "And thread::spawn(|| ...) for blocking work, thanks!").unwrap();
    forum.reply(rayon, "dee", "Not for tiny inputs: rayon::join has overhead.").unwrap();

    // Duplicate question: fold the rayon thread into the first one.
    forum.join_threads(rust, rayon).expect("both threads exist");
    if let Some(thread) = forum.threads.get_mut(&rust) {
        thread.locked = true;
    }
    if let Err(err) = forum.reply(rust, "eve", "async fn main() is fine too") {
        println!("rejected: {err}");
    }

    for thread in forum.threads.values() {
        print!("{thread}");
    }
}
