//! Calendar months (MODEL.md section 0): a plan's `start` names month 0,
//! so month numbers can be shown as dates. Written "YYYY-MM".

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A month of the calendar, such as 2027-03.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CalendarMonth {
    /// Months since January of year 0: one number, so adding is plain.
    index: i32,
}

/// Years a plan's dates may name: a planner's century either side.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

impl CalendarMonth {
    /// `month` is 1 to 12; `None` outside [`YEARS`] or the twelve months.
    pub fn new(year: i32, month: u32) -> Option<CalendarMonth> {
        (YEARS.contains(&year) && (1..=12).contains(&month)).then(|| CalendarMonth {
            index: year * 12 + month as i32 - 1,
        })
    }

    pub fn year(self) -> i32 {
        self.index.div_euclid(12)
    }

    /// 1 to 12.
    pub fn month(self) -> u32 {
        self.index.rem_euclid(12) as u32 + 1
    }

    /// The month `months` later (earlier when negative).
    pub fn plus(self, months: i32) -> CalendarMonth {
        CalendarMonth {
            index: self.index + months,
        }
    }

    /// Months from `self` to `later` (negative when `later` is earlier).
    pub fn until(self, later: CalendarMonth) -> i32 {
        later.index - self.index
    }

    /// "Mar 2027": how a planner reads a month.
    pub fn label(self) -> String {
        const NAMES: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        format!("{} {}", NAMES[self.month() as usize - 1], self.year())
    }

    /// Reads "YYYY-MM"; the error says what was expected.
    pub fn parse(text: &str) -> Result<CalendarMonth, String> {
        let bad = || {
            format!("must be a calendar month as \"YYYY-MM\", such as \"2027-03\", got \"{text}\"")
        };
        let (y, m) = text.trim().split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) {
            return Err(format!("month must be 01 to 12, got \"{text}\""));
        }
        CalendarMonth::new(year, month).ok_or_else(|| {
            format!(
                "year must be {} to {}, got \"{text}\"",
                YEARS.start(),
                YEARS.end()
            )
        })
    }
}

impl fmt::Display for CalendarMonth {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

impl Serialize for CalendarMonth {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for CalendarMonth {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<CalendarMonth, D::Error> {
        let text = String::deserialize(d)?;
        CalendarMonth::parse(&text).map_err(de::Error::custom)
    }
}

/// Month `m` of a plan that starts at `start`, as a date ("2027-03").
pub fn date(start: Option<CalendarMonth>, m: i32) -> Option<String> {
    start.map(|s| s.plus(m).to_string())
}
