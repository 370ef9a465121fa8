//! Markets' rules: who may create, change and cancel which market, and how a monthly series is
//! laid out. The checks of the request itself live in `jishi_core::market` (drafts) and
//! `jishi_core::field`, shared with the app's forms; a market's stall layout is `services::stalls`.

use jishi_core::{
    api::HostUnitRef,
    field::Problem,
    lottery::Allocation,
    market::{BookingWindow, LayoutProblem, Market, MarketStatus, Venue},
    market::{CancelRequest, MarketDraft, MarketPatch, SeriesCreated, SeriesRequest},
    message::MessageKind,
};

use crate::{
    ids::new_id,
    services::{lottery, messages},
    store::{
        self, audit, markets,
        markets::MarketRow,
        places::{self, UnitLookup},
        stalls::LayoutError,
        users::UserRecord,
        Claim, Conn, Db, StoreError,
    },
};

/// Why a request about a market (or its layout) was refused.
#[derive(Debug, thiserror::Error)]
pub enum MarketError {
    /// The request breaks one of core's rules.
    #[error("{0}")]
    Problem(Problem),
    /// The market would start, or a series begin, before now.
    #[error("in the past")]
    InThePast,
    /// The market would start, or a series end, more than [`MAX_YEARS_AHEAD`] years from now.
    #[error("too far ahead")]
    TooFarAhead,
    /// The request names a host unit that does not exist, or has no usual venue for a series.
    #[error("host unit {0:?}: {1}")]
    HostUnit(String, &'static str),
    /// No such market.
    #[error("no such market")]
    NotFound,
    /// The caller does not organise this host unit.
    #[error("not an organiser of {0}")]
    NotYours(String),
    /// A stall layout broke its rules.
    #[error("layout: {0:?}")]
    Layout(LayoutProblem),
    /// The layout leaves out a stall someone holds.
    #[error("stall {0} is held")]
    StallHeld(String),
    /// A layout copied from a market outside the series.
    #[error("not the same series")]
    OtherSeries,
    /// First come or lottery changed once the window opened (applications or bookings exist).
    #[error("allocation fixed once the window opened")]
    AllocationFixed,
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<LayoutError> for MarketError {
    fn from(error: LayoutError) -> Self {
        match error {
            LayoutError::Held(code) => Self::StallHeld(code),
            LayoutError::Store(error) => Self::Store(error),
        }
    }
}

impl From<Problem> for MarketError {
    fn from(problem: Problem) -> Self {
        Self::Problem(problem)
    }
}

/// Writes a market, and a lottery market's draw (its seed and commitment) with it.
pub async fn save_market(conn: &mut Conn, row: MarketRow<'_>, now: i64) -> Result<(), StoreError> {
    markets::save_market(&mut *conn, row, now).await?;
    if row.draft.booking.allocation == Allocation::Lottery {
        lottery::prepare(conn, row.id).await?;
    }
    Ok(())
}

/// How far ahead a market may be published: a series of two years, begun a few years out.
pub const MAX_YEARS_AHEAD: i64 = 5;

/// Refuses a start more than [`MAX_YEARS_AHEAD`] years after `now`.
fn within_reach(starts_at: i64, now: i64) -> Result<(), MarketError> {
    if starts_at > now + MAX_YEARS_AHEAD * 366 * 86_400 {
        return Err(MarketError::TooFarAhead);
    }
    Ok(())
}

/// Creates a one-off market for one of the caller's host units.
pub async fn create_market(
    db: &Db,
    now: i64,
    user: &UserRecord,
    draft: MarketDraft,
) -> Result<Market, MarketError> {
    let draft = draft.checked()?;
    may_organise(user, &draft.host_unit.id)?;
    if draft.starts_at.unix_timestamp() < now {
        return Err(MarketError::InThePast);
    }
    within_reach(draft.starts_at.unix_timestamp(), now)?;
    let id = new_id("m");
    let mut tx = store::write(db, &[Claim::HostUnit(&draft.host_unit.id)]).await?;
    known_unit(&mut tx, &draft.host_unit.id).await?;
    let row = MarketRow {
        id: &id,
        draft: &draft,
        status: MarketStatus::Scheduled,
        status_reason: None,
        series_id: None,
    };
    save_market(&mut tx, row, now).await?;
    audit::record(&mut tx, now, &user.id, "market.create", &id, &draft).await?;
    tx.commit().await?;
    fetch(db, &id).await
}

/// Changes a market of one of the caller's units; moving it to another unit needs that unit too.
pub async fn update_market(
    db: &Db,
    now: i64,
    user: &UserRecord,
    id: &str,
    patch: MarketPatch,
) -> Result<Market, MarketError> {
    let action = match patch.status {
        Some(MarketStatus::Cancelled) => "market.cancel",
        Some(MarketStatus::Postponed) => "market.postpone",
        _ => "market.update",
    };
    let mut tx = store::write(db, &[Claim::Market(id)]).await?;
    let current = markets::get(&mut *tx, id)
        .await?
        .ok_or(MarketError::NotFound)?;
    may_organise(user, &current.host_unit.id)?;
    let (status, reason) = patch.status_after(current.status, current.status_reason.clone())?;
    let detail = serde_json::to_value(&patch).unwrap_or_default();
    let draft = patch
        .applied_to(MarketDraft::from(current.clone()))
        .checked()?;
    // Opened once is enough (a window moved later does not undo the bookings or applications).
    let window_opened = now >= current.booking.opens_at.unix_timestamp()
        || markets::has_takers(&mut tx, id).await?;
    if draft.booking.allocation != current.booking.allocation && window_opened {
        return Err(MarketError::AllocationFixed);
    }
    within_reach(draft.starts_at.unix_timestamp(), now)?;
    may_organise(user, &draft.host_unit.id)?;
    known_unit(&mut tx, &draft.host_unit.id).await?;
    let row = MarketRow {
        id,
        draft: &draft,
        status,
        status_reason: reason.as_deref(),
        series_id: None,
    };
    save_market(&mut tx, row, now).await?;
    audit::record(&mut tx, now, &user.id, action, id, &detail).await?;
    if let Some(told) = news_for_holders(&current, status, draft.starts_at) {
        let market = markets::get(&mut *tx, id)
            .await?
            .ok_or(MarketError::NotFound)?;
        messages::tell_holders(&mut tx, told, &market, now).await?;
    }
    tx.commit().await?;
    fetch(db, id).await
}

/// What the holders of bookings must be told when `before` becomes `status` starting at
/// `starts_at`: that it is cancelled, or postponed (again, when its new day moves).
fn news_for_holders(
    before: &Market,
    status: MarketStatus,
    starts_at: time::OffsetDateTime,
) -> Option<MessageKind> {
    match status {
        MarketStatus::Cancelled if before.status != MarketStatus::Cancelled => {
            Some(MessageKind::Cancelled)
        }
        MarketStatus::Postponed
            if before.status != MarketStatus::Postponed || before.starts_at != starts_at =>
        {
            Some(MessageKind::Postponed)
        }
        _ => None,
    }
}

/// Cancels a market with a reason villagers will read; cancelling again replaces the reason.
pub async fn cancel_market(
    db: &Db,
    now: i64,
    user: &UserRecord,
    id: &str,
    request: CancelRequest,
) -> Result<Market, MarketError> {
    let patch = MarketPatch {
        status: Some(MarketStatus::Cancelled),
        status_reason: Some(request.reason()?),
        ..MarketPatch::default()
    };
    update_market(db, now, user, id, patch).await
}

/// Creates every market of a monthly series, each at its host unit's usual venue, all or none.
pub async fn create_series(
    db: &Db,
    now: i64,
    user: &UserRecord,
    request: SeriesRequest,
) -> Result<SeriesCreated, MarketError> {
    let plan = request.plan()?;
    for unit in &request.host_units {
        may_organise(user, unit.trim())?;
    }
    if plan
        .first()
        .is_some_and(|m| m.starts_at.unix_timestamp() < now)
    {
        return Err(MarketError::InThePast);
    }
    if let Some(last) = plan.last() {
        within_reach(last.starts_at.unix_timestamp(), now)?;
    }
    let series_id = new_id("s");
    let claims: Vec<Claim> = request
        .host_units
        .iter()
        .map(|unit| Claim::HostUnit(unit.trim()))
        .collect();
    let mut tx = store::write(db, &claims).await?;
    let request_json = serde_json::to_string(&request).unwrap_or_default();
    markets::insert_series(
        &mut tx,
        &series_id,
        request.title.trim(),
        &request_json,
        Some(&user.id),
        now,
    )
    .await?;
    let mut ids = Vec::with_capacity(plan.len());
    for planned in plan {
        let Some(venue) = known_unit(&mut tx, &planned.host_unit).await? else {
            return Err(MarketError::HostUnit(
                planned.host_unit,
                "has no usual venue",
            ));
        };
        let draft = MarketDraft {
            title: request.title.trim().to_owned(),
            kind: request.kind,
            starts_at: planned.starts_at,
            ends_at: planned.ends_at,
            host_unit: HostUnitRef {
                id: planned.host_unit,
                name: String::new(),
            },
            venue,
            booking: BookingWindow::standard_for(planned.starts_at, request.approval),
            goods: request.goods.trim().to_owned(),
            contact: request.contact.clone(),
        };
        let id = new_id("m");
        let row = MarketRow {
            id: &id,
            draft: &draft,
            status: MarketStatus::Scheduled,
            status_reason: None,
            series_id: Some(&series_id),
        };
        save_market(&mut tx, row, now).await?;
        ids.push(id);
    }
    audit::record(
        &mut tx,
        now,
        &user.id,
        "series.create",
        &series_id,
        &request,
    )
    .await?;
    tx.commit().await?;
    let mut created = Vec::with_capacity(ids.len());
    for id in &ids {
        created.push(fetch(db, id).await?);
    }
    Ok(SeriesCreated {
        id: series_id,
        markets: created,
    })
}

pub(super) fn may_organise(user: &UserRecord, host_unit_id: &str) -> Result<(), MarketError> {
    if user.organises(host_unit_id) {
        Ok(())
    } else {
        Err(MarketError::NotYours(host_unit_id.to_owned()))
    }
}

/// The unit's usual venue; an error for a unit that does not exist (an admin may name any).
async fn known_unit(conn: &mut Conn, id: &str) -> Result<Option<Venue>, MarketError> {
    match places::host_unit(conn, id).await? {
        UnitLookup::Known { venue } => Ok(venue),
        UnitLookup::Unknown => Err(MarketError::HostUnit(id.to_owned(), "does not exist")),
    }
}

pub(super) async fn fetch(db: &Db, id: &str) -> Result<Market, MarketError> {
    markets::get(db, id).await?.ok_or(MarketError::NotFound)
}

#[cfg(test)]
mod tests {
    use jishi_core::market::MarketStatus;
    use time::macros::datetime;

    use super::*;
    use crate::services::testing::{draft, organiser_of, store_with_units, NOW};

    #[test]
    fn a_market_may_start_up_to_five_years_ahead() {
        let year = 366 * 86_400;
        assert!(within_reach(NOW + 5 * year, NOW).is_ok());
        assert!(matches!(
            within_reach(NOW + 5 * year + 1, NOW),
            Err(MarketError::TooFarAhead)
        ));
    }

    #[test]
    fn only_the_units_organisers_may_run_its_markets() {
        assert!(may_organise(&organiser_of("hu-jinliang"), "hu-jinliang").is_ok());
        assert!(matches!(
            may_organise(&organiser_of("hu-jinliang"), "hu-xiaotong"),
            Err(MarketError::NotYours(unit)) if unit == "hu-xiaotong"
        ));
    }

    #[tokio::test]
    async fn a_market_is_published_for_the_organisers_own_unit_and_not_in_the_past() {
        let (_dir, db) = store_with_units().await;
        let user = organiser_of("hu-jiangsengqiao");

        let published = create_market(&db, NOW, &user, draft("hu-jiangsengqiao"))
            .await
            .unwrap();
        let theirs = create_market(&db, NOW, &user, draft("hu-jinliang")).await;
        let late = create_market(
            &db,
            datetime!(2026-12-21 08:00 +8).unix_timestamp(),
            &user,
            draft("hu-jiangsengqiao"),
        )
        .await;

        assert_eq!(published.status, MarketStatus::Scheduled);
        assert_eq!(published.host_unit.name, "蒋僧桥村");
        assert!(matches!(theirs, Err(MarketError::NotYours(_))));
        assert!(matches!(late, Err(MarketError::InThePast)));
    }

    #[tokio::test]
    async fn cancelling_needs_a_reason_and_keeps_it() {
        let (_dir, db) = store_with_units().await;
        let user = organiser_of("hu-jiangsengqiao");
        let market = create_market(&db, NOW, &user, draft("hu-jiangsengqiao"))
            .await
            .unwrap();
        let blank = CancelRequest {
            reason: "  ".into(),
        };

        let refused = cancel_market(&db, NOW, &user, &market.id, blank).await;
        let cancelled = cancel_market(
            &db,
            NOW,
            &user,
            &market.id,
            CancelRequest {
                reason: "寒潮预警".into(),
            },
        )
        .await
        .unwrap();

        assert!(matches!(refused, Err(MarketError::Problem(_))));
        assert_eq!(cancelled.status, MarketStatus::Cancelled);
        assert_eq!(cancelled.status_reason.as_deref(), Some("寒潮预警"));
    }
}
