//! 摆摊: the stallholders' pages, routed by the second app under `/stall`: a market's stall map and
//! booking a stall (or, at a lottery market, applying, and the draw checked on the phone), a booking's ticket (kept on the phone for the gate), and the user's bookings.

mod lottery;
mod map;
pub(crate) mod tickets;

pub use lottery::DrawPage;
pub use map::BookStallPage;
pub use tickets::{MyBookingsPage, TicketPage};
