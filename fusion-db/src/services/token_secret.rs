//! The secret part of API tokens: generation, shape check, digest and display start.
//!
//! A token is [`PREFIX`] followed by 32 bytes from the operating system's CSPRNG, base64url
//! without padding (43 characters): 256 bits of entropy. Only its SHA-256 digest is stored. A
//! fast, unsalted digest suffices because the input is uniformly random and far too large to
//! guess; salting and slow hashing defend low-entropy passwords, not this.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use sha2::{Digest as _, Sha256};

/// The prefix of every token: it makes a leaked token recognisable to secret scanners and to
/// people.
pub(crate) const PREFIX: &str = "fdb_";

/// How many random bytes a token carries.
const SECRET_BYTES: usize = 32;

/// The length of the base64url text of [`SECRET_BYTES`] bytes, unpadded.
const ENCODED_LEN: usize = (SECRET_BYTES * 4).div_ceil(3);

/// How many characters after the prefix the display start keeps: 24 bits, enough to tell a
/// user's tokens apart and far too few to help guess one.
const START_CHARS: usize = 4;

/// The marker a revoked token's digest carries in `token_hash`.
pub(crate) const REVOKED_MARK: &str = "revoked:";

/// A freshly generated token: the plaintext, its digest and its display start.
pub(crate) struct Secret {
    pub(crate) plaintext: String,
    pub(crate) digest: String,
    pub(crate) start: String,
}

/// Generates a token from the operating system's CSPRNG.
pub(crate) fn generate() -> Result<Secret, getrandom::Error> {
    let mut bytes = [0u8; SECRET_BYTES];
    getrandom::fill(&mut bytes)?;

    let mut plaintext = String::with_capacity(PREFIX.len() + ENCODED_LEN);
    plaintext.push_str(PREFIX);
    URL_SAFE_NO_PAD.encode_string(bytes, &mut plaintext);

    Ok(Secret {
        digest: digest(&plaintext),
        start: start(&plaintext),
        plaintext,
    })
}

/// The stored digest of a token: SHA-256 of its text, in lowercase hex.
pub(crate) fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The first characters of a token, kept for display.
pub(crate) fn start(token: &str) -> String {
    token.chars().take(PREFIX.len() + START_CHARS).collect()
}

/// Checks that `presented` has the shape of a token, so that stray input (another kind of
/// secret, a header with its scheme left on) is reported as such.
pub(crate) fn check_shape(presented: &str) -> Result<(), &'static str> {
    let Some(body) = presented.strip_prefix(PREFIX) else {
        return Err("it does not start with \"fdb_\"");
    };
    if body.len() != ENCODED_LEN {
        return Err("it has the wrong length");
    }
    if !body
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err("it holds characters a token never has");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_tokens_have_the_promised_shape() {
        let secret = generate().unwrap();
        assert!(secret.plaintext.starts_with(PREFIX));
        assert_eq!(secret.plaintext.len(), PREFIX.len() + 43);
        assert_eq!(check_shape(&secret.plaintext), Ok(()));
        assert_eq!(secret.digest, digest(&secret.plaintext));
        assert_eq!(secret.digest.len(), 64);
        assert_eq!(secret.start, &secret.plaintext[..8]);
    }

    #[test]
    fn two_tokens_differ() {
        assert_ne!(generate().unwrap().plaintext, generate().unwrap().plaintext);
    }

    #[test]
    fn digest_is_sha256_hex() {
        assert_eq!(
            digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn shape_check_rejects_strays() {
        assert!(check_shape("Bearer fdb_x").is_err());
        assert!(check_shape("fdb_short").is_err());
        assert!(check_shape(&format!("fdb_{}", "a".repeat(42) + "!")).is_err());
        assert!(check_shape(&format!("fdb_é{}", "a".repeat(41))).is_err());
        assert!(check_shape(&format!("fdb_{}", "a".repeat(43))).is_ok());
    }
}
