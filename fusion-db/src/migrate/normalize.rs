//! Comparable forms of types and SQL expressions.
//!
//! The same type or default is spelled differently by an app (`varchar(200)`, `now()`,
//! `'draft'`) and by PostgreSQL's catalogue (`character varying(200)`, `now()`,
//! `'draft'::post_status`). Snapshots keep the spelling they were made from; every comparison
//! goes through the keys computed here, so equal schemas compare equal whichever side they
//! were read from.

use crate::ddl::{quote_ident, quote_literal};

/// Words that continue a multi-word type name after its first word.
const TYPE_NAME_CONTINUATIONS: [&str; 6] =
    ["varying", "precision", "without", "with", "time", "zone"];

/// The comparable form of a column type: lowercase, unquoted, without the `public.` schema,
/// with PostgreSQL's aliases folded (`int4` and `integer`, `character varying` and
/// `varchar`, `timestamp without time zone` and `timestamp`).
pub(crate) fn type_key(sql_type: &str) -> String {
    let mut text = fold_identifier_case(sql_type);

    let mut arrays = 0;
    while let Some(rest) = text.trim_end().strip_suffix("[]") {
        text = rest.to_owned();
        arrays += 1;
    }

    let mut args = String::new();
    if let (Some(open), Some(close)) = (text.find('('), text.rfind(')')) {
        if open < close {
            args = text[open + 1..close].replace(' ', "");
            text = format!("{} {}", &text[..open], &text[close + 1..]);
        }
    }

    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let name = words.strip_prefix("public.").unwrap_or(&words);
    let mut key = canonical_type_name(name).to_owned();
    if !args.is_empty() {
        key = format!("{key}({args})");
    }
    key.push_str(&"[]".repeat(arrays));
    key
}

fn canonical_type_name(name: &str) -> &str {
    match name {
        "int" | "int4" | "integer" => "integer",
        "int8" | "bigint" => "bigint",
        "int2" | "smallint" => "smallint",
        "float8" | "float" | "double precision" => "double precision",
        "float4" | "real" => "real",
        "bool" | "boolean" => "boolean",
        "character varying" | "varchar" => "varchar",
        "character" | "char" | "bpchar" => "char",
        "timestamp" | "timestamp without time zone" => "timestamp",
        "timestamptz" | "timestamp with time zone" => "timestamptz",
        "time" | "time without time zone" => "time",
        "timetz" | "time with time zone" => "timetz",
        "decimal" | "numeric" => "numeric",
        other => other,
    }
}

/// Lowercases everything outside double quotes and drops the quotes.
fn fold_identifier_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut quoted = false;
    for c in text.trim().chars() {
        match c {
            '"' => quoted = !quoted,
            _ if quoted => out.push(c),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The DSL's spelling of a type as PostgreSQL's `format_type` prints it, so a snapshot read
/// from a database looks like one made from the schema (`varchar(200)`, `timestamp`, and an
/// enum type as the quoted `"status"`).
pub(crate) fn dsl_type(format_type: &str, enum_names: &[String]) -> String {
    let base = format_type.trim_end_matches("[]");
    let arrays = &format_type[base.len()..];

    let unqualified = base.strip_prefix("public.").unwrap_or(base);
    let unquoted = unqualified.trim_matches('"');
    if enum_names.iter().any(|name| name == unquoted) {
        return format!("{}{arrays}", quote_ident(unquoted));
    }

    let spelled = if let Some(args) = base.strip_prefix("character varying") {
        format!("varchar{args}")
    } else if let Some(head) = base.strip_suffix(" without time zone") {
        head.to_owned()
    } else {
        base.to_owned()
    };
    format!("{spelled}{arrays}")
}

/// The comparable form of a default or check expression: casts, parentheses, whitespace and
/// identifier quotes removed, keywords lowercased, quoted numbers unquoted, `!=` as `<>`.
///
/// PostgreSQL prints a stored expression with casts and parentheses of its own
/// (`(length((title)::text) > 0)` for `length(title) > 0`); removing them on both sides makes
/// the two compare equal. A change that only moves parentheses is therefore not seen.
pub(crate) fn expression_key(expression: &str) -> String {
    let chars: Vec<char> = expression.chars().collect();
    let mut out = String::with_capacity(expression.len());
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\'' => {
                let (literal, next) = read_quoted(&chars, i, '\'');
                push_literal(&mut out, &literal);
                i = next;
            }
            '"' => {
                let (identifier, next) = read_quoted(&chars, i, '"');
                out.push_str(&identifier);
                i = next;
            }
            ':' if chars.get(i + 1) == Some(&':') => i = skip_cast(&chars, i + 2),
            '!' if chars.get(i + 1) == Some(&'=') => {
                out.push_str("<>");
                i += 2;
            }
            c if c.is_whitespace() || c == '(' || c == ')' => i += 1,
            c => {
                out.extend(c.to_lowercase());
                i += 1;
            }
        }
    }
    out
}

/// The comparable form of a column default; `NULL` is the same as no default.
pub(crate) fn default_key(default: Option<&str>) -> Option<String> {
    default
        .map(expression_key)
        .filter(|key| !key.is_empty() && key != "null")
}

/// Whether two defaults are the same once normalised.
pub(crate) fn same_default(a: Option<&str>, b: Option<&str>) -> bool {
    default_key(a) == default_key(b)
}

/// Reads a quoted token starting at `start` (the opening quote); returns its unescaped content
/// and the index after the closing quote.
fn read_quoted(chars: &[char], start: usize, quote: char) -> (String, usize) {
    let mut content = String::new();
    let mut i = start + 1;
    while i < chars.len() {
        if chars[i] == quote {
            if chars.get(i + 1) == Some(&quote) {
                content.push(quote);
                i += 2;
                continue;
            }
            return (content, i + 1);
        }
        content.push(chars[i]);
        i += 1;
    }
    (content, i)
}

/// A quoted number (`'-1'`, as PostgreSQL prints a negative default) is the number itself.
fn push_literal(out: &mut String, literal: &str) {
    let digits = literal.strip_prefix('-').unwrap_or(literal);
    let numeric = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().any(|c| c.is_ascii_digit());
    if numeric {
        out.push_str(literal);
    } else {
        out.push_str(&quote_literal(literal));
    }
}

/// Skips the type name of a `::type` cast starting at `start`; returns the index after it.
fn skip_cast(chars: &[char], start: usize) -> usize {
    let mut i = skip_spaces(chars, start);
    if chars.get(i) == Some(&'"') {
        i = read_quoted(chars, i, '"').1;
    } else {
        while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '.')
        {
            i += 1;
        }
    }

    loop {
        let after_spaces = skip_spaces(chars, i);
        let continuation =
            (TYPE_NAME_CONTINUATIONS.iter()).find(|word| is_word_at(chars, after_spaces, word));
        match continuation {
            Some(word) => i = after_spaces + word.len(),
            None => break,
        }
    }

    if chars.get(i) == Some(&'(') {
        let close = chars[i..].iter().position(|c| *c == ')');
        let inside_is_modifier = close.is_some_and(|close| {
            chars[i + 1..i + close]
                .iter()
                .all(|c| c.is_ascii_digit() || *c == ',' || c.is_whitespace())
        });
        if let (true, Some(close)) = (inside_is_modifier, close) {
            i += close + 1;
        }
    }
    while chars.get(i) == Some(&'[') && chars.get(i + 1) == Some(&']') {
        i += 2;
    }
    i
}

/// Whether the ASCII `word` stands at `chars[i..]` as a whole word, in any case.
fn is_word_at(chars: &[char], i: usize, word: &str) -> bool {
    let end = i + word.len();
    let Some(candidate) = chars.get(i..end) else {
        return false;
    };
    let same = (candidate.iter().zip(word.chars())).all(|(c, w)| c.eq_ignore_ascii_case(&w));
    same && !chars
        .get(end)
        .is_some_and(|c| c.is_alphanumeric() || *c == '_')
}

fn skip_spaces(chars: &[char], mut i: usize) -> usize {
    while i < chars.len() && chars[i].is_whitespace() {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_and_dsl_types_have_one_key() {
        let pairs = [
            ("timestamp without time zone", "timestamp"),
            ("character varying(200)", "varchar(200)"),
            ("timestamp with time zone", "timestamptz"),
            ("integer", "int4"),
            ("status", "\"status\""),
            ("status[]", "\"public\".\"status\"[]"),
            ("timestamp(3) without time zone", "timestamp(3)"),
            ("double precision", "float8"),
        ];
        for (catalogue, dsl) in pairs {
            assert_eq!(type_key(catalogue), type_key(dsl), "{catalogue} vs {dsl}");
        }
        assert_ne!(type_key("integer"), type_key("bigint"));
        assert_ne!(type_key("\"Status\""), type_key("status"));
    }

    #[test]
    fn catalogue_types_are_spelled_as_in_the_dsl() {
        let enums = ["post_status".to_owned()];
        assert_eq!(dsl_type("character varying(200)", &enums), "varchar(200)");
        assert_eq!(dsl_type("timestamp without time zone", &enums), "timestamp");
        assert_eq!(
            dsl_type("timestamp with time zone", &enums),
            "timestamp with time zone"
        );
        assert_eq!(dsl_type("post_status[]", &enums), "\"post_status\"[]");
        assert_eq!(dsl_type("bigint", &enums), "bigint");
        assert_eq!(dsl_type("public.post_status", &enums), "\"post_status\"");
    }

    #[test]
    fn printed_expressions_match_written_ones() {
        let pairs = [
            ("'x'::text", "'x'"),
            ("false", "false"),
            ("now()", "now()"),
            ("'draft'::post_status", "'draft'"),
            ("'-1'::integer", "-1"),
            ("'{}'::jsonb", "'{}'"),
            (
                "CHECK ((length((title)::text) > 0))",
                "CHECK (length(\"title\") > 0)",
            ),
            ("(views >= 0)", "views >= 0"),
            ("'a b'::character varying", "'a b'"),
            ("'x'::CHARACTER VARYING(3)[]", "'x'"),
            ("(at)::timestamp without time zone", "at"),
            ("('1'::double precision + x)", "1 + x"),
            ("(status <> 'x'::text)", "status != 'x'"),
        ];
        for (printed, written) in pairs {
            assert_eq!(
                expression_key(printed),
                expression_key(written),
                "{printed}"
            );
        }
        assert_ne!(expression_key("'A'"), expression_key("'a'"));
        assert_eq!(default_key(Some("NULL")), None);
    }
}
