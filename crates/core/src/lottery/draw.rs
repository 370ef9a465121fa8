//! The draw (`jishi-draw-1`): how a stall lottery is drawn, so that anyone can check it.
//!
//! When a lottery market's applications open, the server publishes the **commitment**: the SHA-256
//! of a random 32-byte **seed** it keeps secret until the draw. At the draw it publishes the seed,
//! every application (its id, and whether it is a priority household's, 帮扶户), the places offered
//! and how many of them are kept for priority households, and the result. Anyone can then check
//! that the seed is the one committed to, and re-run the draw:
//!
//! 1. Each application's **draw number** is SHA-256 of the seed's 32 bytes followed by the
//!    application id's UTF-8 bytes, read as a 256-bit big-endian number. (In a shell:
//!    `(printf '%s' "$SEED" | xxd -r -p; printf '%s' "$ID") | sha256sum`.)
//! 2. The **drawn order** is the applications by ascending draw number (two equal numbers, which
//!    SHA-256 makes as good as impossible, by id).
//! 3. **Kept places** first: priority applications, in drawn order, take up to `reserved` places.
//! 4. The **other places** go to everyone not yet placed, priority or not, in drawn order.
//! 5. Everyone left **waits**, in drawn order.
//!
//! An application's number depends only on the seed and its own id, so no one's chance depends on
//! when they applied, and adding or removing an application moves no one else's number. The seed is
//! fixed before anyone applies, so the server cannot choose it to favour anyone.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The algorithm's name, published with every draw.
pub const ALGORITHM: &str = "jishi-draw-1";

/// A draw's secret until the draw: 32 random bytes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Seed(pub [u8; 32]);

impl Seed {
    /// The seed from its published 64 hex digits.
    pub fn from_hex(text: &str) -> Option<Self> {
        let text = text.trim();
        if text.len() != 64 || !text.is_ascii() {
            return None;
        }
        let mut bytes = [0u8; 32];
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(Self(bytes))
    }

    /// The seed as published: 64 lowercase hex digits.
    pub fn to_hex(&self) -> String {
        hex(&self.0)
    }

    /// The commitment published before anyone applies: SHA-256 of the seed's bytes, in hex.
    pub fn commitment(&self) -> String {
        hex(&Sha256::digest(self.0))
    }

    /// An application's draw number.
    pub fn number(&self, application_id: &str) -> [u8; 32] {
        let mut hash = Sha256::new();
        hash.update(self.0);
        hash.update(application_id.as_bytes());
        hash.finalize().into()
    }
}

impl std::fmt::Debug for Seed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A seed in a log before its draw would let its reader foresee the draw.
        f.write_str("Seed(…)")
    }
}

/// One application, as the draw sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Entry {
    /// The application's id.
    pub id: String,
    /// Whether it is a priority household's (帮扶户), drawn first for the kept places.
    pub priority: bool,
}

/// Who got a place and who waits.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Outcome {
    /// The applications given a place, in the order they were drawn into one (kept places first).
    pub placed: Vec<String>,
    /// The others, in drawn order: the waitlist.
    pub waiting: Vec<String>,
}

/// The draw of `entries` for `places` places, `reserved` of them kept for priority households.
pub fn draw(seed: &Seed, entries: &[Entry], places: usize, reserved: usize) -> Outcome {
    let mut drawn: Vec<(&Entry, [u8; 32])> =
        entries.iter().map(|e| (e, seed.number(&e.id))).collect();
    drawn.sort_by(|(a, na), (b, nb)| na.cmp(nb).then_with(|| a.id.cmp(&b.id)));

    let reserved = reserved.min(places);
    let mut placed: Vec<&str> = drawn
        .iter()
        .filter(|(e, _)| e.priority)
        .take(reserved)
        .map(|(e, _)| e.id.as_str())
        .collect();
    let kept = placed.len();
    let others: Vec<&str> = drawn
        .iter()
        .map(|(e, _)| e.id.as_str())
        .filter(|id| !placed[..kept].contains(id))
        .take(places - kept)
        .collect();
    placed.extend(others);
    let waiting = drawn
        .iter()
        .map(|(e, _)| e.id.as_str())
        .filter(|id| !placed.contains(id))
        .map(str::to_owned)
        .collect();
    Outcome {
        placed: placed.into_iter().map(str::to_owned).collect(),
        waiting,
    }
}

/// What a published draw says, checked again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// The seed is the one committed to, and the draw gives the published result: 一致.
    Consistent,
    /// The seed is not the one committed to.
    WrongSeed,
    /// The draw of the published inputs gives another result.
    OtherResult,
}

/// Checks a draw from what was published: the commitment, the seed, the entries, the places and
/// how many were kept, and the result.
pub fn check(
    commitment: &str,
    seed: &Seed,
    entries: &[Entry],
    places: usize,
    reserved: usize,
    published: &Outcome,
) -> Check {
    if !seed.commitment().eq_ignore_ascii_case(commitment.trim()) {
        return Check::WrongSeed;
    }
    match draw(seed, entries, places, reserved) == *published {
        true => Check::Consistent,
        false => Check::OtherResult,
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed_of(n: u32) -> Seed {
        Seed(Sha256::digest(n.to_be_bytes()).into())
    }

    fn entries(count: usize, priority: usize) -> Vec<Entry> {
        (0..count)
            .map(|i| Entry {
                id: format!("ap-{i:03}"),
                priority: i < priority,
            })
            .collect()
    }

    #[test]
    fn the_same_inputs_draw_the_same_and_the_order_of_entries_does_not_matter() {
        let seed = seed_of(7);
        let mut list = entries(12, 3);
        let first = draw(&seed, &list, 5, 2);
        list.reverse();
        assert_eq!(draw(&seed, &list, 5, 2), first);
        assert_eq!(first.placed.len(), 5);
        assert_eq!(first.waiting.len(), 7);
        assert_ne!(
            draw(&seed_of(8), &list, 5, 2),
            first,
            "another seed, another draw"
        );
    }

    #[test]
    fn a_number_is_sha256_of_the_seed_then_the_id() {
        // printf '%064d' 0 | xxd -r -p > s; (cat s; printf 'ap-1') | sha256sum
        let zero = Seed([0; 32]);
        assert_eq!(
            hex(&zero.number("ap-1")),
            hex(&Sha256::digest([&[0u8; 32][..], b"ap-1"].concat()))
        );
        assert_eq!(
            zero.commitment(),
            "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925"
        );
        assert_eq!(Seed::from_hex(&zero.to_hex()), Some(zero));
        assert_eq!(Seed::from_hex("00"), None);
        assert_eq!(Seed::from_hex(&"g".repeat(64)), None);
    }

    #[test]
    fn kept_places_go_to_priority_households_first_and_then_everyone_competes() {
        for n in 0..200 {
            let seed = seed_of(n);
            let list = entries(10, 3);
            let outcome = draw(&seed, &list, 4, 2);
            let priority_placed = outcome
                .placed
                .iter()
                .filter(|id| id.as_str() < "ap-003")
                .count();
            assert!(priority_placed >= 2, "seed {n}: {outcome:?}");
            // The first two placed are the two priority applications drawn first.
            assert!(outcome.placed[..2].iter().all(|id| id.as_str() < "ap-003"));
            // More kept places than priority applicants: the rest go to everyone.
            let few = draw(&seed, &entries(10, 1), 4, 3);
            assert_eq!(few.placed.len(), 4);
        }
    }

    #[test]
    fn every_applicant_has_the_same_chance_within_statistical_tolerance() {
        // 10 applicants, 4 places: each should win 40 % of 4,000 draws. The standard deviation of
        // a share of 4,000 is 0.77 %; 3 % is four of them.
        let (runs, list) = (4_000u32, entries(10, 0));
        let mut wins = vec![0u32; list.len()];
        for n in 0..runs {
            for id in draw(&seed_of(n), &list, 4, 0).placed {
                wins[list.iter().position(|e| e.id == id).unwrap()] += 1;
            }
        }
        for (i, won) in wins.iter().enumerate() {
            let share = f64::from(*won) / f64::from(runs);
            assert!((share - 0.4).abs() < 0.03, "applicant {i}: {share}");
        }
    }

    #[test]
    fn priority_households_chances_follow_the_kept_share() {
        // 10 applicants, 3 of them priority; 4 places, 2 kept. The two priority applicants drawn
        // first take the kept places; the third still wins one of the other two when at most one
        // other was drawn before it, i.e. when the three priority are among the first four drawn
        // (4 of the C(10,3) = 120 placings): 2/3 + 1/3 × 1/30 = 61/90 each. The others share
        // what is left: (4 − 3 × 61/90) / 7 = 59/210.
        let (runs, list) = (4_000u32, entries(10, 3));
        let mut wins = vec![0u32; list.len()];
        for n in 0..runs {
            for id in draw(&seed_of(n), &list, 4, 2).placed {
                wins[list.iter().position(|e| e.id == id).unwrap()] += 1;
            }
        }
        for (i, won) in wins.iter().enumerate() {
            let share = f64::from(*won) / f64::from(runs);
            let expected = if i < 3 { 61.0 / 90.0 } else { 59.0 / 210.0 };
            assert!(
                (share - expected).abs() < 0.03,
                "applicant {i}: {share} vs {expected}"
            );
        }
    }

    #[test]
    fn a_published_draw_checks_out_and_a_changed_one_does_not() {
        let seed = seed_of(42);
        let list = entries(8, 2);
        let outcome = draw(&seed, &list, 3, 1);
        let commitment = seed.commitment();
        assert_eq!(
            check(&commitment, &seed, &list, 3, 1, &outcome),
            Check::Consistent
        );
        assert_eq!(
            check(&commitment, &seed_of(43), &list, 3, 1, &outcome),
            Check::WrongSeed
        );
        let one_removed: Vec<Entry> = list
            .iter()
            .filter(|e| e.id != outcome.placed[0])
            .cloned()
            .collect();
        assert_eq!(
            check(&commitment, &seed, &one_removed, 3, 1, &outcome),
            Check::OtherResult
        );
    }
}
