//! Compile-fail cases of the macros live in `tests/`.
