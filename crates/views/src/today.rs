//! Now, and today's date in China, for what depends on them (in season now, the month calendar,
//! whether booking is open). The app reads the phone's clock, the server its own: given once
//! through the context rather than read inside components, so the server's page and the app's
//! first render agree.

use leptos::prelude::*;
use time::Date;

/// The moment the page is drawn for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct DrawnAt {
    /// Unix seconds.
    now: i64,
    /// That moment's date in China.
    today: Date,
}

/// Gives every component below the moment `now` (unix seconds) and its date in China.
pub fn provide_today(now: i64) {
    let today = jishi_core::when::china_time(now).date();
    provide_context(DrawnAt { now, today });
}

/// The date [`provide_today`] gave.
pub fn use_today() -> Date {
    expect_context::<DrawnAt>().today
}

/// The moment [`provide_today`] gave, unix seconds.
pub fn use_now() -> i64 {
    expect_context::<DrawnAt>().now
}
