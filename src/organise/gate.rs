//! The gate's judgement of a scanned ticket or a typed code, with no network: the ticket's signature
//! is checked against the server's public keys, the booking against the market's bookings as last
//! fetched, and arrivals against those this phone has seen. What the gate admits is queued with a
//! nonce and sent when the network allows; the queue, like the rest, lives in localStorage so a
//! reload or a flat battery loses nothing.

use std::collections::BTreeMap;

use jishi_core::{
    booking::{Booking, BookingStatus},
    checkin::{poster_validity, BatchAnswer, PublishedKey, StallCheckin},
    token::{self, Admits, TokenError},
    when::china_time,
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
    /// The server's public keys.
    pub keys: Vec<PublishedKey>,
    /// The market's bookings as last fetched.
    pub bookings: Vec<GateBooking>,
    /// Booking id → when it was first scanned in (this phone's scans and the server's answers).
    pub arrivals: BTreeMap<String, i64>,
    /// Scans not yet answered by the server, oldest first.
    pub queue: Vec<StallCheckin>,
}

/// What the gate says, as colour and words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Green: come in.
    Welcome { stall: String, name: String },
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

    /// Judges a scanned text (a ticket's token) or a typed short code at `now`; an admitted one is
    /// recorded as arrived and queued for the server.
    pub fn judge(&mut self, scanned: &str, typed: bool, now: i64) -> Verdict {
        let scanned = scanned.trim();
        let verdict = if typed {
            let code: String = scanned
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_uppercase();
            match self.bookings.iter().find(|b| b.code == code).cloned() {
                Some(booking) => self.admit(&booking, now),
                None => Verdict::Refused(Refusal::NotATicket),
            }
        } else {
            self.judge_token(scanned, now)
        };
        if let Verdict::Welcome { .. } = verdict {
            let (token, code) = if typed {
                (None, Some(scanned.to_owned()))
            } else {
                (Some(scanned.to_owned()), None)
            };
            self.queue.push(StallCheckin {
                market_id: self.market_id.clone(),
                token,
                code,
                nonce: opaque_id("scan"),
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
            stall: booking.stall_code.clone(),
            name: booking.name.clone(),
        }
    }

    /// Takes the server's answers to sent scans: answered scans leave the queue, and the server's
    /// first arrival times replace the phone's. Returns the refusals the phone had not foreseen.
    pub fn answered(&mut self, answers: &[BatchAnswer]) -> Vec<BatchAnswer> {
        self.queue
            .retain(|scan| !answers.iter().any(|a| a.nonce == scan.nonce));
        let mut surprises = Vec::new();
        for answer in answers {
            match &answer.arrival {
                Some(arrival) => {
                    self.arrivals.insert(
                        arrival.booking_id.clone(),
                        arrival.first_at.unix_timestamp(),
                    );
                }
                None => surprises.push(answer.clone()),
            }
        }
        surprises
    }
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
}
