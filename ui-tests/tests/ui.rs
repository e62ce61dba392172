//! Compile-fail cases of `#[fusion_table]`, one mistake per file, and valid input that must
//! keep compiling.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/pass/*.rs");
    cases.compile_fail("tests/ui/**/*.rs");
}
