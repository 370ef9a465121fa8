//! Connections a client opens and then neglects are closed, and one client hoarding sockets does
//! not stop the server serving others.

use std::time::Duration;

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

use crate::helpers::spawn_app_configured;

/// Reads until the server closes the connection; `true` when it did within `within`.
async fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
    let mut buffer = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buffer)).await {
            Err(_) => return false,
            Ok(Ok(0) | Err(_)) => return true,
            Ok(Ok(_)) => {}
        }
    }
}

#[tokio::test]
async fn silent_half_sent_and_idle_connections_are_closed() {
    let app = spawn_app_configured(|args| args.idle_timeout = 1).await;
    let addr = app.address.trim_start_matches("http://").to_owned();

    let mut silent = TcpStream::connect(&addr).await.unwrap();
    let mut half_sent = TcpStream::connect(&addr).await.unwrap();
    half_sent
        .write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .await
        .unwrap();
    let mut idle = TcpStream::connect(&addr).await.unwrap();
    idle.write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();

    for (what, stream) in [
        ("silent", &mut silent),
        ("half-sent header", &mut half_sent),
        ("idle after an answer", &mut idle),
    ] {
        assert!(
            closed_within(stream, Duration::from_secs(10)).await,
            "{what} connection still open"
        );
    }
}

#[tokio::test]
async fn a_stalled_body_fails_the_request_and_frees_the_connection() {
    let app = spawn_app_configured(|args| args.idle_timeout = 1).await;
    let addr = app.address.trim_start_matches("http://").to_owned();
    let mut stalled = TcpStream::connect(&addr).await.unwrap();
    stalled
        .write_all(b"POST /api/v1/auth/otp HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"pho")
        .await
        .unwrap();

    assert!(closed_within(&mut stalled, Duration::from_secs(60)).await);
}

#[tokio::test]
async fn one_client_hoarding_sockets_does_not_stop_others_being_served() {
    let app = spawn_app_configured(|args| args.idle_timeout = 30).await;
    let addr = app.address.trim_start_matches("http://").to_owned();
    let mut hoard = Vec::new();
    for _ in 0..700 {
        match TcpStream::connect(&addr).await {
            Ok(stream) => hoard.push(stream),
            Err(_) => break,
        }
    }

    // Another client: the same machine, another loopback address.
    let other = tokio::net::TcpSocket::new_v4().unwrap();
    other.bind("127.0.0.2:0".parse().unwrap()).unwrap();
    let port = addr.rsplit_once(':').unwrap().1;
    let mut other = other
        .connect(format!("127.0.0.1:{port}").parse().unwrap())
        .await
        .unwrap();
    other
        .write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut answer = String::new();
    tokio::time::timeout(Duration::from_secs(10), other.read_to_string(&mut answer))
        .await
        .expect("answered in time")
        .unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");

    // The hoarder's connections past its share were closed at once.
    let mut closed = 0;
    for stream in &mut hoard {
        if closed_within(stream, Duration::from_millis(5)).await {
            closed += 1;
        }
    }
    assert!(closed >= 100, "only {closed} of {} closed", hoard.len());
}
