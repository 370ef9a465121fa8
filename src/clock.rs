//! The phone's clock, read in China time (markets are dated in China whatever the phone's zone).

use time::Date;

/// Now, as unix seconds.
pub fn now_unix() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// Today's date in China.
pub fn today() -> Date {
    jishi_core::when::china_time(now_unix()).date()
}
