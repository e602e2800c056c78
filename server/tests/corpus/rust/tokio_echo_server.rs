//! A first TCP echo server with tokio: every accepted connection is handled
//! by its own task, so one slow client does not hold up the others.

use std::error::Error;
use std::net::SocketAddr;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

const ADDR: &str = "127.0.0.1:7878";

/// Reads lines from the client and writes each one back in upper case.
async fn handle(socket: TcpStream, peer: SocketAddr) {
    let (reader, mut writer) = socket.into_split();
    let mut lines = BufReader::new(reader).lines();

    loop {
        match lines.next_line().await {
            Ok(Some(line)) => {
                let reply = format!("{}\n", line.to_uppercase());
                if let Err(err) = writer.write_all(reply.as_bytes()).await {
                    eprintln!("{peer}: write failed: {err}");
                    break;
                }
            }
            Ok(None) => {
                println!("{peer} disconnected");
                break;
            }
            Err(err) => {
                eprintln!("{peer}: read failed: {err}");
                break;
            }
        }
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let listener = TcpListener::bind(ADDR).await?;
    println!("listening on {ADDR}");

    loop {
        let (socket, peer) = listener.accept().await?;
        println!("accepted {peer}");
        // Each client gets its own task; the loop goes straight back to accept().
        tokio::spawn(handle(socket, peer));
    }
}
