//! Which type changes keep every value as it is: the known-safe widenings. Any other type
//! change counts as narrowing and needs the opt-in for destructive steps.

/// Whether changing a column from type `from` to type `to` (both normalised by
/// `normalize::type_key`) keeps every value as it is: the known-safe widenings. Anything else
/// counts as narrowing.
pub(crate) fn is_widening(from: &str, to: &str, from_is_enum: bool) -> bool {
    if from == to {
        return true;
    }
    match (from.strip_suffix("[]"), to.strip_suffix("[]")) {
        (Some(from), Some(to)) => return is_widening(from, to, from_is_enum),
        (None, None) => {}
        _ => return false,
    }
    if from_is_enum {
        return to == "text" || to == "varchar";
    }
    if let (Some(a), Some(b)) = (integer_rank(from), integer_rank(to)) {
        return a <= b;
    }
    if integer_rank(from).is_some() && to == "numeric" {
        return true;
    }
    match (from, to) {
        ("real", "double precision") => true,
        ("text", "varchar") => true,
        (_, "text") => from == "varchar" || from.starts_with("varchar("),
        _ => widens_modifier(from, to),
    }
}

fn integer_rank(sql_type: &str) -> Option<u8> {
    match sql_type {
        "smallint" => Some(1),
        "integer" => Some(2),
        "bigint" => Some(3),
        _ => None,
    }
}

/// `varchar(n)` to `varchar(m >= n)` or `varchar`; `numeric(p, s)` to a numeric that keeps as
/// many digits on both sides of the point, or to `numeric`.
fn widens_modifier(from: &str, to: &str) -> bool {
    let Some((from_name, from_args)) = split_modifier(from) else {
        return false;
    };
    let (to_name, to_args) = split_modifier(to).unwrap_or((to, Vec::new()));
    if from_name != to_name || !matches!(from_name, "varchar" | "numeric") {
        return false;
    }
    if to_args.is_empty() {
        return true;
    }
    match (from_name, from_args.as_slice(), to_args.as_slice()) {
        ("varchar", [n], [m]) => m >= n,
        ("numeric", [p], [q]) => q >= p,
        ("numeric", [p, s], [q, t]) => t >= s && q.saturating_sub(*t) >= p.saturating_sub(*s),
        _ => false,
    }
}

fn split_modifier(sql_type: &str) -> Option<(&str, Vec<u32>)> {
    let (name, rest) = sql_type.split_once('(')?;
    let args = rest.strip_suffix(')')?;
    let numbers = args
        .split(',')
        .map(|arg| arg.trim().parse().ok())
        .collect::<Option<_>>()?;
    Some((name, numbers))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widening_is_recognised_and_narrowing_is_not() {
        let widening = [
            ("smallint", "integer"),
            ("integer", "bigint"),
            ("varchar(10)", "varchar(20)"),
            ("varchar(10)", "text"),
            ("real", "double precision"),
            ("integer[]", "bigint[]"),
            ("numeric(10,2)", "numeric(12,2)"),
        ];
        for (from, to) in widening {
            assert!(is_widening(from, to, false), "{from} -> {to}");
        }
        let narrowing = [
            ("bigint", "integer"),
            ("varchar(20)", "varchar(10)"),
            ("text", "varchar(10)"),
            ("text", "integer"),
            ("double precision", "real"),
            ("timestamp", "timestamptz"),
            ("numeric(12,2)", "numeric(12,4)"),
        ];
        for (from, to) in narrowing {
            assert!(!is_widening(from, to, false), "{from} -> {to}");
        }
        assert!(is_widening("status", "text", true));
    }
}
