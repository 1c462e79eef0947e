//! `events/NAME.pickets.csv`: pickets from a spreadsheet. A header row names the columns, in any
//! order, with the keys of a picket in front matter; a byte-order mark, CRLF line ends and
//! quoted commas are fine (what spreadsheet programs write). So are semicolons or tabs between
//! columns, as spreadsheet programs in Russian, German or French settings write "CSV": the header
//! row tells which one a file uses. Errors name the file and the line.
//!
//! A spreadsheet is bounded before and while it is read ([`crate::limits`]): its size before, its
//! rows, columns and cell lengths row by row, each with an error at the row that passes it.

use crate::content::frontmatter::{DateValue, PicketRaw};
use crate::error::{Error, Errors, nearest};
use crate::limits::{self, CSV_CELL_CHARS, CSV_COLUMNS, CSV_ROWS};
use std::path::Path;

const COLUMNS: [&str; 10] = [
    "city",
    "country",
    "date",
    "time",
    "place",
    "organiser",
    "contact",
    "report",
    "lat",
    "lon",
];

/// The rows of a pickets file, each with its line number, and the errors of rows left out (a
/// cell that cannot be read): the other rows are still checked, so every mistake of a
/// spreadsheet shows at once. `Err` when the file as a whole cannot be read.
pub(super) fn read(path: &Path, shown: &Path) -> Result<(Vec<(usize, PicketRaw)>, Errors), Errors> {
    let bytes = limits::read(path, shown, &limits::CSV)?;
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    if let Err(e) = std::str::from_utf8(bytes) {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        return Err(Error::input("the pickets file is not UTF-8 text")
            .at(shown)
            .line(line)
            .hint("in your spreadsheet program, save as \"CSV UTF-8\"")
            .into());
    }
    let mut rdr = ::csv::ReaderBuilder::new()
        .delimiter(delimiter(bytes))
        .flexible(true)
        .trim(::csv::Trim::All)
        .from_reader(bytes);
    let headers = rdr
        .headers()
        .map_err(|e| {
            Errors::from(
                Error::input(format!("cannot read the header row: {e}"))
                    .at(shown)
                    .line(1),
            )
        })?
        .clone();
    if headers.len() > CSV_COLUMNS {
        return Err(too_many_columns(shown, 1, headers.len()).into());
    }
    let mut errs = Errors::new();
    let mut cols: Vec<Option<usize>> = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let name = h.trim().to_lowercase();
        let name = if name == "organizer" {
            "organiser".to_string()
        } else {
            name
        };
        match COLUMNS.iter().position(|c| *c == name) {
            Some(k) => {
                if cols.contains(&Some(k)) {
                    errs.push(
                        Error::input(format!("the column `{name}` appears twice"))
                            .at(shown)
                            .line(1)
                            .col(i + 1),
                    );
                }
                cols.push(Some(k));
            }
            None if name.is_empty() => cols.push(None),
            None => {
                let hint = match nearest(&name, COLUMNS) {
                    Some(n) => format!("did you mean `{n}`? Columns: {}", COLUMNS.join(", ")),
                    None => format!("columns: {}", COLUMNS.join(", ")),
                };
                errs.push(
                    Error::input(format!("unknown column `{h}`"))
                        .at(shown)
                        .line(1)
                        .col(i + 1)
                        .hint(hint),
                );
                cols.push(None);
            }
        }
    }
    for required in ["city", "country"] {
        let k = COLUMNS.iter().position(|c| *c == required);
        if !cols.contains(&k) {
            errs.push(
                Error::input(format!("the header row has no `{required}` column"))
                    .at(shown)
                    .line(1)
                    .hint(format!(
                        "the first row names the columns: {}",
                        COLUMNS.join(",")
                    )),
            );
        }
    }
    if errs.has_errors() {
        return Err(errs);
    }
    let mut rows = Vec::new();
    // Line numbers from byte offsets, counted as the reader moves on (not from the start each
    // time: a spreadsheet of 1,000 rows would cost a million line counts).
    let mut lines = LineCounter::default();
    for (n, rec) in rdr.records().enumerate() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e
                    .position()
                    .map(|p| lines.line_at(bytes, p.byte() as usize));
                errs.push(
                    Error::input(format!("cannot read this row: {e}"))
                        .at(shown)
                        .pos(line, None),
                );
                continue;
            }
        };
        // csv's own line count is off with CRLF line ends; count from the byte offset.
        let line = rec
            .position()
            .map(|p| lines.line_at(bytes, p.byte() as usize))
            .unwrap_or(0);
        if n >= CSV_ROWS {
            errs.push(
                Error::input(format!(
                    "this spreadsheet has more than {} rows of pickets",
                    thousands(CSV_ROWS)
                ))
                .at(shown)
                .line(line)
                .hint("split the pickets over several actions (one spreadsheet each)"),
            );
            return Err(errs);
        }
        if rec.len() > CSV_COLUMNS {
            errs.push(too_many_columns(shown, line, rec.len()));
            continue;
        }
        if let Some((i, _)) = rec
            .iter()
            .enumerate()
            .find(|(_, f)| f.len() > CSV_CELL_CHARS && f.chars().count() > CSV_CELL_CHARS)
        {
            errs.push(
                Error::input(format!(
                    "this cell holds more than {} characters",
                    thousands(CSV_CELL_CHARS)
                ))
                .at(shown)
                .line(line)
                .col(i + 1)
                .hint("shorten it; a quote `\"` that is never closed also makes one cell of the rest of the file"),
            );
            continue;
        }
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let mut raw = PicketRaw::default();
        let errors_before = errs.len();
        for (i, field) in rec.iter().enumerate() {
            let Some(Some(k)) = cols.get(i) else { continue };
            let v = field.trim();
            if v.is_empty() {
                continue;
            }
            let text = Some(v.to_string());
            match COLUMNS[*k] {
                "city" => raw.city = text,
                "country" => raw.country = text,
                "date" => match DateValue::parse(v) {
                    Ok(d) => raw.date = Some(d),
                    Err(m) => errs.push(
                        Error::input(format!("date: {m}"))
                            .at(shown)
                            .line(line)
                            .col(i + 1),
                    ),
                },
                "time" => raw.time = text,
                "place" => raw.place = text,
                "organiser" => raw.organiser = text,
                "contact" => raw.contact = text,
                "report" => raw.report = text,
                c @ ("lat" | "lon") => match v.replace(',', ".").parse::<f64>() {
                    Ok(x) if c == "lat" => raw.lat = Some(x),
                    Ok(x) => raw.lon = Some(x),
                    Err(_) => errs.push(
                        Error::input(format!("{c}: `{v}` is not a coordinate in degrees"))
                            .at(shown)
                            .line(line)
                            .col(i + 1),
                    ),
                },
                _ => {}
            }
        }
        if errs.len() == errors_before {
            rows.push((line, raw));
        }
    }
    Ok((rows, errs))
}

fn too_many_columns(shown: &Path, line: usize, n: usize) -> Error {
    Error::input(format!(
        "this row has {n} columns, more than the {CSV_COLUMNS} a pickets spreadsheet may have"
    ))
    .at(shown)
    .line(line)
    .hint(format!(
        "pickets need at most ten columns: {}; delete the empty ones",
        COLUMNS.join(", ")
    ))
}

/// `100000` -> `100,000`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[derive(Default)]
struct LineCounter {
    offset: usize,
    newlines: usize,
}

impl LineCounter {
    /// The line a record starts on (offsets only grow). After a CRLF, csv reports the record
    /// as starting at the LF.
    fn line_at(&mut self, bytes: &[u8], offset: usize) -> usize {
        let mut o = offset.min(bytes.len());
        while matches!(bytes.get(o), Some(b'\r' | b'\n')) {
            o += 1;
        }
        if o < self.offset {
            self.offset = 0;
            self.newlines = 0;
        }
        self.newlines += bytes
            .get(self.offset..o)
            .unwrap_or(&[])
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.offset = o;
        self.newlines + 1
    }
}

/// The column separator of a file: whichever of `,` `;` and tab its header row holds most of
/// (outside quotes); a comma when there is a tie.
fn delimiter(bytes: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in bytes {
        match b {
            b'\n' if !quoted => break,
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let seps = [b',', b';', b'\t'];
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    seps[best]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(s: &[u8]) -> Result<Vec<(usize, PicketRaw)>, Errors> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.pickets.csv");
        std::fs::write(&p, s).unwrap();
        let (rows, errs) = read(&p, Path::new("content/events/x.pickets.csv"))?;
        if errs.has_errors() {
            Err(errs)
        } else {
            Ok(rows)
        }
    }

    #[test]
    fn bom_crlf_quotes_and_any_column_order() {
        let rows = read_str(b"\xef\xbb\xbfcountry,City,place,date\r\nGB,London,\"Embassy, Kensington\",2014-01-19\r\nDE,Berlin,,\r\n").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].0, rows[1].0), (2, 3));
        assert_eq!(rows[0].1.place.as_deref(), Some("Embassy, Kensington"));
        assert_eq!(rows[1].1.city.as_deref(), Some("Berlin"));
        assert_eq!(rows[1].1.place, None);
    }

    #[test]
    fn semicolons_and_tabs_as_spreadsheets_in_other_locales_write_them() {
        let rows = read_str(
            "city;country;place;lat;lon\r\nМосква;RU;\"Пушкинская пл.; у памятника\";55,765;37,606\r\n"
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].1.city.as_deref(), Some("Москва"));
        assert_eq!(
            rows[0].1.place.as_deref(),
            Some("Пушкинская пл.; у памятника")
        );
        assert_eq!(rows[0].1.lat, Some(55.765));
        let rows = read_str(b"city\tcountry\tplace\nWien\tAT\tStephansplatz, vorne\n").unwrap();
        assert_eq!(rows[0].1.place.as_deref(), Some("Stephansplatz, vorne"));
        assert_eq!(delimiter(b"\"a;b\",c\nx;y;z;w"), b',');
    }

    #[test]
    fn bad_header_and_dates_name_the_line() {
        let e = read_str(b"city,country,plcae\nLondon,GB,x\n").unwrap_err();
        assert!(e.to_string().contains("unknown column `plcae`"), "{e}");
        assert!(e.to_string().contains("did you mean `place`"), "{e}");
        let e = read_str(b"city,country,date\nLondon,GB,2014-02-30\n").unwrap_err();
        let e = e.iter().next().cloned().unwrap();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("not a day that exists"));
    }
}
