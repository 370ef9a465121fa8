//! 摆摊: the stallholders' pages, routed by the second app under `/stall`: a market's stall map and
//! booking a stall, a booking's ticket (kept on the phone for the gate), and the user's bookings.

mod map;
pub(crate) mod tickets;

pub use map::BookStallPage;
pub use tickets::{MyBookingsPage, TicketPage};
