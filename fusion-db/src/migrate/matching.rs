//! Pairing the named items of a table (constraints, indexes) between two snapshots.

/// Named items of one table, old and new, paired up: by name first, then the leftovers by
/// definition, which makes an item that only changed its name a rename.
pub(crate) struct Matched<'a, T> {
    pub(crate) kept: Vec<&'a T>,
    pub(crate) dropped: Vec<&'a T>,
    pub(crate) added: Vec<&'a T>,
    pub(crate) renamed: Vec<(&'a T, &'a T)>,
}

pub(crate) fn match_named<'a, T>(
    old: &'a [T],
    new: &'a [T],
    name: impl Fn(&T) -> &String,
    same: impl Fn(&T, &T) -> bool,
) -> Matched<'a, T> {
    let mut matched = Matched {
        kept: Vec::new(),
        dropped: Vec::new(),
        added: Vec::new(),
        renamed: Vec::new(),
    };
    let mut unmatched_old = Vec::new();
    for old_item in old {
        match new.iter().find(|new_item| name(new_item) == name(old_item)) {
            Some(new_item) if same(old_item, new_item) => matched.kept.push(new_item),
            Some(new_item) => {
                matched.dropped.push(old_item);
                matched.added.push(new_item);
            }
            None => unmatched_old.push(old_item),
        }
    }

    let mut unmatched_new: Vec<&T> = (new.iter())
        .filter(|new_item| !old.iter().any(|old_item| name(old_item) == name(new_item)))
        .collect();
    for old_item in unmatched_old {
        match unmatched_new
            .iter()
            .position(|new_item| same(old_item, new_item))
        {
            Some(position) => matched
                .renamed
                .push((old_item, unmatched_new.remove(position))),
            None => matched.dropped.push(old_item),
        }
    }
    matched.added.extend(unmatched_new);
    matched
}
