//! Signing keys and signatures, in minisign's own file formats so that the stock `minisign` tool
//! and samizdat are interchangeable on both sides: a campaign may sign with either, a mirror
//! may check with either.
//!
//! The minisign crate does the cryptography. What this file adds is what the crate leaves to
//! its callers: never prompting from inside the crate (a prompt would hang a CI job), reading
//! the unencrypted keys that `minisign -G -W` writes (with an all-zero checksum the crate
//! rejects), refusing malformed signature files before they reach crate code that slices
//! without checking, and errors that tell a campaigner what to do.

use std::fs;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use minisign::{KeyPair, PublicKey, SecretKey, SecretKeyBox, SignatureBox};

use crate::error::{Error, Result};

/// The environment variable that holds the secret key's password in automation.
pub(crate) const PASSWORD_ENV: &str = "SAMIZDAT_KEY_PASSWORD";

const UNTRUSTED_COMMENT: &str = "signature from samizdat (minisign format)";
/// minisign's C tool refuses longer trusted comments.
const TRUSTED_COMMENT_MAX: usize = 8000;
/// Decoded sizes of minisign's binary layouts: algorithm, KDF, checksum algorithm, salt,
/// opslimit, memlimit, key id, key pair, checksum; and algorithm, key id, key.
const SECRET_KEY_BYTES: usize = 2 + 2 + 2 + 32 + 8 + 8 + 8 + 64 + 32;
const PUBLIC_KEY_BYTES: usize = 2 + 8 + 32;

const KEY_HINT: &str =
    "a secret key is the NAME.key file written by `samizdat keygen` or `minisign -G`";
const PUB_HINT: &str = "a public key is the NAME.pub file written by `samizdat keygen` or `minisign -G` \
     (two lines: a comment, then a line starting with RW)";

/// Writes `STEM.key` (the secret key, encrypted with `password` the way minisign does it, or
/// unencrypted for automation when `password` is `None`) and `STEM.pub`, and returns the text of
/// the public key file.
///
/// A `stem` that already ends in `.key` or `.pub` has that suffix dropped, so `-o site.key` and
/// `-o site` both give `site.key` and `site.pub`. Existing files are never overwritten: a lost
/// secret key cannot be recovered, and mirrors keep trusting the old public key.
pub fn keygen(stem: &Path, password: Option<&str>) -> Result<String> {
    let (key_path, pub_path) = key_paths(stem);
    for p in [&key_path, &pub_path] {
        if fs::symlink_metadata(p).is_ok() {
            return Err(Error::usage(format!("{} already exists", p.display()))
                .at(p)
                .hint(
                    "samizdat never overwrites a key: mirrors trust the public key you gave them, \
                     and a lost secret key cannot be recovered. Choose another name with -o, \
                     or move the old files away first",
                ));
        }
    }
    let pair = match password {
        Some(pw) => KeyPair::generate_encrypted_keypair(Some(pw.to_string())),
        None => KeyPair::generate_unencrypted_keypair(),
    }
    .map_err(|e| Error::usage(format!("could not generate a key pair: {e}")))?;
    let comment = match password {
        Some(_) => "minisign encrypted secret key (samizdat): keep it secret",
        None => "minisign secret key, unencrypted (samizdat): keep it secret",
    };
    let secret_text = pair
        .sk
        .to_box(Some(comment))
        .map_err(|e| Error::usage(format!("could not encode the secret key: {e}")))?
        .into_string();
    let public_text = public_key_text(&pair.pk);
    write_new(&key_path, &secret_text, true)?;
    if let Err(e) = write_new(&pub_path, &public_text, false) {
        // Half a key pair is worse than none: the next attempt would refuse to overwrite it.
        let _ = fs::remove_file(&key_path);
        return Err(e);
    }
    Ok(public_text)
}

/// `STEM.key` and `STEM.pub`.
pub(crate) fn key_paths(stem: &Path) -> (PathBuf, PathBuf) {
    let mut base = stem.as_os_str().to_os_string();
    if let Some(s) = stem.to_str()
        && let Some(cut) = s.strip_suffix(".key").or_else(|| s.strip_suffix(".pub"))
        && !cut.is_empty()
        && !cut.ends_with('/')
    {
        base = cut.into();
    }
    let mut key = base.clone();
    key.push(".key");
    let mut public = base;
    public.push(".pub");
    (PathBuf::from(key), PathBuf::from(public))
}

/// The public key file exactly as `minisign -G` writes it.
fn public_key_text(pk: &PublicKey) -> String {
    format!(
        "untrusted comment: minisign public key {}\n{}\n",
        key_id(pk.keynum()),
        pk.to_base64()
    )
}

/// minisign shows key ids as the little-endian 64-bit number in upper-case hex.
pub(crate) fn key_id(keynum: &[u8]) -> String {
    keynum.iter().rev().map(|b| format!("{b:02X}")).collect()
}

fn write_new(path: &Path, text: &str, secret: bool) -> Result<()> {
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    if secret {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = secret;
    let mut f = opts.open(path).map_err(|e| Error::io(path, &e))?;
    f.write_all(text.as_bytes())
        .and_then(|()| f.sync_all())
        .map_err(|e| Error::io(path, &e))
}

/// The password for a secret key: `SAMIZDAT_KEY_PASSWORD` when set, else asked on the terminal
/// without echo (twice when `confirm`, for a new key), else a usage error saying how to give one.
pub fn key_password(prompt: &str, confirm: bool) -> Result<String> {
    if let Some(v) = std::env::var_os(PASSWORD_ENV) {
        return v.into_string().map_err(|_| {
            Error::usage(format!("{PASSWORD_ENV} is not valid UTF-8"))
                .hint("set it to the password as plain text")
        });
    }
    let no_terminal = |_| {
        Error::usage("a password is needed for the secret key, and there is no terminal to ask on")
            .hint(format!(
                "set the environment variable {PASSWORD_ENV}, or (for a new key used by \
                 automation only) run `samizdat keygen --no-password`"
            ))
    };
    let first = rpassword::prompt_password(prompt).map_err(no_terminal)?;
    if confirm {
        if first.is_empty() {
            return Err(Error::usage("the password is empty").hint(
                "type a password, or run `samizdat keygen --no-password` for an unencrypted key",
            ));
        }
        let second =
            rpassword::prompt_password("The same password again: ").map_err(no_terminal)?;
        if first != second {
            return Err(Error::usage("the two passwords differ").hint("run the command again"));
        }
    }
    Ok(first)
}

/// A secret key ready to sign, with its public half to check each signature against.
pub(crate) struct Signer {
    sk: SecretKey,
    pk: PublicKey,
}

impl Signer {
    /// Reads a secret key file. An encrypted key with no `password` given asks for one through
    /// [`key_password`]; the minisign crate would otherwise prompt on its own, on stdout.
    pub(crate) fn load(path: &Path, password: Option<&str>) -> Result<Signer> {
        let text = crate::limits::read_text(path, path, &crate::limits::KEY)?;
        let not_a_key = |why: &str| {
            Error::usage(format!("not a minisign secret key: {why}"))
                .at(path)
                .hint(KEY_HINT)
        };
        let line = text
            .lines()
            .nth(1)
            .ok_or_else(|| not_a_key("it has fewer than two lines"))?;
        let bytes = b64_decode(line.trim()).ok_or_else(|| not_a_key("the key is not base64"))?;
        if bytes.len() != SECRET_KEY_BYTES {
            return Err(not_a_key("the key has the wrong length"));
        }
        if bytes.get(..2) != Some(b"Ed".as_slice()) {
            return Err(not_a_key("it is not an Ed25519 key"));
        }
        let sk = match bytes.get(2..4) {
            Some([0, 0]) => {
                // `minisign -G -W` leaves the checksum of an unencrypted key all zero; the pair
                // is still checked below, by verifying the first signature made with it.
                match SecretKey::from_unencrypted_box(SecretKeyBox::from(text.clone())) {
                    Ok(sk) => sk,
                    Err(_) if bytes.iter().rev().take(32).all(|b| *b == 0) => {
                        SecretKey::from_bytes(&bytes).map_err(|e| not_a_key(&e.to_string()))?
                    }
                    Err(e) => return Err(not_a_key(&format!("the key is damaged ({e})"))),
                }
            }
            Some(b"Sc") => {
                let pw = match password {
                    Some(p) => p.to_string(),
                    None => key_password(
                        &format!("Password for the secret key {}: ", path.display()),
                        false,
                    )?,
                };
                SecretKey::from_box(SecretKeyBox::from(text.clone()), Some(pw)).map_err(|e| {
                    Error::usage(format!("cannot unlock the secret key: {e}"))
                        .at(path)
                        .hint(format!(
                            "check the password (from the terminal or {PASSWORD_ENV})"
                        ))
                })?
            }
            _ => return Err(not_a_key("its encryption is not one minisign uses")),
        };
        let pk = PublicKey::from_secret_key(&sk).map_err(|e| not_a_key(&e.to_string()))?;
        Ok(Signer { sk, pk })
    }

    pub(crate) fn key_id(&self) -> String {
        key_id(self.pk.keynum())
    }

    pub(crate) fn public_base64(&self) -> String {
        self.pk.to_base64()
    }

    /// A minisign signature of `data` in the default (pre-hashed) format: Ed25519 over the
    /// BLAKE2b-512 hash of the data, then a global signature over the signature and the
    /// trusted comment. The trusted comment is what the caller gives, with no timestamp.
    ///
    /// Signatures are deterministic (RFC 8032 Ed25519, as libsodium and the stock minisign
    /// tool make them), unlike the minisign crate's, which adds random noise: the same site
    /// and key give a byte-identical bundle, so anyone can rebuild and compare it.
    pub(crate) fn sign(&self, data: &[u8], trusted_comment: &str) -> Result<String> {
        use blake2::Digest as _;
        use ed25519_dalek::Signer as _;
        let comment = clean_comment(trusted_comment);
        // sig_alg, kdf_alg, chk_alg (2 each), kdf salt (32), opslimit, memlimit (8 each), then
        // the key id (8) and the Ed25519 secret key: seed (32) and public key (32).
        let raw = self.sk.to_bytes();
        let damaged =
            || Error::usage("the secret key is damaged").hint("sign with a backup copy of the key");
        let keynum = raw.get(54..62).ok_or_else(damaged)?;
        let seed: [u8; 32] = raw
            .get(62..94)
            .and_then(|s| s.try_into().ok())
            .ok_or_else(damaged)?;
        let key = ed25519_dalek::SigningKey::from_bytes(&seed);
        if raw.get(94..126) != Some(key.verifying_key().as_bytes().as_slice()) {
            return Err(damaged());
        }
        let prehash = blake2::Blake2b512::digest(data);
        let sig = key.sign(&prehash).to_bytes();
        let mut sig_box = Vec::with_capacity(74);
        sig_box.extend_from_slice(b"ED");
        sig_box.extend_from_slice(keynum);
        sig_box.extend_from_slice(&sig);
        let mut signed = sig.to_vec();
        signed.extend_from_slice(comment.as_bytes());
        let global = key.sign(&signed).to_bytes();
        let text = format!(
            "untrusted comment: {UNTRUSTED_COMMENT}\n{}\ntrusted comment: {comment}\n{}\n",
            b64_encode(&sig_box),
            b64_encode(&global)
        );
        // Check it the way every verifier will, before it goes into a bundle.
        let parsed = SignatureBox::from_string(&text)
            .map_err(|e| Error::usage(format!("signing failed: {e}")))?;
        minisign::verify(&self.pk, &parsed, Cursor::new(data), true, false, false).map_err(
            |e| {
                Error::usage(format!("signing failed: {e}"))
                    .hint("the secret key file may be damaged; sign with a backup copy")
            },
        )?;
        Ok(text)
    }
}

/// Standard base64 with padding, as minisign writes it.
pub(crate) fn b64_encode(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ABC[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A trusted comment is one line that minisign (and the crate, which trims it) reads back
/// exactly as written: control characters become spaces, the ends are trimmed.
fn clean_comment(comment: &str) -> String {
    let mut s: String = comment
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if s.len() > TRUSTED_COMMENT_MAX {
        let mut cut = TRUSTED_COMMENT_MAX;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
    }
    s.trim().to_string()
}

/// Whether a secret key file is encrypted (so signing will need its password).
pub fn key_is_encrypted(path: &Path) -> Result<bool> {
    let text = crate::limits::read_text(path, path, &crate::limits::KEY)?;
    let bytes = text
        .lines()
        .nth(1)
        .and_then(|l| b64_decode(l.trim()))
        .unwrap_or_default();
    Ok(bytes.get(2..4) == Some(b"Sc".as_slice()))
}

/// A minisign signature of `data` made with the secret key file `secret_key`, with `trusted_comment`
/// as its (signed) trusted comment and no timestamp. An encrypted key with `password` `None`
/// gets its password from [`key_password`].
pub fn sign(
    data: &[u8],
    secret_key: &Path,
    password: Option<&str>,
    trusted_comment: &str,
) -> Result<String> {
    Signer::load(secret_key, password)?.sign(data, trusted_comment)
}

/// A public key to check signatures against.
pub(crate) struct Verifier {
    pk: PublicKey,
}

/// What checking a signature found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureStatus {
    /// Made by the key checked against; `trusted_comment` is covered by the signature.
    Good { trusted_comment: String },
    /// No `SHA256SUMS.minisig` in the copy.
    Missing,
    /// The signature does not hold; the text says why, for a volunteer.
    Bad(String),
}

impl Verifier {
    /// Reads a public key file (`minisign -G` or `samizdat keygen` output), or a file holding
    /// only the key's base64 line (what `minisign -P` takes and `site.yaml` quotes).
    pub(crate) fn load(path: &Path) -> Result<Verifier> {
        let text = crate::limits::read_text(path, path, &crate::limits::KEY)?;
        let line = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with("untrusted comment:"))
            .unwrap_or("");
        Self::from_base64(line).map_err(|why| {
            Error::usage(format!("not a minisign public key: {why}"))
                .at(path)
                .hint(PUB_HINT)
        })
    }

    fn from_base64(line: &str) -> std::result::Result<Verifier, &'static str> {
        let bytes = b64_decode(line).ok_or("the key is not base64")?;
        if bytes.len() == SECRET_KEY_BYTES {
            return Err(
                "this is a SECRET key; check against the .pub file, and never hand out the .key file",
            );
        }
        if bytes.len() != PUBLIC_KEY_BYTES {
            return Err("the key has the wrong length");
        }
        if bytes.get(..2) != Some(b"Ed".as_slice()) {
            return Err("it is not an Ed25519 key");
        }
        let pk = PublicKey::from_base64(line).map_err(|_| "the key is not base64")?;
        Ok(Verifier { pk })
    }

    pub(crate) fn key_id(&self) -> String {
        key_id(self.pk.keynum())
    }

    /// Checks the minisign signature `sig` (the text of a .minisig file) of `data`. Accepts
    /// both pre-hashed signatures (minisign's default) and legacy ones (`minisign -l`).
    pub(crate) fn check(&self, data: &[u8], sig: &[u8]) -> SignatureStatus {
        let malformed = |why: &str| {
            SignatureStatus::Bad(format!(
                "SHA256SUMS.minisig is not a minisign signature ({why})"
            ))
        };
        let Ok(text) = std::str::from_utf8(sig) else {
            return malformed("it is not text");
        };
        let lines: Vec<&str> = text.lines().collect();
        let (Some(sig_line), Some(comment_line), Some(global_line)) =
            (lines.get(1), lines.get(2), lines.get(3))
        else {
            return malformed("it has fewer than four lines");
        };
        // The crate slices these without checking their length.
        if b64_decode(sig_line.trim()).map(|b| b.len()) != Some(2 + 8 + 64)
            || b64_decode(global_line.trim()).map(|b| b.len()) != Some(64)
        {
            return malformed("a signature line has the wrong length");
        }
        if !comment_line.starts_with("trusted comment: ") {
            return malformed("the third line is not a trusted comment");
        }
        let sig_box = match SignatureBox::from_string(text) {
            Ok(b) => b,
            Err(e) => return malformed(&e.to_string()),
        };
        if sig_box.keynum() != self.pk.keynum() {
            return SignatureStatus::Bad(format!(
                "made with key ID {}, not with the key you checked against ({})",
                key_id(sig_box.keynum()),
                self.key_id()
            ));
        }
        if minisign::verify(&self.pk, &sig_box, Cursor::new(data), true, false, true).is_err() {
            return SignatureStatus::Bad(
                "SHA256SUMS or its signature was changed after signing (the key ID matches, \
                 the signature does not)"
                    .into(),
            );
        }
        SignatureStatus::Good {
            trusted_comment: sig_box.trusted_comment().unwrap_or_default(),
        }
    }
}

/// Strict standard base64 with padding, as minisign writes it.
pub(crate) fn b64_decode(s: &str) -> Option<Vec<u8>> {
    fn val(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }
    let bytes = s.as_bytes();
    if bytes.is_empty() || !bytes.len().is_multiple_of(4) {
        return None;
    }
    let pad = bytes.iter().rev().take_while(|&&c| c == b'=').count();
    if pad > 2 {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    let chunks = bytes.chunks(4).collect::<Vec<_>>();
    let last = chunks.len() - 1;
    for (i, chunk) in chunks.into_iter().enumerate() {
        let keep = if i == last { 3 - pad } else { 3 };
        let mut n = 0u32;
        for (j, &c) in chunk.iter().enumerate() {
            let v = if i == last && j >= 4 - pad {
                0
            } else {
                val(c)?
            };
            n = (n << 6) | v;
        }
        out.extend_from_slice(&n.to_be_bytes()[1..1 + keep]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_known_vectors() {
        assert_eq!(b64_decode("aGVsbG8="), Some(b"hello".to_vec()));
        assert_eq!(b64_decode("aGk="), Some(b"hi".to_vec()));
        assert_eq!(b64_decode("aGV5"), Some(b"hey".to_vec()));
        assert_eq!(b64_decode("aGV5!"), None);
        assert_eq!(b64_decode("a==="), None);
        assert_eq!(b64_decode(""), None);
    }

    #[test]
    fn key_paths_accept_a_stem_or_a_file_name() {
        let (k, p) = key_paths(Path::new("keys/site"));
        assert_eq!(
            (k.to_str(), p.to_str()),
            (Some("keys/site.key"), Some("keys/site.pub"))
        );
        let (k, p) = key_paths(Path::new("site.key"));
        assert_eq!(
            (k.to_str(), p.to_str()),
            (Some("site.key"), Some("site.pub"))
        );
        let (k, _) = key_paths(Path::new("my.campaign"));
        assert_eq!(k.to_str(), Some("my.campaign.key"));
    }

    #[test]
    fn trusted_comment_stays_one_line() {
        assert_eq!(clean_comment("  a\nb\r\tc  "), "a b  c");
    }
}
