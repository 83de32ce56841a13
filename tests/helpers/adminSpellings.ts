/**
 * Spellings of the Admin page's path, as an attacker would try them: percent-encoded letters, encoded slashes and
 * dots, case variants, dot segments, doubled and leading slashes, path parameters on each segment, encoded
 * separators, backslashes and combinations. Which of them Tomcat serves as the Admin page is not written here: the
 * test asks Tomcat.
 */
import { WEB_AUTHOR_ADMIN_PATH } from "../../components";

const SEGMENTS = WEB_AUTHOR_ADMIN_PATH.slice(1).split("/"); // ["oxygen-xml-web-author", "app", "admin.html"]

const join = (segments: readonly string[], separator = "/") => `/${segments.join(separator)}`;
const withSegment = (index: number, value: string) => SEGMENTS.map((segment, i) => (i === index ? value : segment));
const hex = (ch: string) => `%${ch.charCodeAt(0).toString(16).padStart(2, "0")}`;
const encodeAll = (segment: string, upper = false) => [...segment].map((ch) => (upper ? hex(ch).toUpperCase() : hex(ch))).join("");

/** Inserts `insert` before segment `index` (0: right after the leading slash; SEGMENTS.length: at the end). */
const insertAt = (index: number, insert: string) => `/${[...SEGMENTS.slice(0, index), insert, ...SEGMENTS.slice(index)].join("/")}`;

export function adminSpellings(): string[] {
    const all: string[] = [WEB_AUTHOR_ADMIN_PATH];
    const add = (...paths: string[]) => all.push(...paths);
    SEGMENTS.forEach((segment, i) => {
        // Percent-encoded letters: the first one, every one, upper-case hex.
        add(join(withSegment(i, `${hex(segment[0]!)}${segment.slice(1)}`)));
        add(join(withSegment(i, encodeAll(segment))), join(withSegment(i, encodeAll(segment, true))));
        // Case variants.
        add(join(withSegment(i, segment.toUpperCase())), join(withSegment(i, segment[0]!.toUpperCase() + segment.slice(1))));
        // Path parameters on each segment.
        for (const param of [";x=1", ";", ";jsessionid=ABC123", ";a=b;c=d"]) add(join(withSegment(i, `${segment}${param}`)));
        // Dot segments, literal and encoded, before each segment.
        for (const dots of [".", "%2e", "%2E", "x/..", "x/%2e%2e", "x/.%2e", "x/%2E%2E", "./.", "x/y/../.."]) add(insertAt(i, dots));
        // Dot segments carrying parameters.
        for (const dots of [".;x", "x/..;", "x/..;x=1", "x;/..", "x/%2e%2e;"]) add(insertAt(i, dots));
        // Empty segments.
        add(insertAt(i, ""), insertAt(i, "/"));
        // Non-ASCII look-alikes of dots and an overlong UTF-8 dot.
        add(insertAt(i, "%c0%ae"), insertAt(i, "x/%c0%ae%c0%ae"));
    });
    // Separators between segments: encoded slash, backslash (literal and encoded), mixed.
    for (const separator of ["%2f", "%2F", "\\", "%5c", "%5C", "/\\", "\\/", "%2f/"]) {
        add(join(SEGMENTS, separator));
        add(`/${SEGMENTS[0]}/${SEGMENTS[1]}${separator}${SEGMENTS[2]}`);
        add(`/${SEGMENTS[0]}${separator}${SEGMENTS[1]}/${SEGMENTS[2]}`);
    }
    // The file name: encoded dot, trailing characters Tomcat might drop on other systems, IIS-style escapes.
    add(join(withSegment(2, "admin%2ehtml")), join(withSegment(2, "admin%2Ehtml")), join(withSegment(2, "%61dmin%2ehtm%6c")));
    for (const tail of ["/", ".", "%20", "%00", "%2500", "::$DATA", "%3b", "%3bx=1", "~1", "?", "?x=1", "#x", "%23x"]) add(`${WEB_AUTHOR_ADMIN_PATH}${tail}`);
    add(join(withSegment(2, "%u0061dmin.html")), join(withSegment(2, "ADMIN.HTML")), join(withSegment(2, "admin.HTML")));
    // Leading slashes and absolute-form request targets.
    add(
        `/${WEB_AUTHOR_ADMIN_PATH}`,
        `//${WEB_AUTHOR_ADMIN_PATH}`,
        `/.${WEB_AUTHOR_ADMIN_PATH}`,
        `/..${WEB_AUTHOR_ADMIN_PATH}`,
        `/%2e%2e${WEB_AUTHOR_ADMIN_PATH}`,
    );
    add(
        `http://localhost${WEB_AUTHOR_ADMIN_PATH}`,
        `http://localhost/x/..${WEB_AUTHOR_ADMIN_PATH}`,
        `http://localhost/${SEGMENTS[0]};x/${SEGMENTS[1]}/${SEGMENTS[2]}`,
    );
    // Combinations.
    add(
        `/${SEGMENTS[0]};x=1//./${SEGMENTS[1]};y/x/%2e%2e/%61dmin.html;z`,
        `/${SEGMENTS[0]}/.;/${SEGMENTS[1]}/%2e;/%61dmin.html`,
        `//${SEGMENTS[0]}/x;a/..;b/${SEGMENTS[1]}//%61dmin%2ehtml`,
        `/x/..;/${SEGMENTS[0]}/./${SEGMENTS[1]}%2f..%2f${SEGMENTS[1]}/admin.html`,
        `/${SEGMENTS[0]}/${SEGMENTS[1]}/x/../../${SEGMENTS[1]}/./admin.html`,
    );
    return [...new Set(all)];
}

/** Ordinary editor paths (normal form; encoded document URLs in the query string), which the guard must not touch. */
export const EDITOR_PATHS = [
    "/oxygen-xml-web-author/app/oxygen.html",
    "/oxygen-xml-web-author/app/oxygen.html?url=webdav-https%3A%2F%2Fcms.example.com%2Fdocs%2Fa%20b%2F..%2Ftopic.dita&ditamap=webdav-https%3A%2F%2Fcms.example.com%2Fmap.ditamap",
    "/oxygen-xml-web-author/app/oxygen.html?url=file%3A%2F%2F%2Fsrv%2F.%2Fadmin.html%3Bx&author=%61dmin",
    "/oxygen-xml-web-author/app/oxygen.html;jsessionid=0123456789ABCDEF",
    "/oxygen-xml-web-author/rest-public/status",
    "/oxygen-xml-web-author/app/lib/file%20with%20space%20%C3%A9.js",
    "/oxygen-xml-web-author/app/lib/file%20with%20space%20%c3%a9.js?v=28.0",
];
