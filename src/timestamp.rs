//! Times as the API sends them: whole Unix seconds, in fields named `*_at`.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A point in time to the second, the API's `*_at` fields: decodes from the integer sent
/// (leniently, a fraction is dropped), encodes to it, displays as RFC 3339 in UTC, and converts
/// to [`SystemTime`] (with cargo features `chrono`, `jiff` or `time`, to their types too).
///
/// ```
/// use ittybit::Timestamp;
///
/// let created: Timestamp = serde_json::from_str("1735689825")?;
/// assert_eq!(created.unix_seconds(), 1_735_689_825);
/// assert_eq!(created.to_string(), "2025-01-01T00:03:45Z");
/// assert_eq!(serde_json::to_string(&created)?, "1735689825");
/// let when: std::time::SystemTime = created.into();
/// # let _ = when;
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

impl Timestamp {
    /// The time `seconds` after 1970-01-01T00:00:00Z (before it when negative).
    #[must_use]
    pub const fn from_unix_seconds(seconds: i64) -> Self {
        Self(seconds)
    }

    /// Seconds since 1970-01-01T00:00:00Z, as the API sent them.
    #[must_use]
    pub const fn unix_seconds(self) -> i64 {
        self.0
    }

    /// The same instant as a [`SystemTime`] (saturating at the platform's range).
    #[must_use]
    pub fn to_system_time(self) -> SystemTime {
        let offset = Duration::from_secs(self.0.unsigned_abs());
        let time = if self.0 >= 0 {
            UNIX_EPOCH.checked_add(offset)
        } else {
            UNIX_EPOCH.checked_sub(offset)
        };
        time.unwrap_or(if self.0 >= 0 {
            // The far end of what the platform represents; every platform reaches a century.
            UNIX_EPOCH + Duration::from_secs(u64::from(u32::MAX))
        } else {
            UNIX_EPOCH
        })
    }
}

impl From<Timestamp> for SystemTime {
    fn from(time: Timestamp) -> Self {
        time.to_system_time()
    }
}

impl fmt::Display for Timestamp {
    /// RFC 3339 in UTC, e.g. `2025-01-01T00:03:45Z` (years past 9999 or before 0 with a sign).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.0.div_euclid(86_400);
        let second_of_day = self.0.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        let (hour, minute, second) = (
            second_of_day / 3600,
            second_of_day % 3600 / 60,
            second_of_day % 60,
        );
        if (0..=9999).contains(&year) {
            write!(f, "{year:04}")?;
        } else {
            write!(f, "{year:+05}")?;
        }
        write!(f, "-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z")
    }
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`), exact for every `i64` second count divided into days.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    // Both are in range by construction: day 1..=31, month 1..=12.
    (
        year,
        u32::try_from(month).unwrap_or(1),
        u32::try_from(day).unwrap_or(1),
    )
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.0)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Seconds;

        impl Visitor<'_> for Seconds {
            type Value = Timestamp;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a time in Unix seconds")
            }

            fn visit_i64<E: de::Error>(self, seconds: i64) -> Result<Timestamp, E> {
                Ok(Timestamp(seconds))
            }

            fn visit_u64<E: de::Error>(self, seconds: u64) -> Result<Timestamp, E> {
                i64::try_from(seconds)
                    .map(Timestamp)
                    .map_err(|_| E::custom(format_args!("{seconds} seconds is out of range")))
            }

            #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
            fn visit_f64<E: de::Error>(self, seconds: f64) -> Result<Timestamp, E> {
                // `as` saturates; the range check keeps saturation from passing for a time.
                let whole = seconds.trunc();
                if whole.is_finite() && whole >= i64::MIN as f64 && whole < i64::MAX as f64 {
                    Ok(Timestamp(whole as i64))
                } else {
                    Err(E::custom(format_args!("{seconds} seconds is out of range")))
                }
            }
        }

        deserializer.deserialize_i64(Seconds)
    }
}

#[cfg(feature = "chrono")]
impl From<Timestamp> for chrono::DateTime<chrono::Utc> {
    /// Saturates at chrono's range (about ±262,000 years).
    fn from(time: Timestamp) -> Self {
        chrono::DateTime::from_timestamp(time.0, 0).unwrap_or(if time.0 < 0 {
            chrono::DateTime::<chrono::Utc>::MIN_UTC
        } else {
            chrono::DateTime::<chrono::Utc>::MAX_UTC
        })
    }
}

#[cfg(feature = "jiff")]
impl From<Timestamp> for jiff::Timestamp {
    /// Saturates at jiff's range (years -9999 to 9999).
    fn from(time: Timestamp) -> Self {
        let seconds = time.0.clamp(
            jiff::Timestamp::MIN.as_second(),
            jiff::Timestamp::MAX.as_second(),
        );
        jiff::Timestamp::from_second(seconds).unwrap_or(jiff::Timestamp::UNIX_EPOCH)
    }
}

#[cfg(feature = "time")]
impl From<Timestamp> for time::OffsetDateTime {
    /// Saturates at the `time` crate's range (years -9999 to 9999).
    fn from(time: Timestamp) -> Self {
        let seconds = time.0.clamp(
            time::OffsetDateTime::new_utc(time::Date::MIN, time::Time::MIDNIGHT).unix_timestamp(),
            time::OffsetDateTime::new_utc(time::Date::MAX, time::Time::MIDNIGHT).unix_timestamp(),
        );
        time::OffsetDateTime::from_unix_timestamp(seconds)
            .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_as_rfc_3339_in_utc() {
        let cases = [
            (0, "1970-01-01T00:00:00Z"),
            (-1, "1969-12-31T23:59:59Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (1_735_689_886, "2025-01-01T00:04:46Z"),
            (253_402_300_799, "9999-12-31T23:59:59Z"),
            (253_402_300_800, "+10000-01-01T00:00:00Z"),
            (-62_167_219_200, "0000-01-01T00:00:00Z"),
            (-62_167_219_201, "-0001-12-31T23:59:59Z"),
        ];
        for (seconds, text) in cases {
            assert_eq!(Timestamp(seconds).to_string(), text, "{seconds}");
        }
        // The extremes display without overflow.
        assert_eq!(
            Timestamp(i64::MAX).to_string(),
            "+292277026596-12-04T15:30:07Z"
        );
        assert_eq!(
            Timestamp(i64::MIN).to_string(),
            "-292277022657-01-27T08:29:52Z"
        );
    }

    #[test]
    fn round_trips_exactly_and_decodes_leniently() {
        for seconds in [0, 1_735_689_825, -5, i64::MAX, i64::MIN] {
            let json = serde_json::to_string(&Timestamp(seconds)).unwrap();
            assert_eq!(json, seconds.to_string());
            assert_eq!(
                serde_json::from_str::<Timestamp>(&json).unwrap(),
                Timestamp(seconds)
            );
        }
        let from =
            |json: &str| serde_json::from_str::<Timestamp>(json).map(Timestamp::unix_seconds);
        assert_eq!(from("1735689825.75").unwrap(), 1_735_689_825);
        assert_eq!(from("-1.5").unwrap(), -1);
        for bad in [
            "1e300",
            "18446744073709551615",
            "\"2025-01-01\"",
            "null",
            "true",
        ] {
            let err = from(bad).unwrap_err().to_string();
            assert!(
                err.contains("Unix seconds") || err.contains("out of range"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn converts_to_system_time() {
        assert_eq!(
            Timestamp(90).to_system_time(),
            UNIX_EPOCH + Duration::from_secs(90)
        );
        assert_eq!(
            SystemTime::from(Timestamp(-90)),
            UNIX_EPOCH - Duration::from_secs(90)
        );
        // Far beyond any platform's range: saturates instead of panicking.
        let _ = Timestamp(i64::MAX).to_system_time();
        let _ = Timestamp(i64::MIN).to_system_time();
    }

    #[cfg(feature = "chrono")]
    #[test]
    fn converts_to_chrono_saturating() {
        let time = chrono::DateTime::<chrono::Utc>::from(Timestamp(1_735_689_825));
        assert_eq!(time.timestamp(), 1_735_689_825);
        assert_eq!(
            chrono::DateTime::<chrono::Utc>::from(Timestamp(i64::MAX)),
            chrono::DateTime::<chrono::Utc>::MAX_UTC
        );
        assert_eq!(
            chrono::DateTime::<chrono::Utc>::from(Timestamp(i64::MIN)),
            chrono::DateTime::<chrono::Utc>::MIN_UTC
        );
    }

    #[cfg(feature = "jiff")]
    #[test]
    fn converts_to_jiff_saturating() {
        assert_eq!(
            jiff::Timestamp::from(Timestamp(1_735_689_825)).as_second(),
            1_735_689_825
        );
        let far = |seconds| jiff::Timestamp::from(Timestamp(seconds)).as_second();
        assert_eq!(far(i64::MAX), jiff::Timestamp::MAX.as_second());
        assert_eq!(far(i64::MIN), jiff::Timestamp::MIN.as_second());
    }

    #[cfg(feature = "time")]
    #[test]
    fn converts_to_time_saturating() {
        let time = time::OffsetDateTime::from(Timestamp(1_735_689_825));
        assert_eq!(time.unix_timestamp(), 1_735_689_825);
        assert_eq!(time::OffsetDateTime::from(Timestamp(i64::MAX)).year(), 9999);
        assert_eq!(
            time::OffsetDateTime::from(Timestamp(i64::MIN)).year(),
            -9999
        );
    }
}
