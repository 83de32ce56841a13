/**
 * Escaping for Java `.properties` files, exactly as `java.util.Properties.store` writes them and
 * `Properties.load(InputStream)` reads them back: ISO-8859-1 text in which `\`, `=`, `:`, `#`, `!`, a leading
 * space, control characters and everything outside printable ASCII are escaped. We write pure ASCII (non-ASCII as
 * `\uXXXX`, uppercase hex like `store`), so the file reads the same whether Web Author loads it as Latin-1 or UTF-8.
 *
 * `docker/web-author/entrypoint.sh` implements the same rules in bash; tests/real/entrypoint.test.ts proves the two
 * produce identical bytes and that Java loads them back to the original values.
 */

const NAMED_ESCAPES: Readonly<Record<string, string>> = {
    "\\": "\\\\",
    "\t": "\\t",
    "\n": "\\n",
    "\r": "\\r",
    "\f": "\\f",
    "=": "\\=",
    ":": "\\:",
    "#": "\\#",
    "!": "\\!",
};

function escape(text: string, escapeEverySpace: boolean): string {
    let out = "";
    // Iterate UTF-16 code units: Java's \u escapes are UTF-16 units, so an astral character becomes a surrogate pair.
    for (let i = 0; i < text.length; i++) {
        const ch = text.charAt(i);
        const code = text.charCodeAt(i);
        const named = NAMED_ESCAPES[ch];
        if (named !== undefined) {
            out += named;
        } else if (ch === " ") {
            out += i === 0 || escapeEverySpace ? "\\ " : " ";
        } else if (code < 0x20 || code > 0x7e) {
            out += "\\u" + code.toString(16).toUpperCase().padStart(4, "0");
        } else {
            out += ch;
        }
    }
    return out;
}

/**
 * Escapes a property key (every space is escaped, since an unescaped one would end the key).
 * @internal
 */
export function escapePropertyKey(key: string): string {
    return escape(key, true);
}

/**
 * Escapes a property value (only a leading space needs escaping).
 * @internal
 */
export function escapePropertyValue(value: string): string {
    return escape(value, false);
}

/**
 * Renders `key=value` lines, in the order given, each escaped.
 * @internal
 */
export function renderPropertyLines(entries: ReadonlyArray<readonly [string, string]>): string {
    return entries.map(([key, value]) => `${escapePropertyKey(key)}=${escapePropertyValue(value)}\n`).join("");
}
