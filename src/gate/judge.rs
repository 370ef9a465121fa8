//! The gate's judgement of a scanned ticket or a typed code, with no network: the ticket's signature
//! is checked against the server's public keys, the booking against the market's bookings as last
//! fetched, and arrivals against those this phone has seen. What the gate admits is queued with a
//! nonce and sent when the network allows; the queue, like the rest, lives in localStorage so a
//! reload or a flat battery loses nothing.

use std::collections::BTreeMap;

use jishi_core::{
    booking::{Booking, BookingStatus},
    checkin::{poster_validity, typed_code, BatchAnswer, PublishedKey, StallCheckin},
    token::{self, Admits, TokenError},
    when::china_time,
    ErrorCode,
};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::{random::opaque_id, storage};

/// A booking as the gate needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GateBooking {
    /// Its id.
    pub id: String,
    /// The short code printed on the ticket.
    pub code: String,
    /// e.g. A03.
    pub stall_code: String,
    /// The stallholder.
    pub name: String,
    /// Confirmed or not.
    pub status: BookingStatus,
}

impl From<&Booking> for GateBooking {
    fn from(booking: &Booking) -> Self {
        Self {
            id: booking.id.clone(),
            code: booking.code.clone(),
            stall_code: booking.stall_code.clone(),
            name: booking
                .holder
                .as_ref()
                .map(|h| h.name.clone())
                .unwrap_or_default(),
            status: booking.status,
        }
    }
}

/// Everything the gate of one market keeps on the phone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gate {
    /// The market.
    pub market_id: String,
    /// Its opening and closing (unix seconds), for "not today".
    pub hours: (i64, i64),
    /// Its title, said at the top of the gate (offline too).
    #[serde(default)]
    pub title: String,
    /// The server's public keys.
    pub keys: Vec<PublishedKey>,
    /// The market's bookings as last fetched.
    pub bookings: Vec<GateBooking>,
    /// Booking id → when it was first scanned in (this phone's scans and the server's answers).
    pub arrivals: BTreeMap<String, i64>,
    /// Scans not yet answered by the server, oldest first.
    pub queue: Vec<StallCheckin>,
    /// The booking each queued scan admitted, by nonce: a refusal from the server takes its
    /// arrival back.
    #[serde(default)]
    pub admitted: BTreeMap<String, String>,
}

/// What the gate says, as colour and words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Green: come in.
    Welcome {
        booking: String,
        stall: String,
        name: String,
    },
    /// Yellow: already in, since `first_at`.
    Again {
        stall: String,
        name: String,
        first_at: i64,
    },
    /// Red: not admitted.
    Refused(Refusal),
}

/// Why a ticket was not admitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not a ticket of ours: forged, altered, unreadable, or a typed code no booking has.
    NotATicket,
    /// A visitors' poster, not a stall ticket.
    Poster,
    /// For another market.
    OtherMarket,
    /// Cancelled, rejected or pending.
    NotConfirmed,
    /// Not this market's day.
    NotToday,
}

fn storage_key(market_id: &str) -> String {
    format!("jishi.gate.{market_id}")
}

impl Gate {
    /// The gate as this phone last kept it.
    pub fn load(market_id: &str) -> Self {
        storage::get(&storage_key(market_id))
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_else(|| Self {
                market_id: market_id.to_owned(),
                ..Self::default()
            })
    }

    /// Keeps it on the phone.
    pub fn save(&self) {
        if let Ok(json) = serde_json::to_string(self) {
            storage::set(&storage_key(&self.market_id), &json);
        }
    }

    /// Takes the market's bookings as just fetched, with the arrivals other gates recorded.
    pub fn take_bookings(&mut self, bookings: &[Booking]) {
        self.bookings = bookings.iter().map(GateBooking::from).collect();
        for booking in bookings {
            if let Some(at) = booking.arrived_at {
                let at = at.unix_timestamp();
                let first = self.arrivals.entry(booking.id.clone()).or_insert(at);
                *first = (*first).min(at);
            }
        }
    }

    /// Judges a scanned text (a ticket's token) or a typed short code at `now`; an admitted one is
    /// recorded as arrived and queued for the server.
    pub fn judge(&mut self, scanned: &str, typed: bool, now: i64) -> Verdict {
        let scanned = scanned.trim();
        let verdict = if typed {
            let code = typed_code(scanned);
            match self.bookings.iter().find(|b| b.code == code).cloned() {
                Some(booking) => self.admit(&booking, now),
                None => Verdict::Refused(Refusal::NotATicket),
            }
        } else {
            self.judge_token(scanned, now)
        };
        if let Verdict::Welcome { booking, .. } = &verdict {
            let (token, code) = if typed {
                (None, Some(scanned.to_owned()))
            } else {
                (Some(scanned.to_owned()), None)
            };
            let nonce = opaque_id("scan");
            self.admitted.insert(nonce.clone(), booking.clone());
            self.queue.push(StallCheckin {
                market_id: self.market_id.clone(),
                token,
                code,
                nonce,
                scanned_at: OffsetDateTime::from_unix_timestamp(now).ok(),
            });
        }
        verdict
    }

    fn judge_token(&mut self, token_text: &str, now: i64) -> Verdict {
        let keys: Vec<_> = self
            .keys
            .iter()
            .filter_map(|k| Some((k.kid.clone(), token::parse_public_key(&k.public_key)?)))
            .collect();
        let claims = match token::verify(token_text, &keys, now) {
            Ok(claims) => claims,
            Err(TokenError::NotYet | TokenError::Expired) => {
                return Verdict::Refused(Refusal::NotToday)
            }
            Err(_) => return Verdict::Refused(Refusal::NotATicket),
        };
        if claims.admits == Admits::Poster {
            return Verdict::Refused(Refusal::Poster);
        }
        if claims.market != self.market_id {
            return Verdict::Refused(Refusal::OtherMarket);
        }
        let booking_id = claims.booking.unwrap_or_default();
        let booking = self
            .bookings
            .iter()
            .find(|b| b.id == booking_id)
            .cloned()
            // Booked after the list was fetched: the signed ticket vouches for it.
            .unwrap_or(GateBooking {
                id: booking_id,
                code: String::new(),
                stall_code: claims.stall.unwrap_or_default(),
                name: String::new(),
                status: BookingStatus::Confirmed,
            });
        self.admit(&booking, now)
    }

    fn admit(&mut self, booking: &GateBooking, now: i64) -> Verdict {
        if !matches!(
            booking.status,
            BookingStatus::Confirmed | BookingStatus::NoShow
        ) {
            return Verdict::Refused(Refusal::NotConfirmed);
        }
        let (starts, ends) = self.hours;
        let (from, until) = poster_validity(china_time(starts), china_time(ends));
        if !(from..until).contains(&now) {
            return Verdict::Refused(Refusal::NotToday);
        }
        if let Some(first_at) = self.arrivals.get(&booking.id) {
            return Verdict::Again {
                stall: booking.stall_code.clone(),
                name: booking.name.clone(),
                first_at: *first_at,
            };
        }
        self.arrivals.insert(booking.id.clone(), now);
        Verdict::Welcome {
            booking: booking.id.clone(),
            stall: booking.stall_code.clone(),
            name: booking.name.clone(),
        }
    }

    /// Takes the server's answers to sent scans. A scan the server decided on (an arrival, or a
    /// refusal of the ticket) leaves the queue, and a refusal takes back the arrival the phone had
    /// recorded; one it could not decide on (no session, no rights, a failure) stays to be sent
    /// again. Returns the refusals the phone had not foreseen.
    pub fn answered(&mut self, answers: &[BatchAnswer]) -> Vec<BatchAnswer> {
        let mut surprises = Vec::new();
        for answer in answers {
            let decided = match (&answer.arrival, &answer.error) {
                (Some(arrival), _) => {
                    self.arrivals.insert(
                        arrival.booking_id.clone(),
                        arrival.first_at.unix_timestamp(),
                    );
                    true
                }
                (None, Some(error)) if is_about_the_ticket(error.code) => {
                    if let Some(booking) = self.admitted.get(&answer.nonce) {
                        self.arrivals.remove(booking);
                    }
                    surprises.push(answer.clone());
                    true
                }
                _ => false,
            };
            if decided {
                self.queue.retain(|scan| scan.nonce != answer.nonce);
                self.admitted.remove(&answer.nonce);
            }
        }
        surprises
    }
}

/// Whether a refusal is the server's word on the ticket itself (so sending it again is pointless).
fn is_about_the_ticket(code: ErrorCode) -> bool {
    matches!(
        code,
        ErrorCode::BadToken
            | ErrorCode::NotOpen
            | ErrorCode::WrongMarket
            | ErrorCode::NotConfirmed
            | ErrorCode::InvalidInput
            | ErrorCode::KeyReused
    )
}

#[cfg(test)]
mod tests {
    use ed25519_dalek::SigningKey;
    use jishi_core::{
        checkin::Arrival,
        token::{public_key_text, Claims},
    };
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    use super::*;

    wasm_bindgen_test_configure!(run_in_browser);

    const MORNING: i64 = 1_796_432_400; // 2026-12-05 09:00 +08:00

    fn key() -> SigningKey {
        SigningKey::from_bytes(&[3; 32])
    }

    fn ticket(market: &str, booking: &str) -> String {
        let claims = Claims {
            admits: Admits::Ticket,
            kid: "k1".into(),
            market: market.into(),
            booking: Some(booking.into()),
            stall: Some("A03".into()),
            nbf: MORNING - 86_400,
            exp: MORNING + 86_400,
        };
        token::sign(&claims, &key())
    }

    fn gate() -> Gate {
        Gate {
            market_id: "m1".into(),
            hours: (MORNING - 3600, MORNING + 3 * 3600),
            keys: vec![PublishedKey {
                kid: "k1".into(),
                alg: "Ed25519".into(),
                public_key: public_key_text(&key().verifying_key()),
            }],
            bookings: vec![
                GateBooking {
                    id: "b1".into(),
                    code: "7PEHXD".into(),
                    stall_code: "A03".into(),
                    name: "王阿婆".into(),
                    status: BookingStatus::Confirmed,
                },
                GateBooking {
                    id: "b2".into(),
                    code: "CANCEL".into(),
                    stall_code: "A04".into(),
                    name: "李伯".into(),
                    status: BookingStatus::Cancelled,
                },
            ],
            ..Gate::default()
        }
    }

    #[wasm_bindgen_test]
    fn a_good_ticket_is_welcomed_once_then_seen_again_and_queued_once() {
        let mut gate = gate();
        let token = ticket("m1", "b1");
        assert!(matches!(
            gate.judge(&token, false, MORNING),
            Verdict::Welcome { .. }
        ));
        assert_eq!(
            gate.judge(&token, false, MORNING + 60),
            Verdict::Again {
                stall: "A03".into(),
                name: "王阿婆".into(),
                first_at: MORNING
            }
        );
        assert!(matches!(
            gate.judge(" 7pe hxd", true, MORNING + 90),
            Verdict::Again { .. }
        ));
        assert_eq!(gate.queue.len(), 1);
        assert_eq!(gate.queue[0].token.as_deref(), Some(token.as_str()));
    }

    #[wasm_bindgen_test]
    fn forged_foreign_cancelled_and_untimely_tickets_are_refused_and_not_queued() {
        let mut gate = gate();
        let forged = {
            let good = ticket("m1", "b1");
            let (head, _) = good.rsplit_once('.').unwrap();
            let other = token::sign(
                &Claims {
                    admits: Admits::Ticket,
                    kid: "k1".into(),
                    market: "m1".into(),
                    booking: Some("b1".into()),
                    stall: None,
                    nbf: 0,
                    exp: 1,
                },
                &SigningKey::from_bytes(&[9; 32]),
            );
            format!("{head}.{}", other.rsplit_once('.').unwrap().1)
        };
        for (text, typed, now, refusal) in [
            (forged, false, MORNING, Refusal::NotATicket),
            ("hello".to_owned(), false, MORNING, Refusal::NotATicket),
            (ticket("m2", "b9"), false, MORNING, Refusal::OtherMarket),
            (ticket("m1", "b2"), false, MORNING, Refusal::NotConfirmed),
            ("CANCEL".to_owned(), true, MORNING, Refusal::NotConfirmed),
            ("NOSUCH".to_owned(), true, MORNING, Refusal::NotATicket),
            (
                ticket("m1", "b1"),
                false,
                MORNING + 2 * 86_400,
                Refusal::NotToday,
            ),
        ] {
            assert_eq!(
                gate.judge(&text, typed, now),
                Verdict::Refused(refusal),
                "{text}"
            );
        }
        assert!(gate.queue.is_empty());
        assert!(gate.arrivals.is_empty());
    }

    #[wasm_bindgen_test]
    fn the_servers_answers_empty_the_queue_and_correct_the_times() {
        let mut gate = gate();
        gate.judge(&ticket("m1", "b1"), false, MORNING + 600);
        let nonce = gate.queue[0].nonce.clone();
        let surprises = gate.answered(&[BatchAnswer {
            nonce,
            status: 200,
            arrival: Some(Arrival {
                first: false,
                first_at: china_time(MORNING),
                booking_id: "b1".into(),
                stall_code: "A03".into(),
                holder_name: "王阿婆".into(),
            }),
            error: None,
        }]);
        assert!(surprises.is_empty());
        assert!(gate.queue.is_empty());
        assert_eq!(gate.arrivals["b1"], MORNING, "another gate saw them first");
    }

    #[wasm_bindgen_test]
    fn a_refusal_takes_the_arrival_back_and_a_failure_keeps_the_scan() {
        let mut gate = gate();
        gate.judge(&ticket("m1", "b1"), false, MORNING);
        let nonce = gate.queue[0].nonce.clone();
        let refusal = |code| BatchAnswer {
            nonce: nonce.clone(),
            status: 409,
            arrival: None,
            error: Some(jishi_core::api::ErrorDetail {
                code,
                message: String::new(),
                field: None,
                tries_left: None,
            }),
        };
        assert!(gate.answered(&[refusal(ErrorCode::Forbidden)]).is_empty());
        assert_eq!(
            gate.queue.len(),
            1,
            "not the ticket's fault: sent again later"
        );
        assert_eq!(gate.answered(&[refusal(ErrorCode::NotConfirmed)]).len(), 1);
        assert!(gate.queue.is_empty());
        assert!(
            gate.arrivals.is_empty(),
            "cancelled after the list was fetched"
        );
    }

    #[wasm_bindgen_test]
    fn the_fetched_list_brings_the_arrivals_other_gates_saw() {
        let mut gate = gate();
        let booking: Booking = serde_json::from_value(serde_json::json!({
            "id": "b1", "market_id": "m1", "market_title": "集", "starts_at": "2026-12-05T08:00:00+08:00",
            "ends_at": "2026-12-05T12:00:00+08:00", "stall_id": "s1", "stall_code": "A03", "zone": "A区",
            "status": "confirmed", "code": "7PEHXD", "goods": "橘子", "cancel_until": "2026-12-04T08:00:00+08:00",
            "holder": {"name": "王阿婆", "phone": "13700137000", "on_behalf": false},
            "arrived_at": "2026-12-05T08:30:00+08:00"
        }))
        .unwrap();
        gate.take_bookings(&[booking]);
        assert_eq!(gate.bookings[0].name, "王阿婆");
        assert!(matches!(
            gate.judge(&ticket("m1", "b1"), false, MORNING),
            Verdict::Again { first_at, .. } if first_at == MORNING - 1800
        ));
        assert!(gate.queue.is_empty(), "nothing new to send");
    }
}
