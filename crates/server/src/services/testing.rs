//! What the services' unit tests share: a store of their own with the demo's host units, an
//! organiser, a market and its stalls. No app, no HTTP: a service takes the store and the time it is
//! given.

use jishi_core::{
    api::HostUnitRef,
    market::{
        Approval, BookingWindow, Contact, Market, MarketDraft, MarketKind, StallDraft, StallKind,
        Venue,
    },
    Phone,
};
use time::macros::datetime;

use crate::{
    services::{bookings::Bookings, markets, signing::Signer},
    store::{self, users::UserRecord, Db},
};

/// 2026-12-01 09:00 in China.
pub const NOW: i64 = 1_796_086_800;

/// A user who organises `unit`, as the store has them after [`store_with_units`] (`13900139000`).
pub fn organiser_of(unit: &str) -> UserRecord {
    UserRecord {
        id: "u-test".into(),
        phone: "13900139000".into(),
        name: String::new(),
        village: String::new(),
        is_admin: false,
        host_units: vec![HostUnitRef {
            id: unit.into(),
            name: String::new(),
        }],
    }
}

/// A user who organises nothing, stored with `id` and `phone`.
pub async fn stallholder(db: &Db, id: &str, phone: &str) -> UserRecord {
    let phone = Phone::parse(phone).unwrap();
    store::users::find_or_create(db, &phone, id, NOW)
        .await
        .unwrap()
}

/// A store of its own, with the demo's host units and the user of [`organiser_of`] (the audit
/// log names who did what). Keep the directory alive as long as the store.
pub async fn store_with_units() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("jishi.db").display());
    let db = store::connect(&url).await.unwrap();
    crate::seed::load_demo(&db, NOW).await.unwrap();
    stallholder(&db, "u-test", "13900139000").await;
    (dir, db)
}

/// A market of `unit` on 2026-12-20, 8:00–12:00, booking in the usual window.
pub fn draft(unit: &str) -> MarketDraft {
    let starts_at = datetime!(2026-12-20 08:00 +8);
    MarketDraft {
        title: "蒋僧桥村冬至集市".into(),
        kind: MarketKind::ProduceFair,
        starts_at,
        ends_at: datetime!(2026-12-20 12:00 +8),
        host_unit: HostUnitRef {
            id: unit.into(),
            name: String::new(),
        },
        venue: Venue {
            name: "文化礼堂广场".into(),
            town: "峰江街道".into(),
            village: "蒋僧桥村".into(),
            address: "台州市路桥区峰江街道".into(),
            lat: None,
            lng: None,
        },
        booking: BookingWindow::standard_for(starts_at, Approval::Auto),
        goods: String::new(),
        contact: Contact {
            name: "李主任".into(),
            phone: "0576-8239 1001".into(),
        },
    }
}

/// A free booth `code` in A区.
pub fn booth(code: &str) -> StallDraft {
    StallDraft {
        code: code.into(),
        zone: "A区".into(),
        kind: StallKind::Booth,
        fee_fen: 0,
        power: false,
        notes: String::new(),
        closed: false,
    }
}

/// A market of `organiser`'s unit `hu-jiangsengqiao` whose booking opened an hour before [`NOW`].
pub async fn market_open_for_booking(db: &Db, organiser: &UserRecord) -> Market {
    let mut open_now = draft("hu-jiangsengqiao");
    open_now.booking.opens_at = time::OffsetDateTime::from_unix_timestamp(NOW - 3600).unwrap();
    markets::create_market(db, NOW, organiser, open_now)
        .await
        .unwrap()
}

/// The signer the booking rules sign tickets with, from `db`.
pub async fn signer(db: &Db) -> Signer {
    Signer::load(db, NOW).await.unwrap()
}

/// The booking rules at [`NOW`].
pub fn bookings<'a>(db: &'a Db, signer: &'a Signer) -> Bookings<'a> {
    Bookings {
        db,
        signer,
        now: NOW,
    }
}
