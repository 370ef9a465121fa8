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

/// An answer ready to be sent again and again.
pub struct Kept {
    /// The handler's own headers (its type, a page's policy), without those of the bytes.
    headers: HeaderMap,
    /// What else than the encoding the answer differs by.
    vary: HeaderValue,
    /// The first 16 hex digits of the SHA-256 of the plain bytes.
    tag: String,
    plain: Bytes,
    brotli: Bytes,
    gzip: Bytes,
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
        // A page says it differs by mode and language; an API answer differs by language.
        let differs_by = headers
            .remove(header::VARY)
            .and_then(|v| v.to_str().ok().map(str::to_owned))
            .unwrap_or_else(|| "Accept-Language".to_owned());
        let vary = HeaderValue::from_str(&format!("Accept-Encoding, {differs_by}"))
            .unwrap_or(HeaderValue::from_static("Accept-Encoding"));
        let digest = Sha256::digest(&plain);
        let tag = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
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
        Self {
            headers,
            vary,
            tag,
            plain,
            brotli: brotli.into(),
            gzip: gzip.into(),
        }
    }

    /// The answer to a request with these headers: `304` when the phone's copy is this one.
    pub fn answer(&self, request: &HeaderMap) -> Response {
        let encoding = chosen(request);
        let etag = self.etag(encoding);
        let mut response = if self.held_by(request) {
            let mut response = Response::new(Body::empty());
            *response.status_mut() = StatusCode::NOT_MODIFIED;
            response
        } else {
            let (body, coding) = match encoding {
                Encoding::Brotli => (self.brotli.clone(), Some("br")),
                Encoding::Gzip => (self.gzip.clone(), Some("gzip")),
                Encoding::Plain => (self.plain.clone(), None),
            };
            let mut response = Response::new(Body::from(body));
            let headers = response.headers_mut();
            headers.extend(self.headers.clone());
            if let Some(coding) = coding {
                headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
            }
            response
        };
        let headers = response.headers_mut();
        if let Ok(etag) = HeaderValue::from_str(&etag) {
            headers.insert(header::ETAG, etag);
        }
        // Kept by the phone, asked again every time: a 304 costs a round trip and no bytes.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        headers.insert(header::VARY, self.vary.clone());
        response
    }

    /// The strong ETag of one representation: the same bytes encoded another way are another
    /// representation.
    fn etag(&self, encoding: Encoding) -> String {
        match encoding {
            Encoding::Brotli => format!("\"{}-br\"", self.tag),
            Encoding::Gzip => format!("\"{}-gz\"", self.tag),
            Encoding::Plain => format!("\"{}\"", self.tag),
        }
    }

    /// Whether `If-None-Match` names any representation of these bytes.
    fn held_by(&self, request: &HeaderMap) -> bool {
        request
            .get_all(header::IF_NONE_MATCH)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(|tag| tag.trim().trim_start_matches("W/"))
            .any(|tag| {
                tag == "*"
                    || [Encoding::Brotli, Encoding::Gzip, Encoding::Plain]
                        .iter()
                        .any(|encoding| self.etag(*encoding) == tag)
            })
    }
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
    fn gzip_is_chosen_when_brotli_is_refused() {
        let request = headers(&[(header::ACCEPT_ENCODING, "br;q=0, gzip")]);
        assert_eq!(chosen(&request), Encoding::Gzip);
        assert_eq!(chosen(&HeaderMap::new()), Encoding::Plain);
    }
}
