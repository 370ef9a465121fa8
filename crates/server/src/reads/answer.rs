//! One public read's answer as kept in memory: its bytes serialised once, compressed once each way,
//! with a strong ETag per representation, and given again as a `304` to a phone that has it.

use std::io::Write;

use axum::{
    body::{Body, Bytes},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::Response,
};
use sha2::{Digest, Sha256};

/// Brotli's quality for answers made while serving: a tenth of q11's time, a few percent larger.
const BROTLI_QUALITY: u32 = 9;

/// An answer ready to be sent again and again: each representation with its bytes and its
/// headers made once.
pub struct Kept {
    brotli: Representation,
    gzip: Representation,
    plain: Representation,
}

/// The answer encoded one way.
struct Representation {
    body: Bytes,
    /// Everything sent with the bytes: the handler's own headers (its type, a page's policy),
    /// the encoding, the ETag, `Cache-Control` and `Vary`.
    headers: HeaderMap,
    /// The same without the type and length of the bytes, for a `304`.
    not_modified: HeaderMap,
    /// The ETag as the phone sends it back.
    etag: HeaderValue,
}

/// How an answer goes out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Brotli,
    Gzip,
    Plain,
}

impl Kept {
    /// Keeps `plain`, sent with the handler's `headers`.
    pub fn new(mut headers: HeaderMap, plain: Bytes) -> Self {
        for made_here in [
            header::CONTENT_LENGTH,
            header::CONTENT_ENCODING,
            header::TRANSFER_ENCODING,
            header::ETAG,
            header::CACHE_CONTROL,
        ] {
            headers.remove(made_here);
        }
        let vary = HeaderValue::from_str(&vary(&headers))
            .unwrap_or(HeaderValue::from_static("Accept-Encoding"));
        headers.remove(header::VARY);
        let digest = Sha256::digest(&plain);
        let tag: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        let mut brotli = Vec::with_capacity(plain.len() / 4);
        {
            let mut writer = brotli::CompressorWriter::new(&mut brotli, 4096, BROTLI_QUALITY, 22);
            let _ = writer.write_all(&plain);
        }
        let mut gzip = flate2::write::GzEncoder::new(
            Vec::with_capacity(plain.len() / 3),
            flate2::Compression::best(),
        );
        let _ = gzip.write_all(&plain);
        let gzip = gzip.finish().unwrap_or_default();
        let representation = |body: Bytes, coding: Option<&'static str>, suffix: &str| {
            // A strong ETag per representation: the same bytes encoded another way are another.
            let etag = HeaderValue::from_str(&format!("\"{tag}{suffix}\""))
                .unwrap_or(HeaderValue::from_static("\"\""));
            let mut not_modified = HeaderMap::new();
            not_modified.insert(header::ETAG, etag.clone());
            // Kept by the phone, asked again every time: a 304 costs a round trip and no bytes.
            not_modified.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            not_modified.insert(header::VARY, vary.clone());
            let mut all = headers.clone();
            all.extend(not_modified.clone());
            if let Some(coding) = coding {
                all.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
            }
            Representation {
                body,
                headers: all,
                not_modified,
                etag,
            }
        };
        Self {
            brotli: representation(brotli.into(), Some("br"), "-br"),
            gzip: representation(gzip.into(), Some("gzip"), "-gz"),
            plain: representation(plain, None, ""),
        }
    }

    /// The answer to a request with these headers: `304` when the phone's copy is this one.
    pub fn answer(&self, request: &HeaderMap) -> Response {
        let chosen = match chosen(request) {
            Encoding::Brotli => &self.brotli,
            Encoding::Gzip => &self.gzip,
            Encoding::Plain => &self.plain,
        };
        if self.held_by(request) {
            let mut response = Response::new(Body::empty());
            *response.status_mut() = StatusCode::NOT_MODIFIED;
            *response.headers_mut() = chosen.not_modified.clone();
            response
        } else {
            let mut response = Response::new(Body::from(chosen.body.clone()));
            *response.headers_mut() = chosen.headers.clone();
            response
        }
    }

    /// Whether `If-None-Match` names any representation of these bytes.
    fn held_by(&self, request: &HeaderMap) -> bool {
        let mut tags = request
            .get_all(header::IF_NONE_MATCH)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(|tag| tag.trim().trim_start_matches("W/"))
            .peekable();
        tags.peek().is_some()
            && tags.any(|tag| {
                tag == "*"
                    || [&self.brotli, &self.gzip, &self.plain]
                        .iter()
                        .any(|r| r.etag.as_bytes() == tag.as_bytes())
            })
    }
}

/// What the answer differs by: the encoding, and what the handler named (a page its mode and
/// language; an API answer, naming none, its language).
fn vary(headers: &HeaderMap) -> String {
    let mut names = vec!["Accept-Encoding".to_owned()];
    let named = headers
        .get_all(header::VARY)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .filter(|name| !name.is_empty());
    for name in named {
        if !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            names.push(name.to_owned());
        }
    }
    if names.len() == 1 {
        names.push("Accept-Language".to_owned());
    }
    names.join(", ")
}

/// Brotli when the phone takes it, else gzip, else the plain bytes.
fn chosen(request: &HeaderMap) -> Encoding {
    let accepted: Vec<(String, f32)> = request
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|part| {
            let mut pieces = part.split(';');
            let name = pieces
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse().ok()))
                .unwrap_or(1.0);
            (name, q)
        })
        .collect();
    let takes = |name: &str| accepted.iter().any(|(n, q)| n == name && *q > 0.0);
    if takes("br") {
        Encoding::Brotli
    } else if takes("gzip") {
        Encoding::Gzip
    } else {
        Encoding::Plain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| (name.clone(), HeaderValue::from_str(value).unwrap()))
            .collect()
    }

    fn kept() -> Kept {
        let headers = [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )];
        Kept::new(
            headers.into_iter().collect(),
            Bytes::from("{\"items\":[]}".repeat(100)),
        )
    }

    #[test]
    fn each_encoding_is_its_own_representation_and_any_of_them_is_not_modified() {
        let kept = kept();
        let br = kept.answer(&headers(&[(header::ACCEPT_ENCODING, "gzip, br")]));
        assert_eq!(br.headers()[header::CONTENT_ENCODING], "br");
        let etag = br.headers()[header::ETAG].to_str().unwrap().to_owned();
        assert!(etag.ends_with("-br\""), "{etag}");
        let plain = kept.answer(&HeaderMap::new());
        assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
        assert_ne!(plain.headers()[header::ETAG], etag.as_str());
        let again = kept.answer(&headers(&[
            (header::ACCEPT_ENCODING, "br"),
            (header::IF_NONE_MATCH, &etag),
        ]));
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
        let other = kept.answer(&headers(&[(header::IF_NONE_MATCH, "\"0123456789abcdef\"")]));
        assert_eq!(other.status(), StatusCode::OK);
    }

    #[test]
    fn vary_names_the_encoding_once_and_what_the_handler_named() {
        let page = headers(&[
            (header::VARY, "Cookie, Accept-Language"),
            (header::VARY, "accept-encoding"),
        ]);
        assert_eq!(vary(&page), "Accept-Encoding, Cookie, Accept-Language");
        let api = headers(&[(header::VARY, "accept-encoding")]);
        assert_eq!(vary(&api), "Accept-Encoding, Accept-Language");
    }

    #[test]
    fn gzip_is_chosen_when_brotli_is_refused() {
        let request = headers(&[(header::ACCEPT_ENCODING, "br;q=0, gzip")]);
        assert_eq!(chosen(&request), Encoding::Gzip);
        assert_eq!(chosen(&HeaderMap::new()), Encoding::Plain);
    }
}
