/**
 * Passwords that cross every escaping our artifacts do: Java properties (`\\ = : # !`, leading and trailing spaces,
 * non-Latin-1 and astral characters, an escape look-alike) and control characters, which the config refuses but the
 * renderers must still survive.
 */
export const TRICKY_PASSWORDS = [
    "plain",
    "back\\slash",
    "eq=uals:colon",
    "#starts-with-hash",
    "!starts-with-bang",
    "  two leading spaces",
    "trailing space ",
    "tab\tnewline\nreturn\rformfeed\f",
    "Latin-1 é ü ß",
    "Euro € and CJK 漢字",
    "astral 😀 emoji",
    "\\u0041 looks like an escape",
    "ends with backslash\\",
];
