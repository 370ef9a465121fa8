//! Stall layouts: an organiser lays out a market's stalls, or copies the layout of the series'
//! previous market; stalls someone holds cannot go.

use jishi_core::market::{checked_layout, Stall, StallDraft};

use super::markets::{may_organise, MarketError};
use crate::store::{self, audit, markets, stalls, users::UserRecord, Claim, Db};

/// Lays out a market's stalls (replacing the layout) for its organisers.
pub async fn set_layout(
    db: &Db,
    now: i64,
    user: &UserRecord,
    market_id: &str,
    items: Vec<StallDraft>,
) -> Result<Vec<Stall>, MarketError> {
    let items = checked_layout(items).map_err(MarketError::Layout)?;
    write_layout(db, now, user, market_id, Layout::Given(items)).await
}

/// What `copy_layout` takes for "the market of this series just before this one".
pub const PREVIOUS: &str = "previous";

/// Copies the layout of an earlier market of the same series (`from` an id, or [`PREVIOUS`]).
pub async fn copy_layout(
    db: &Db,
    now: i64,
    user: &UserRecord,
    market_id: &str,
    from: &str,
) -> Result<Vec<Stall>, MarketError> {
    write_layout(db, now, user, market_id, Layout::CopiedFrom(from)).await
}

enum Layout<'a> {
    Given(Vec<StallDraft>),
    CopiedFrom(&'a str),
}

async fn write_layout(
    db: &Db,
    now: i64,
    user: &UserRecord,
    market_id: &str,
    layout: Layout<'_>,
) -> Result<Vec<Stall>, MarketError> {
    let mut tx = store::write(db, &[Claim::Market(market_id)]).await?;
    let market = markets::get(&mut *tx, market_id)
        .await?
        .ok_or(MarketError::NotFound)?;
    may_organise(user, &market.host_unit.id)?;
    let (items, action) = match layout {
        Layout::Given(items) => (items, "stalls.layout"),
        Layout::CopiedFrom(from) => {
            let series = markets::series_of(&mut tx, market_id).await?.flatten();
            // "previous": the latest earlier market of the same series.
            let previous;
            let from = if from == PREVIOUS {
                previous = markets::previous_in_series(&mut tx, market_id)
                    .await?
                    .ok_or(MarketError::OtherSeries)?;
                previous.as_str()
            } else {
                from
            };
            let theirs = markets::series_of(&mut tx, from)
                .await?
                .ok_or(MarketError::NotFound)?;
            if series.is_none() || series != theirs || from == market_id {
                return Err(MarketError::OtherSeries);
            }
            (stalls::drafts(&mut tx, from).await?, "stalls.copy")
        }
    };
    stalls::replace(&mut tx, market_id, &items).await?;
    audit::record(
        &mut tx,
        now,
        &user.id,
        action,
        market_id,
        &serde_json::json!({ "stalls": items.len() }),
    )
    .await?;
    tx.commit().await?;
    stalls::stalls(db, market_id)
        .await?
        .ok_or(MarketError::NotFound)
}

#[cfg(test)]
mod tests {
    use jishi_core::booking::BookingRequest;

    use super::*;
    use crate::services::{
        bookings, markets,
        testing::{
            self, booth, draft, market_open_for_booking, organiser_of, stallholder,
            store_with_units, NOW,
        },
    };

    #[tokio::test]
    async fn a_stall_no_one_holds_may_go_and_a_held_one_may_not() {
        let (_dir, db) = store_with_units().await;
        let organiser = organiser_of("hu-jiangsengqiao");
        let market = market_open_for_booking(&db, &organiser).await;
        let laid = set_layout(
            &db,
            NOW,
            &organiser,
            &market.id,
            vec![booth("A01"), booth("A02")],
        )
        .await
        .unwrap();
        let signer = testing::signer(&db).await;
        let ctx = testing::bookings(&db, &signer);
        let holder = stallholder(&db, "u-holder", "13700137003").await;
        let request = BookingRequest {
            stall_id: laid[0].id.clone(),
            goods: "青菜".into(),
            plate: None,
        };
        bookings::book(&ctx, &holder, &market.id, &request, None)
            .await
            .unwrap();

        let without_a02 = set_layout(&db, NOW, &organiser, &market.id, vec![booth("A01")]).await;
        let without_a01 = set_layout(&db, NOW, &organiser, &market.id, vec![booth("A02")]).await;

        assert_eq!(
            without_a02.unwrap().len(),
            1,
            "A02 was never booked: it goes"
        );
        assert!(matches!(without_a01, Err(MarketError::StallHeld(code)) if code == "A01"));
    }

    #[tokio::test]
    async fn a_layout_is_only_copied_within_its_series() {
        let (_dir, db) = store_with_units().await;
        let organiser = organiser_of("hu-jiangsengqiao");
        let market = markets::create_market(&db, NOW, &organiser, draft("hu-jiangsengqiao"))
            .await
            .unwrap();

        let copied = copy_layout(&db, NOW, &organiser, &market.id, PREVIOUS).await;

        assert!(matches!(copied, Err(MarketError::OtherSeries)));
    }
}
