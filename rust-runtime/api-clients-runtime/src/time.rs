//! Dates and moments in time, as vendors write them (RFC 3339), decoded with
//! `jiff` and sent back exactly as the server wrote them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A moment in time (`date_time` in a spec): an RFC 3339 timestamp such as
/// `2024-05-01T12:30:00Z` or `2024-05-01T14:30:00.250+02:00`.
///
/// The text the server sent is kept and sent back unchanged; two values are
/// equal when they are the same moment, whatever their offsets.
#[derive(Clone)]
pub struct DateTime {
    text: String,
    value: jiff::Timestamp,
}

/// A calendar date (`date` in a spec): `2024-05-01`.
#[derive(Clone)]
pub struct Date {
    text: String,
    value: jiff::civil::Date,
}

impl DateTime {
    /// The moment.
    pub fn timestamp(&self) -> jiff::Timestamp {
        self.value
    }

    /// The text as the server wrote it (or as `From` formatted it).
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl Date {
    /// The date.
    pub fn date(&self) -> jiff::civil::Date {
        self.value
    }

    /// The text as the server wrote it.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl From<jiff::Timestamp> for DateTime {
    /// Formats the moment in UTC (`...Z`).
    fn from(value: jiff::Timestamp) -> Self {
        DateTime {
            text: value.to_string(),
            value,
        }
    }
}

impl From<jiff::civil::Date> for Date {
    fn from(value: jiff::civil::Date) -> Self {
        Date {
            text: value.to_string(),
            value,
        }
    }
}

impl FromStr for DateTime {
    type Err = jiff::Error;
    /// Parses RFC 3339 (an offset is required), keeping the text.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(DateTime {
            text: text.to_owned(),
            value: text.parse()?,
        })
    }
}

impl FromStr for Date {
    type Err = jiff::Error;
    /// Parses `YYYY-MM-DD`, keeping the text.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(Date {
            text: text.to_owned(),
            value: text.parse()?,
        })
    }
}

macro_rules! text_value {
    ($ty:ident, $what:literal) => {
        impl PartialEq for $ty {
            fn eq(&self, other: &Self) -> bool {
                self.value == other.value
            }
        }

        impl fmt::Debug for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($ty), self.text)
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.text)
            }
        }

        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.text)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                text.parse().map_err(|e| {
                    serde::de::Error::custom(format!(concat!("not ", $what, " ({})"), e))
                })
            }
        }
    };
}

text_value!(DateTime, "an RFC 3339 date-time");
text_value!(Date, "a YYYY-MM-DD date");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_servers_text_round_trips_unchanged() {
        for text in [
            "2024-05-01T12:30:00Z",
            "2024-05-01T14:30:00.250+02:00",
            "2024-05-01t12:30:00.000000Z",
        ] {
            let json = format!("\"{text}\"");
            let parsed: DateTime = serde_json::from_str(&json).unwrap();
            assert_eq!(serde_json::to_string(&parsed).unwrap(), json);
            assert_eq!(parsed.to_string(), text);
        }
        let a: DateTime = "2024-05-01T12:30:00Z".parse().unwrap();
        let b: DateTime = "2024-05-01T14:30:00+02:00".parse().unwrap();
        assert_eq!(a, b, "the same moment");
        assert_eq!(a.timestamp().as_second(), 1_714_566_600);
        let d: Date = serde_json::from_str("\"2024-02-29\"").unwrap();
        assert_eq!(d.date().day(), 29);
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2024-02-29\"");
    }

    #[test]
    fn invalid_text_is_a_decode_error() {
        for bad in [
            "\"2024-05-01 12:30\"",
            "\"yesterday\"",
            "\"2024-05-01T12:30:00\"",
            "5",
        ] {
            assert!(serde_json::from_str::<DateTime>(bad).is_err(), "{bad}");
        }
        assert!(serde_json::from_str::<Date>("\"2023-02-29\"").is_err());
        let from: DateTime = jiff::Timestamp::from_second(0).unwrap().into();
        assert_eq!(from.as_str(), "1970-01-01T00:00:00Z");
    }
}
