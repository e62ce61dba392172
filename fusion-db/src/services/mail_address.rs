//! The address check of the outbox: what a real mail server would refuse later.
//!
//! Deliberately narrower than RFC 5322 (no quoted local parts, comments or display names):
//! one plain `local@domain` address, which is what applications send to.

use super::error::{AddressField, MailError};

/// The longest local part SMTP accepts (RFC 5321, 4.5.3.1.1).
const MAX_LOCAL_LEN: usize = 64;

/// The longest address SMTP accepts in a path (RFC 5321, 4.5.3.1.3, less the angle brackets).
const MAX_ADDRESS_LEN: usize = 254;

/// Characters that cannot appear unquoted in a local part.
const LOCAL_SPECIALS: &[char] = &['(', ')', '<', '>', '[', ']', ':', ';', '@', '\\', ',', '"'];

/// Checks that `address` is one plain `local@domain` address.
pub(crate) fn check(field: AddressField, address: &str) -> Result<(), MailError> {
    if address.is_empty() {
        return Err(MailError::EmptyAddress { field });
    }
    let malformed = |reason| MailError::MalformedAddress {
        field,
        address: address.to_owned(),
        reason,
    };

    if address.len() > MAX_ADDRESS_LEN {
        return Err(malformed("it is longer than 254 bytes"));
    }
    if address.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(malformed("it holds whitespace or a control character"));
    }
    let Some((local, domain)) = address.split_once('@') else {
        return Err(malformed("it has no '@'"));
    };

    check_local(local).map_err(malformed)?;
    check_domain(domain).map_err(malformed)
}

fn check_local(local: &str) -> Result<(), &'static str> {
    if local.is_empty() {
        return Err("nothing comes before the '@'");
    }
    if local.len() > MAX_LOCAL_LEN {
        return Err("the part before the '@' is longer than 64 bytes");
    }
    if local.contains(LOCAL_SPECIALS) {
        return Err("the part before the '@' holds a character that needs quoting");
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err("the part before the '@' has a misplaced '.'");
    }
    Ok(())
}

fn check_domain(domain: &str) -> Result<(), &'static str> {
    if domain.is_empty() {
        return Err("nothing comes after the '@'");
    }
    if domain.contains('@') {
        return Err("it has more than one '@'");
    }
    for label in domain.split('.') {
        if label.is_empty() {
            return Err("the domain has an empty label");
        }
        if !label.chars().all(|c| c.is_alphanumeric() || c == '-') {
            return Err("the domain holds a character other than letters, digits, '-' and '.'");
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err("a domain label starts or ends with '-'");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(address: &str) -> Option<&'static str> {
        match check(AddressField::To, address) {
            Ok(()) => None,
            Err(MailError::MalformedAddress { reason, .. }) => Some(reason),
            Err(other) => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn accepts_plain_addresses() {
        for ok in [
            "a@b",
            "ada@example.com",
            "ada.lovelace+news@mail.example.co.uk",
            "o'brien@example.ie",
            "user@xn--bcher-kva.example",
            "jürgen@bücher.de",
        ] {
            assert_eq!(reason(ok), None, "{ok}");
        }
    }

    #[test]
    fn rejects_malformed_addresses() {
        for bad in [
            "ada",
            "@example.com",
            "ada@",
            "ada@@example.com",
            "a@b@c",
            "ada lovelace@example.com",
            "ada@example.com\r\nBcc: eve@example.com",
            ".ada@example.com",
            "ada.@example.com",
            "a..da@example.com",
            "ada@example..com",
            "ada@.example.com",
            "ada@example.com.",
            "ada@-example.com",
            "ada@exa_mple.com",
            "<ada@example.com>",
            "Ada <ada@example.com>",
            "ada,bob@example.com",
        ] {
            assert!(reason(bad).is_some(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn rejects_overlong_parts() {
        let local = "a".repeat(65);
        assert!(reason(&format!("{local}@example.com")).is_some());
        let domain = format!("{}.com", "a".repeat(250));
        assert!(reason(&format!("a@{domain}")).is_some());
    }

    #[test]
    fn empty_is_its_own_error() {
        assert!(matches!(
            check(AddressField::From, ""),
            Err(MailError::EmptyAddress {
                field: AddressField::From
            })
        ));
    }
}
