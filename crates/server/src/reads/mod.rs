//! Public reads from memory: the answers anyone may see (the schedule, a market and its stalls,
//! products, workshops, the ticket keys, and the pages drawn from them) are made once per change
//! of what they show and then sent as kept bytes, already compressed, with a strong ETag
//! (`If-None-Match` answers `304`).
//!
//! Never stale: every write that changes what they show bumps a counter in its own transaction
//! (`store::Write::commit`), and a kept answer is sent only while the counters' sum is what it was
//! when the answer was made, checked after the request arrived ([`version::Versions`]): on this
//! server or another on the same database, a read after a write's answer shows the write. Answers
//! that time alone changes say until when they hold (`valid_until`); all hold at most until
//! midnight in China, when "today" moves.

mod answer;
mod version;

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderName, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use jishi_core::{prefs::PagePrefs, when, Lang};
use time::OffsetDateTime;

use self::{answer::Kept, version::Versions};
use crate::{clock::Clock, store::Db};

/// At most this many answers are kept (each filter of the schedule is one, in each language).
const MAX_KEPT: usize = 256;
/// Answers larger than this are made for each request instead (the schedule of a busy month is
/// about 20 KB). With [`MAX_KEPT`], the kept bytes stay under 256 × (256 KB and its two
/// compressed copies), about 100 MB at the very worst; a county's answers take a few MB.
const MAX_KEPT_BODY: usize = 256 * 1024;

/// Set by a handler whose answer stops holding at a time of its own (unix seconds), e.g. when
/// the first market it lists ends; never sent.
pub const VALID_UNTIL: HeaderName = HeaderName::from_static("x-jishi-valid-until");

/// The kept answers of one server, and what it needs to know whether they still hold.
pub struct Reads {
    db: Db,
    clock: Clock,
    versions: Versions,
    kept: Mutex<HashMap<Key, Slot>>,
}

/// What one kept answer answers: the path with its query, as drawn for whom.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    path_and_query: String,
    variant: Variant,
}

/// Who an answer is made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Variant {
    /// An API answer, whose messages are in a language.
    Api(Lang),
    /// A page, drawn in a language and mode.
    Page(PagePrefs),
}

/// The answer for one key at one version, made once however many ask at once.
struct Slot {
    version: i64,
    answer: Arc<tokio::sync::OnceCell<Made>>,
}

/// A kept answer and until when time alone leaves it true.
struct Made {
    kept: Kept,
    valid_until: i64,
}

/// Marks `response` as holding only until `at`.
pub fn valid_until(mut response: Response, at: OffsetDateTime) -> Response {
    if let Ok(value) = HeaderValue::from_str(&at.unix_timestamp().to_string()) {
        response.headers_mut().insert(VALID_UNTIL, value);
    }
    response
}

/// The middleware in front of everything the server answers: public reads (of the API and the
/// drawn pages) from memory, everything else straight through. It sits outside the layers that
/// add headers and compress, so a kept answer is sent with what they gave it when it was made
/// and a read from memory passes through none of them again.
pub async fn from_memory(
    State(reads): State<Arc<Reads>>,
    request: Request,
    next: Next,
) -> Response {
    match variant_of(&request) {
        Some(variant) => reads.kept_or_made(variant, request, next).await,
        None => next.run(request).await,
    }
}

/// Whom `request`'s answer is made for, when it is a public read.
fn variant_of(request: &Request) -> Option<Variant> {
    if request.method() != Method::GET || request.headers().contains_key(header::AUTHORIZATION) {
        return None;
    }
    let path = request.uri().path();
    if let Some(api_path) = path.strip_prefix("/api") {
        is_public_api_read(api_path).then(|| {
            Variant::Api(Lang::from_accept_language(
                header_text(request, header::ACCEPT_LANGUAGE).unwrap_or_default(),
            ))
        })
    } else {
        crate::pages::is_drawn(path).then(|| {
            Variant::Page(PagePrefs::from_request(
                header_text(request, header::COOKIE),
                header_text(request, header::ACCEPT_LANGUAGE),
            ))
        })
    }
}

fn header_text(request: &Request, name: HeaderName) -> Option<&str> {
    request.headers().get(name).and_then(|v| v.to_str().ok())
}

impl std::fmt::Debug for Reads {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kept = self.kept.lock().map_or(0, |kept| kept.len());
        f.debug_struct("Reads").field("kept", &kept).finish()
    }
}

impl Reads {
    /// Nothing kept yet, for the database `db`, by the time `clock` tells.
    pub fn new(db: Db, clock: Clock) -> Self {
        Self {
            versions: Versions::of(&db),
            db,
            clock,
            kept: Mutex::default(),
        }
    }

    /// The kept answer for `request`, made by `next` when there is none for the current version.
    async fn kept_or_made(&self, variant: Variant, mut request: Request, next: Next) -> Response {
        let Ok(version) = self.versions.current(&self.db).await else {
            // The database is out of reach: the handler says so in the usual way.
            return next.run(request).await;
        };
        let key = Key {
            path_and_query: request
                .uri()
                .path_and_query()
                .map_or_else(String::new, |p| p.as_str().to_owned()),
            variant,
        };
        let now = self.clock.now();
        let Some(cell) = self.slot(&key, version, now) else {
            // An older version than the one kept: this request's check began before the newest.
            return next.run(request).await;
        };
        if let Some(made) = cell.get() {
            return made.kept.answer(request.headers());
        }
        let headers = request.headers().clone();
        // The handler makes the whole answer, plain: whether the phone has it already, and in which
        // encoding it goes, is decided here.
        request.headers_mut().remove(header::IF_NONE_MATCH);
        request.headers_mut().remove(header::ACCEPT_ENCODING);
        let mut passed = None;
        let made = cell
            .get_or_try_init(|| async {
                let response = next.run(request).await;
                match make(response, now).await {
                    Ok(made) => Ok(made),
                    Err(response) => {
                        passed = Some(response);
                        Err(())
                    }
                }
            })
            .await;
        match (made, passed) {
            (Ok(made), _) => made.kept.answer(&headers),
            (Err(()), Some(response)) => response,
            (Err(()), None) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
        }
    }

    /// The slot for `key` at `version`, replacing one of an older version or past its time;
    /// `None` when a newer version is kept.
    fn slot(&self, key: &Key, version: i64, now: i64) -> Option<Arc<tokio::sync::OnceCell<Made>>> {
        let mut kept = self
            .kept
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(slot) = kept.get(key) {
            let expired = slot
                .answer
                .get()
                .is_some_and(|made| now >= made.valid_until);
            if slot.version == version && !expired {
                return Some(slot.answer.clone());
            }
            if slot.version > version {
                return None;
            }
        }
        if kept.len() >= MAX_KEPT && !kept.contains_key(key) {
            // Older versions first; if every answer is current, start again.
            kept.retain(|_, slot| slot.version == version);
            if kept.len() >= MAX_KEPT {
                kept.clear();
            }
        }
        let answer = Arc::new(tokio::sync::OnceCell::new());
        kept.insert(
            key.clone(),
            Slot {
                version,
                answer: answer.clone(),
            },
        );
        Some(answer)
    }
}

/// Keeps a handler's `200`; any other answer (and one too big to keep) goes back as it came.
async fn make(response: Response, now: i64) -> Result<Made, Response> {
    if response.status() != StatusCode::OK {
        return Err(response);
    }
    let (mut parts, body) = response.into_parts();
    let valid_until = parts
        .headers
        .remove(VALID_UNTIL)
        .and_then(|v| v.to_str().ok()?.parse().ok())
        .unwrap_or(i64::MAX)
        .min(next_china_midnight(now));
    match axum::body::to_bytes(body, MAX_KEPT_BODY).await {
        Ok(bytes) => Ok(Made {
            kept: Kept::new(parts.headers, bytes),
            valid_until,
        }),
        // Too big to keep, and its bytes are spent: it is made again for this request.
        Err(_) => {
            parts.status = StatusCode::SERVICE_UNAVAILABLE;
            Err(Response::from_parts(parts, Body::empty()))
        }
    }
}

/// The API's public reads: the paths (below `/api`) anyone may read.
fn is_public_api_read(path: &str) -> bool {
    let segments: Vec<&str> = path.trim_start_matches("/v1/").split('/').collect();
    path.starts_with("/v1/")
        && matches!(
            segments[..],
            ["markets"]
                | ["markets", _]
                | ["markets", _, "stalls"]
                | ["markets", _, "share.png"]
                | ["markets", _, "draw"]
                | ["share.png"]
                | ["products"]
                | ["products", _]
                | ["workshops"]
                | ["workshops", _]
                | ["checkin", "keys"]
        )
        && segments.iter().all(|s| !s.is_empty())
}

/// The next midnight in China after `now` (unix seconds).
fn next_china_midnight(now: i64) -> i64 {
    let today = when::china_time(now).date();
    today
        .next_day()
        .map(|day| {
            day.midnight()
                .assume_offset(jishi_core::market::CHINA)
                .unix_timestamp()
        })
        .unwrap_or(i64::MAX)
}
