//! Publication times: RFC 3339 timestamps or plain `YYYY-MM-DD` dates.
//!
//! A hand-written parser rather than a date crate: the two accepted forms are
//! small, and all wirecheck needs is a total order (seconds since the Unix
//! epoch, UTC) plus the original spelling for the reports.

use std::cmp::Ordering;
use std::fmt;

/// A publication time as given in the input, with its instant in UTC.
///
/// A date without a time is taken as midnight UTC of that day, and
/// [`Published::is_date_only`] says so, so that comparisons between a date and
/// a timestamp on the same day can be reported as uncertain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    raw: String,
    unix_seconds: i64,
    date_only: bool,
}

impl Published {
    /// Parse `YYYY-MM-DD` or an RFC 3339 timestamp
    /// (`YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`, `T` or a space).
    pub fn parse(raw: &str) -> Option<Published> {
        let s = raw.trim();
        let b = s.as_bytes();
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year = digits(&b[0..4])?;
        let month = digits(&b[5..7])?;
        let day = digits(&b[8..10])?;
        if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return None;
        }
        let days = days_from_civil(year, month, day);
        if b.len() == 10 {
            return Some(Published {
                raw: s.to_string(),
                unix_seconds: days * 86_400,
                date_only: true,
            });
        }
        // Time part: "THH:MM:SS" then optional fraction, then zone.
        if b.len() < 20 || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
            return None;
        }
        let hour = digits(&b[11..13])?;
        let minute = digits(&b[14..16])?;
        let second = digits(&b[17..19])?;
        // 60 is a leap second, allowed by RFC 3339.
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        let mut rest = &b[19..];
        if rest.first() == Some(&b'.') {
            let n = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 {
                return None;
            }
            rest = &rest[1 + n..];
        }
        let offset = match rest {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let oh = digits(&[*h1, *h2])?;
                let om = digits(&[*m1, *m2])?;
                if oh > 23 || om > 59 {
                    return None;
                }
                let o = oh * 3600 + om * 60;
                if *sign == b'-' {
                    -o
                } else {
                    o
                }
            }
            _ => return None,
        };
        let local = days * 86_400 + hour * 3600 + minute * 60 + second;
        Some(Published {
            raw: s.to_string(),
            unix_seconds: local - offset,
            date_only: false,
        })
    }

    /// The value as it was written in the input (trimmed).
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    pub fn unix_seconds(&self) -> i64 {
        self.unix_seconds
    }

    /// True when the input gave a date without a time of day.
    pub fn is_date_only(&self) -> bool {
        self.date_only
    }
}

impl PartialOrd for Published {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Published {
    fn cmp(&self, other: &Self) -> Ordering {
        self.unix_seconds
            .cmp(&other.unix_seconds)
            .then_with(|| self.raw.cmp(&other.raw))
    }
}

impl fmt::Display for Published {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

fn digits(b: &[u8]) -> Option<i64> {
    b.iter().try_fold(0i64, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
    })
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
/// `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_timestamps_share_one_clock() {
        let d = Published::parse("2023-09-11").unwrap();
        assert!(d.is_date_only());
        assert_eq!(d.unix_seconds(), 1_694_390_400);
        let t = Published::parse("2023-09-11T09:30:00Z").unwrap();
        assert_eq!(t.unix_seconds(), 1_694_390_400 + 9 * 3600 + 30 * 60);
        // The same instant written in Seoul time.
        let kst = Published::parse("2023-09-11T18:30:00.250+09:00").unwrap();
        assert_eq!(kst.unix_seconds(), t.unix_seconds());
        assert_eq!(
            Published::parse("1970-01-01 00:00:00Z")
                .unwrap()
                .unix_seconds(),
            0
        );
        assert_eq!(
            Published::parse("2000-03-01").unwrap().unix_seconds(),
            951_868_800
        );
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for bad in [
            "",
            "yesterday",
            "2023-13-01",
            "2023-02-29",
            "2023-09-11T25:00:00Z",
            "2023-09-11T10:00:00",
            "2023-09-11T10:00:00+0900",
            "2023-9-1",
            "２０２３-09-11",
        ] {
            assert_eq!(Published::parse(bad), None, "{bad:?}");
        }
        assert!(Published::parse("2024-02-29").is_some());
    }
}
