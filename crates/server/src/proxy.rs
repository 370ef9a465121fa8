//! Where the server is reached: its public origin comes from configuration, never from a request's
//! `Host` (anyone can send any `Host`, and a printed poster's QR code must not point at it); the
//! client's address comes from `X-Forwarded-For` only when the connection is from a proxy we trust.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::http::HeaderMap;

/// The public origin and the proxies whose forwarded headers are believed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proxies {
    origin: String,
    trusted: Vec<IpAddr>,
}

/// Why a configured public URL is refused.
#[derive(Debug, thiserror::Error)]
#[error("--public-url must be http:// or https:// followed by a host, with no path: {0:?}")]
pub struct BadPublicUrl(String);

impl Proxies {
    /// From `--public-url` (e.g. `https://jishi.example.cn`); without one, the address the server
    /// listens on, so a poster printed on a laptop demo still opens on that laptop.
    pub fn new(
        public_url: Option<&str>,
        listening: SocketAddr,
        trusted: Vec<IpAddr>,
    ) -> Result<Self, BadPublicUrl> {
        let origin = match public_url {
            Some(url) => checked_origin(url)?,
            None => {
                let ip = match listening.ip() {
                    ip if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
                    ip => ip,
                };
                format!("http://{}", SocketAddr::new(ip, listening.port()))
            }
        };
        Ok(Self { origin, trusted })
    }

    /// `scheme://host[:port]`, without a trailing slash.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The client's address: the connection's peer, or, when the peer is a trusted proxy, the
    /// nearest address in `X-Forwarded-For` that is not one of ours (the ones further left could be
    /// anything the client wrote).
    pub fn client_ip(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.is_trusted(peer) {
            return peer;
        }
        let forwarded = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .collect::<Vec<_>>();
        let mut nearest = peer;
        for hop in forwarded.iter().rev() {
            match hop_address(hop) {
                Some(ip) if self.is_trusted(ip) => nearest = ip,
                Some(ip) => return ip,
                // Garbage in the chain: trust nothing before it, and take the last good hop.
                None => return nearest,
            }
        }
        nearest
    }

    /// Whether `ip` is one of the configured proxies (an IPv4 proxy also when seen as IPv6).
    pub fn is_trusted(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.trusted.iter().any(|t| t.to_canonical() == ip)
    }
}

/// One hop of `X-Forwarded-For`: an address, possibly with a port (`1.2.3.4:5678`, `[::1]:80`).
fn hop_address(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(ip.to_canonical());
    }
    hop.parse::<std::net::SocketAddr>()
        .ok()
        .map(|addr| addr.ip().to_canonical())
}

/// The address a client is counted under: its IPv4 address, or its IPv6 /64 (one subscriber's
/// network hands out a whole /64, so counting single IPv6 addresses would count nothing).
pub fn counted_as(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => {
            let mut segments = v6.segments();
            segments[4..].fill(0);
            IpAddr::V6(segments.into())
        }
        v4 => v4,
    }
}

fn checked_origin(url: &str) -> Result<String, BadPublicUrl> {
    let bad = || BadPublicUrl(url.to_owned());
    let trimmed = url.trim().trim_end_matches('/');
    let (scheme, host) = trimmed.split_once("://").ok_or_else(bad)?;
    let host_ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    if !matches!(scheme, "http" | "https") || !host_ok {
        return Err(bad());
    }
    Ok(format!("{scheme}://{}", host.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listening() -> SocketAddr {
        "0.0.0.0:8080".parse().unwrap()
    }

    #[test]
    fn the_origin_is_the_configured_one_or_the_listening_address() {
        let configured =
            Proxies::new(Some("https://Jishi.example.cn/"), listening(), vec![]).unwrap();
        assert_eq!(configured.origin(), "https://jishi.example.cn");
        let default = Proxies::new(None, listening(), vec![]).unwrap();
        assert_eq!(default.origin(), "http://127.0.0.1:8080");
        for bad in [
            "jishi.example.cn",
            "ftp://x",
            "https://x/path",
            "https://",
            "https://a b",
        ] {
            assert!(
                Proxies::new(Some(bad), listening(), vec![]).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn forwarded_for_counts_only_from_a_trusted_proxy() {
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        let stranger: IpAddr = "203.0.113.9".parse().unwrap();
        let proxies = Proxies::new(None, listening(), vec![proxy]).unwrap();
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", "1.2.3.4, 198.51.100.7".parse().unwrap());

        assert_eq!(proxies.client_ip(stranger, &headers), stranger);
        assert_eq!(
            proxies.client_ip(proxy, &headers),
            "198.51.100.7".parse::<IpAddr>().unwrap(),
            "the hop the proxy saw, not what the client wrote before it"
        );
        headers.insert("x-forwarded-for", "not-an-ip".parse().unwrap());
        assert_eq!(proxies.client_ip(proxy, &headers), proxy);
        assert_eq!(proxies.client_ip(proxy, &HeaderMap::new()), proxy);
        headers.insert("x-forwarded-for", "198.51.100.7:51234".parse().unwrap());
        let mapped: IpAddr = "::ffff:10.0.0.2".parse().unwrap();
        assert_eq!(
            proxies.client_ip(mapped, &headers),
            "198.51.100.7".parse::<IpAddr>().unwrap(),
            "an IPv4 proxy seen through an IPv6 socket, a hop with its port"
        );
    }

    #[test]
    fn an_ipv6_client_is_counted_by_its_network() {
        let one: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let other: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        assert_eq!(counted_as(one), counted_as(other));
        assert_ne!(
            counted_as(one),
            counted_as("2001:db8:1:3::1".parse().unwrap())
        );
        let v4: IpAddr = "203.0.113.9".parse().unwrap();
        assert_eq!(counted_as(v4), v4);
    }
}
