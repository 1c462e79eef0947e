//! Front matter: splitting it from the Markdown body and reading it into typed values.
//!
//! One struct holds every key SPEC §3–§4 defines. Keys of a campaign section (`pickets` of
//! events/, `status` of prisoners/, …) are typed and validated wherever they appear, and
//! [`Kind::own_keys`] says which section they belong to: the library rejects them elsewhere, so a
//! key is either accepted with its meaning or rejected with a reason, never silently ignored.
//! `private:` is read as `IgnoredAny`: its contents are never stored, so they cannot reach output.

use crate::error::Error;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use serde::{Deserialize, Deserializer, de};

/// The front matter text and the body of a Markdown file, with the lines they start on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// Line of the file where `yaml` starts (1-based).
    pub yaml_line: usize,
    pub body: &'a str,
    /// Line of the file where `body` starts (1-based).
    pub body_line: usize,
}

/// Splits `---`-delimited YAML front matter from the body. A file without a leading `---` line
/// has no front matter. Front matter ends only at a line `---` (trailing spaces allowed): an
/// opening `---` that is never closed is an error at line 1, and so is a line `...` inside it
/// (YAML's "end of document", which would silently turn every key after it, `draft: true` and
/// `private:` included, into text of the page). A first line of dashes that is not exactly `---`
/// (`----`, ` ---`) is an error too: it looks like front matter that would be published as text.
pub fn split(src: &str) -> Result<Split<'_>, Error> {
    let is_fence = |l: &str| l.trim_end() == "---";
    let mut lines = src.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if !is_fence(first) {
        let t = first.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        if t.len() >= 3 && t.bytes().all(|b| b == b'-') {
            let shown = first.trim_end().replace('\u{feff}', "");
            return Err(Error::input(format!(
                "the first line `{shown}` is not `---`: front matter starts with a line of exactly three dashes"
            ))
            .line(1)
            .col(1)
            .hint("write `---` on the first line (and on the line that ends the front matter); for a horizontal line, put text before it"));
        }
        return Ok(Split {
            yaml: "",
            yaml_line: 1,
            body: src,
            body_line: 1,
        });
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for (i, line) in lines.enumerate() {
        if is_fence(line) {
            let body_start = offset + line.len();
            if let Some(key) = split_in_two(&src[body_start..]) {
                return Err(Error::input(format!(
                    "the front matter ends at this line `---`, but the lines after it look like more of it (`{key}:`): they would be published as text of the page"
                ))
                .line(i + 2)
                .col(1)
                .hint("remove this `---` line, so that the front matter ends at the next one"));
            }
            return Ok(Split {
                yaml: &src[yaml_start..offset],
                yaml_line: 2,
                body: &src[body_start..],
                body_line: i + 3,
            });
        }
        if line.trim_end() == "..." {
            return Err(Error::input(
                "a line `...` inside the front matter: front matter ends only at a line `---`",
            )
            .line(i + 2)
            .col(1)
            .hint("remove the `...` line (YAML would end the front matter there and publish every key after it as text)"));
        }
        offset += line.len();
    }
    Err(
        Error::input("the front matter opened by `---` on line 1 is never closed")
            .line(1)
            .col(1)
            .hint("add a line with just `---` after the last front matter key"),
    )
}

/// Whether a body starts with what is clearly more front matter, cut off by a stray `---` (a
/// careless edit): lines of `key: value` (with their indented or `- ` lines) that end at another
/// line `---`, or that hold a key whose value must never be published (`private:`, `draft:`,
/// `publish_after:`). Returns the first key.
fn split_in_two(body: &str) -> Option<&str> {
    let mut first = None;
    let mut secret = false;
    for line in body.lines() {
        let l = line.trim_end();
        if l == "---" {
            return first;
        }
        if l.is_empty() {
            break;
        }
        if l.starts_with([' ', '\t']) || l.starts_with("- ") {
            first?;
            continue;
        }
        let key = l.split_once(':').and_then(|(k, rest)| {
            let ok = !k.is_empty()
                && k.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                && (rest.is_empty() || rest.starts_with(' '));
            ok.then_some(k)
        });
        let Some(key) = key else {
            break;
        };
        secret |= matches!(key, "private" | "draft" | "publish_after");
        first.get_or_insert(key);
    }
    first.filter(|_| secret)
}

/// A date (`2015-09-25`) or a moment (`2026-12-01T09:00:00+03:00`, or without offset: the site's
/// time zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DateValue {
    Date(NaiveDate),
    Local(NaiveDateTime),
    Moment(DateTime<FixedOffset>),
}

impl DateValue {
    pub fn parse(s: &str) -> Result<DateValue, String> {
        let s = s.trim();
        let expected = "expected a date as YYYY-MM-DD (2015-09-25) or a moment as RFC 3339 (2026-12-01T09:00:00+03:00)";
        if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Ok(DateValue::Date(d));
        }
        if let Ok(m) = DateTime::parse_from_rfc3339(s) {
            return Ok(DateValue::Moment(m));
        }
        for f in [
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M",
        ] {
            if let Ok(m) = NaiveDateTime::parse_from_str(s, f) {
                return Ok(DateValue::Local(m));
            }
        }
        // Tell an impossible date (2014-02-30) apart from a malformed one.
        let parts: Vec<&str> = s.get(..10).unwrap_or(s).split('-').collect();
        if let [y, m, d] = parts.as_slice()
            && let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>())
        {
            if !(1..=12).contains(&m) {
                return Err(format!("`{s}` has no month {m}; {expected}"));
            }
            if NaiveDate::from_ymd_opt(y, m, d).is_none() {
                return Err(format!(
                    "`{s}` is not a day that exists (month {m} of {y} has no day {d})"
                ));
            }
        }
        Err(format!("`{s}` is not a date; {expected}"))
    }

    pub fn date(&self) -> NaiveDate {
        match self {
            DateValue::Date(d) => *d,
            DateValue::Local(m) => m.date(),
            DateValue::Moment(m) => m.date_naive(),
        }
    }

    /// The moment this value stands for; dates start at midnight in `tz`.
    pub fn instant(&self, tz: Option<chrono_tz::Tz>) -> DateTime<chrono::Utc> {
        let local = match self {
            DateValue::Moment(m) => return m.with_timezone(&chrono::Utc),
            DateValue::Date(d) => d.and_time(NaiveTime::MIN),
            DateValue::Local(m) => *m,
        };
        match tz {
            Some(tz) => tz
                .from_local_datetime(&local)
                .earliest()
                .map(|t| t.with_timezone(&chrono::Utc))
                .unwrap_or_else(|| local.and_utc()),
            None => local.and_utc(),
        }
    }

    /// RFC 3339 (`2015-09-25T00:00:00+00:00`) for feeds.
    pub fn rfc3339(&self, tz: Option<chrono_tz::Tz>) -> String {
        match self {
            DateValue::Moment(m) => m.to_rfc3339(),
            _ => self
                .instant(tz)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        }
    }
}

impl<'de> Deserialize<'de> for DateValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = scalar_text(d)?;
        DateValue::parse(&s).map_err(de::Error::custom)
    }
}

/// A scalar as text: `title: 1984` and `sentence: 5` are text to a campaigner, not numbers.
fn scalar_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match serde_yaml::Value::deserialize(d)? {
        serde_yaml::Value::String(s) => Ok(s),
        serde_yaml::Value::Number(n) => Ok(n.to_string()),
        serde_yaml::Value::Bool(b) => Ok(b.to_string()),
        serde_yaml::Value::Null => Err(de::Error::custom("a value is missing after the colon")),
        _ => Err(de::Error::custom(
            "expected a text, found a list or a mapping",
        )),
    }
}

fn text_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    scalar_text(d).map(Some)
}

fn text_list<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        Many(Vec<serde_yaml::Value>),
        One(serde_yaml::Value),
    }
    let items = match OneOrMany::deserialize(d)? {
        OneOrMany::Many(v) => v,
        OneOrMany::One(v) => vec![v],
    };
    items
        .into_iter()
        .map(|v| match v {
            serde_yaml::Value::String(s) => Ok(s),
            serde_yaml::Value::Number(n) => Ok(n.to_string()),
            serde_yaml::Value::Bool(b) => Ok(b.to_string()),
            _ => Err(de::Error::custom("expected a list of texts")),
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// A coordinate: a number, or a text with a decimal comma (`"55,75"`).
fn coord<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    let s = scalar_text(d)?;
    s.trim()
        .replace(',', ".")
        .parse::<f64>()
        .map(Some)
        .map_err(|_| {
            de::Error::custom(format!(
                "`{s}` is not a coordinate in degrees (like 51.5074 or \"51,5074\")"
            ))
        })
}

/// Where a prisoner is now (SPEC §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Detained,
    HouseArrest,
    Sentenced,
    Released,
    Exile,
    Deceased,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Detained,
        Status::HouseArrest,
        Status::Sentenced,
        Status::Released,
        Status::Exile,
        Status::Deceased,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Detained => "detained",
            Status::HouseArrest => "house_arrest",
            Status::Sentenced => "sentenced",
            Status::Released => "released",
            Status::Exile => "exile",
            Status::Deceased => "deceased",
        }
    }

    /// Detained, under house arrest or serving a sentence: the days in custody keep counting.
    pub fn in_custody(self) -> bool {
        matches!(
            self,
            Status::Detained | Status::HouseArrest | Status::Sentenced
        )
    }
}

/// One picket of an action, as written in front matter or a CSV row.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PicketRaw {
    #[serde(default, deserialize_with = "text_opt")]
    pub city: Option<String>,
    #[serde(default, deserialize_with = "text_opt")]
    pub country: Option<String>,
    pub date: Option<DateValue>,
    #[serde(default, deserialize_with = "text_opt")]
    pub time: Option<String>,
    #[serde(default, deserialize_with = "text_opt")]
    pub place: Option<String>,
    #[serde(default, deserialize_with = "text_opt")]
    pub organiser: Option<String>,
    #[serde(default, deserialize_with = "text_opt")]
    pub contact: Option<String>,
    #[serde(default, deserialize_with = "text_opt")]
    pub report: Option<String>,
    #[serde(default, deserialize_with = "coord")]
    pub lat: Option<f64>,
    #[serde(default, deserialize_with = "coord")]
    pub lon: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Letters {
    #[serde(default, deserialize_with = "text_opt")]
    pub address: Option<String>,
    #[serde(default, deserialize_with = "text_list")]
    pub languages: Option<Vec<String>>,
    #[serde(default, deserialize_with = "text_opt")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineEntry {
    pub date: DateValue,
    #[serde(deserialize_with = "scalar_text")]
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactFm {
    #[serde(default, deserialize_with = "text_opt")]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "text_opt")]
    pub telegram: Option<String>,
    #[serde(default, deserialize_with = "text_opt")]
    pub signal: Option<String>,
}

/// Every front matter key of SPEC §3 and §4, typed. `None` means "not given" (and, in a
/// translation, "inherit the original's").
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    // Every page.
    #[serde(default, deserialize_with = "text_opt")]
    pub title: Option<String>,
    pub date: Option<DateValue>,
    pub updated: Option<DateValue>,
    #[serde(default, deserialize_with = "text_opt")]
    pub summary: Option<String>,
    #[serde(default, deserialize_with = "text_list")]
    pub tags: Option<Vec<String>>,
    pub draft: Option<bool>,
    pub publish_after: Option<DateValue>,
    #[serde(default, deserialize_with = "text_opt")]
    pub slug: Option<String>,
    #[serde(default, deserialize_with = "text_list")]
    pub aliases: Option<Vec<String>>,
    /// Editors' notes: skipped without being stored.
    #[serde(default, rename = "private")]
    pub _private: Option<de::IgnoredAny>,
    #[serde(default, deserialize_with = "text_opt")]
    pub source_hash: Option<String>,

    // appeals/
    #[serde(default, deserialize_with = "text_list")]
    pub signatories: Option<Vec<String>>,
    #[serde(default, deserialize_with = "text_list")]
    pub demands: Option<Vec<String>>,
    #[serde(default, deserialize_with = "text_opt")]
    pub action: Option<String>,
    pub contact: Option<ContactFm>,

    // events/
    pub start: Option<DateValue>,
    pub end: Option<DateValue>,
    pub pickets: Option<Vec<PicketRaw>>,

    // prisoners/
    #[serde(default, deserialize_with = "text_opt")]
    pub name: Option<String>,
    pub born: Option<DateValue>,
    pub status: Option<Status>,
    pub arrested: Option<DateValue>,
    pub released: Option<DateValue>,
    #[serde(default, deserialize_with = "text_opt")]
    pub case: Option<String>,
    #[serde(default, deserialize_with = "text_list")]
    pub charges: Option<Vec<String>>,
    #[serde(default, deserialize_with = "text_opt")]
    pub sentence: Option<String>,
    #[serde(default, deserialize_with = "text_opt")]
    pub city: Option<String>,
    #[serde(default, deserialize_with = "text_opt")]
    pub country: Option<String>,
    #[serde(default, deserialize_with = "text_list")]
    pub recognized_by: Option<Vec<String>>,
    #[serde(default, deserialize_with = "text_opt")]
    pub photo: Option<String>,
    pub letters: Option<Letters>,
    pub timeline: Option<Vec<TimelineEntry>>,
}

/// The kind of a page, from the top-level folder it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Plain,
    Appeals,
    Events,
    Prisoners,
    Cases,
    News,
}

impl Kind {
    pub fn of_section(top_folder: &str) -> Kind {
        match top_folder {
            "appeals" => Kind::Appeals,
            "events" => Kind::Events,
            "prisoners" => Kind::Prisoners,
            "cases" => Kind::Cases,
            "news" => Kind::News,
            _ => Kind::Plain,
        }
    }

    pub fn folder(self) -> Option<&'static str> {
        match self {
            Kind::Plain => None,
            Kind::Appeals => Some("appeals"),
            Kind::Events => Some("events"),
            Kind::Prisoners => Some("prisoners"),
            Kind::Cases => Some("cases"),
            Kind::News => Some("news"),
        }
    }

    /// The keys only this kind of page may carry.
    pub fn own_keys(self) -> &'static [&'static str] {
        match self {
            Kind::Appeals => &["signatories", "demands", "action", "contact"],
            Kind::Events => &["start", "end", "pickets"],
            Kind::Prisoners => &[
                "name",
                "born",
                "status",
                "arrested",
                "released",
                "case",
                "charges",
                "sentence",
                "city",
                "country",
                "recognized_by",
                "photo",
                "letters",
                "timeline",
            ],
            Kind::Plain | Kind::Cases | Kind::News => &[],
        }
    }

    /// Keys this kind requires beyond `title`.
    pub fn required_keys(self) -> &'static [&'static str] {
        match self {
            Kind::Events => &["start"],
            Kind::Prisoners => &["status"],
            _ => &[],
        }
    }

    /// The kind whose own key `key` is, if any.
    pub fn owner_of(key: &str) -> Option<Kind> {
        [Kind::Appeals, Kind::Events, Kind::Prisoners]
            .into_iter()
            .find(|k| k.own_keys().contains(&key))
    }
}

impl FrontMatter {
    /// The names of the section-specific keys this front matter gives.
    pub fn given_kind_keys(&self) -> Vec<&'static str> {
        let mut keys = Vec::new();
        let mut add = |given: bool, k: &'static str| {
            if given {
                keys.push(k);
            }
        };
        add(self.signatories.is_some(), "signatories");
        add(self.demands.is_some(), "demands");
        add(self.action.is_some(), "action");
        add(self.contact.is_some(), "contact");
        add(self.start.is_some(), "start");
        add(self.end.is_some(), "end");
        add(self.pickets.is_some(), "pickets");
        add(self.name.is_some(), "name");
        add(self.born.is_some(), "born");
        add(self.status.is_some(), "status");
        add(self.arrested.is_some(), "arrested");
        add(self.released.is_some(), "released");
        add(self.case.is_some(), "case");
        add(self.charges.is_some(), "charges");
        add(self.sentence.is_some(), "sentence");
        add(self.city.is_some(), "city");
        add(self.country.is_some(), "country");
        add(self.recognized_by.is_some(), "recognized_by");
        add(self.photo.is_some(), "photo");
        add(self.letters.is_some(), "letters");
        add(self.timeline.is_some(), "timeline");
        keys
    }

    pub fn has_key(&self, key: &str) -> bool {
        match key {
            "title" => self.title.is_some(),
            "start" => self.start.is_some(),
            "status" => self.status.is_some(),
            _ => self.given_kind_keys().contains(&key),
        }
    }

    /// A translation's front matter completed by its original's: keys the translation leaves out
    /// are inherited (SPEC §1). Aliases and source_hash belong to one file and are not inherited;
    /// an embargo holds for every language, so the later of the two applies.
    pub fn inherit(mut self, o: &FrontMatter) -> FrontMatter {
        macro_rules! inherit {
            ($($f:ident),*) => { $( if self.$f.is_none() { self.$f = o.$f.clone(); } )* };
        }
        // `summary` is text to translate: a translation without one uses its own first
        // paragraph, not the original's words.
        inherit!(
            title,
            date,
            updated,
            tags,
            slug,
            signatories,
            demands,
            action,
            contact,
            start,
            end,
            pickets,
            name,
            born,
            status,
            arrested,
            released,
            case,
            charges,
            sentence,
            city,
            country,
            recognized_by,
            photo,
            timeline
        );
        // A postal address is never translated: letters reach the prison only as the original
        // writes it, and a move to another prison must reach every language at once. The note
        // and the languages letters may be in are the translation's when it gives them.
        self.letters = match (self.letters.take(), &o.letters) {
            (Some(mut t), Some(ol)) => {
                if ol.address.is_some() {
                    t.address = ol.address.clone();
                }
                if t.languages.is_none() {
                    t.languages = ol.languages.clone();
                }
                if t.note.is_none() {
                    t.note = ol.note.clone();
                }
                Some(t)
            }
            (t, ol) => t.or_else(|| ol.clone()),
        };
        self.publish_after = match (self.publish_after, o.publish_after) {
            (Some(a), Some(b)) => Some(if a.instant(None) >= b.instant(None) {
                a
            } else {
                b
            }),
            (a, b) => a.or(b),
        };
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn fm(src: &str) -> Result<FrontMatter, Error> {
        crate::yaml::parse(src, Path::new("x.md"), 1)
    }

    #[test]
    fn split_finds_front_matter_and_lines() {
        let s = split("---\ntitle: A\n---\nBody\n").unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
        let s = split("---\r\ntitle: A\r\n---\r\nBody").unwrap();
        assert_eq!(s.yaml, "title: A\r\n");
        assert_eq!(s.body, "Body");
        let none = split("# Just text\n").unwrap();
        assert_eq!(none.yaml, "");
    }

    #[test]
    fn front_matter_ends_only_at_three_dashes() {
        // YAML's document end `...` must not end the front matter early: what follows it
        // (`draft: true`, `private:`) would become text of a published page.
        for src in [
            "---\ntitle: A\n...\ndraft: true\n---\nBody\n",
            "---\r\ntitle: A\r\n...\r\ndraft: true\r\n---\r\nBody\r\n",
            "---\ntitle: A\n...   \nprivate: {x: CANARY}\n---\n",
        ] {
            let e = split(src).unwrap_err();
            assert_eq!(e.line, Some(3), "{src:?}");
            assert!(e.message.contains("`...`"), "{}", e.message);
        }
        // A stray `---` that cuts the front matter in two is an error, never the end of it.
        for src in [
            "---\ntitle: A\n---\ndate: 2014-02-24\nprivate: {source: CANARY}\n---\nBody\n",
            "---\ntitle: A\n--- \r\ntags: [a]\n---\r\nBody\n",
            "---\ntitle: A\n---\ndraft: true\n\nBody\n",
            "---\ntitle: A\n---\nprivate:\n  phone: CANARY\nBody\n",
        ] {
            let e = split(src).unwrap_err();
            assert_eq!(e.line, Some(3), "{src:?}");
        }
        // Text that happens to start like a key stays text.
        for src in [
            "---\ntitle: A\n---\nNote: read this.\n",
            "---\ntitle: A\n---\nstatus: detained since May\n\n---\n",
            "---\ntitle: A\n---\nhttps://example.org\n---\n",
        ] {
            assert!(split(src).is_ok(), "{src:?}");
        }
        // Indented, `...` is text of a value; `--- ` with trailing spaces is a fence.
        let s = split("---   \nsummary: |\n  wait...\n  ...\n---  \r\nBody\n").unwrap();
        assert!(s.yaml.contains("  ...\n"));
        assert_eq!((s.body, s.body_line), ("Body\n", 6));
        // A line of four dashes is no fence, and no body either.
        let e = split("----\ntitle: A\ndraft: true\n----\nText\n").unwrap_err();
        assert_eq!(e.line, Some(1));
        assert!(split(" ---\ntitle: A\n---\n").is_err(), "indented");
        assert!(
            split("\u{feff}---\ntitle: A\n---\n").is_err(),
            "a second BOM"
        );
        assert!(
            split("---\ntitle: A\n----\nText\n").is_err(),
            "never closed"
        );
        assert!(
            split("Text\n\n----\n").is_ok(),
            "a horizontal line in the text"
        );
    }

    #[test]
    fn unclosed_front_matter_is_an_error_at_line_1() {
        let e = split("---\ntitle: A\nbody\n").unwrap_err();
        assert_eq!(e.line, Some(1));
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn impossible_date_is_named() {
        let e = fm("title: x\ndate: 2014-02-30\n").unwrap_err();
        assert!(e.message.contains("2014-02-30"), "{}", e.message);
        assert!(e.message.contains("not a day that exists"), "{}", e.message);
        assert_eq!(e.line, Some(3));
    }

    #[test]
    fn dates_and_moments() {
        let f =
            fm("title: x\ndate: 2015-09-25\npublish_after: 2026-12-01T09:00:00+03:00\n").unwrap();
        assert_eq!(
            f.date.map(|d| d.date().to_string()).as_deref(),
            Some("2015-09-25")
        );
        assert_eq!(
            f.publish_after
                .map(|d| d.instant(None).to_rfc3339())
                .as_deref(),
            Some("2026-12-01T06:00:00+00:00")
        );
    }

    #[test]
    fn wrong_status_lists_valid_values() {
        let e = fm("title: x\nstatus: jailed\n").unwrap_err();
        assert!(
            e.message.contains(
                "expected one of detained, house_arrest, sentenced, released, exile, deceased"
            ),
            "{}",
            e.message
        );
    }

    #[test]
    fn numbers_are_text_where_text_is_expected() {
        let f = fm("title: 1984\ntags: [2014, bolotnaya]\n").unwrap();
        assert_eq!(f.title.as_deref(), Some("1984"));
        assert_eq!(
            f.tags,
            Some(vec!["2014".to_string(), "bolotnaya".to_string()])
        );
    }

    #[test]
    fn private_is_never_kept() {
        let f = fm("title: x\nprivate:\n  source: CANARY-SECRET\n").unwrap();
        assert!(!format!("{f:?}").contains("CANARY"));
    }

    #[test]
    fn pickets_accept_decimal_commas() {
        let f =
            fm("title: x\npickets:\n  - {city: London, country: GB, lat: \"51,5\", lon: -0.12}\n")
                .unwrap();
        let p = &f.pickets.unwrap()[0];
        assert_eq!(p.lat, Some(51.5));
    }

    #[test]
    fn translation_inherits_what_it_leaves_out() {
        let o = fm("title: Orig\ndate: 2015-01-01\nstatus: detained\naliases: [/old/]\n").unwrap();
        let t = fm("title: Перевод\n").unwrap().inherit(&o);
        assert_eq!(t.title.as_deref(), Some("Перевод"));
        assert_eq!(t.status, Some(Status::Detained));
        assert!(t.date.is_some());
        assert!(t.aliases.is_none());
    }
}
