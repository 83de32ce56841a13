import { WEB_AUTHOR_ADMIN_PATH } from "./topology";

/**
 * The Admin guard: which request paths only `loadBalancer.adminAllowedSources` may send, stated once for HAProxy
 * (Docker) and the ALB rules (AWS).
 *
 * A load balancer sees the raw path; Tomcat decodes it, strips path parameters (`;x=1`) from every segment, merges
 * slashes and resolves dot segments before it picks a file. So `/app/%61dmin.html`, `/app;x=1/admin.html` or
 * `/x/../app/admin.html` all open the Admin page. Rather than imitate Tomcat's normalisation (HAProxy's
 * `normalize-uri` is still an experimental directive in 3.0; an ALB cannot rewrite a path at all), the guard
 * decides on two things every load balancer can match on the raw path:
 * - a path that starts with a guarded prefix ({@link ADMIN_GUARDED_PATHS}) is the Admin page;
 * - a path that is not in normal form ({@link NON_NORMAL_PATH_PATTERNS}) cannot be judged, so it is treated like the
 *   Admin page.
 * Both answer 403 to every source that is not allowed; allowed sources pass untouched. A path in normal form means
 * the same thing to the load balancer and to Tomcat, so the prefix decides it. Browsers and Web Author's own
 * scripts send paths in normal form (encoders such as `encodeURIComponent` never encode unreserved characters);
 * query strings, where Web Author carries encoded document URLs (`oxygen.html?url=...`), are not looked at.
 */

/**
 * Path prefixes only allowed sources reach. The vendor documents one Admin page URL, `/app/admin.html`
 * (https://www.oxygenxml.com/doc/ug-webauthor/topics/webapp-admin-page.html); the requests that page makes to read
 * and save settings are not documented, so they are not listed here and stay behind the page's own login.
 */
export const ADMIN_GUARDED_PATHS: readonly string[] = [WEB_AUTHOR_ADMIN_PATH];

/**
 * Regular expressions (one dialect: no look-around, no back-references, at most 128 characters each, so the ALB's
 * `RegexValues` accept them as HAProxy's PCRE does) that match a raw path Tomcat would not read literally:
 * 1. a percent-encoded unreserved character (letters, digits, `-` `.` `_` `~`), slash, backslash or NUL: Tomcat
 *    decodes the first and rejects or decodes the others (`%2F` depends on its `encodedSolidusHandling`);
 * 2. an empty segment (`//`), a `.` or `..` segment (also with a parameter, `..;x`), or a backslash: Tomcat merges,
 *    resolves or rejects them;
 * 3. a path parameter on any segment but the last (`/app;x=1/admin.html`): Tomcat strips it before mapping. A
 *    parameter on the last segment (`;jsessionid=...`) is fine: it cannot change what comes before it, and the
 *    prefix match still sees `admin.html;x`.
 * Case is written out in the character classes because the ALB's regex flags are not documented.
 */
export const NON_NORMAL_PATH_PATTERNS: readonly string[] = [
    "^.*%(2[DdEeFf]|3[0-9]|[46][1-9A-Fa-f]|[57][0-9Aa]|5[CcFf]|7[Ee]|00).*$",
    "^.*(//|/\\.\\.?(/|;|$)|\\\\).*$",
    "^.*;[^/]*/.*$",
];

/**
 * The frontend lines of the HAProxy Admin guard. HAProxy's `path` is the raw path without the query string (also
 * for absolute-form request targets). Single quotes keep the regexes from HAProxy's own backslash escaping.
 * @param adminAllowedSources CIDRs that pass; empty: nobody reaches a guarded path through the load balancer.
 * @internal
 */
export function renderHaproxyAdminGuard(adminAllowedSources: readonly string[]): string[] {
    // Case-insensitive prefix: Tomcat on Linux is case-sensitive, so this only ever denies more than needed.
    const lines = [
        `    acl admin_page path_beg -i ${ADMIN_GUARDED_PATHS.join(" ")}`,
        `    acl path_not_normal path_reg ${NON_NORMAL_PATH_PATTERNS.map((pattern) => `'${pattern}'`).join(" ")}`,
    ];
    if (adminAllowedSources.length === 0) {
        return [...lines, "    http-request deny deny_status 403 if admin_page", "    http-request deny deny_status 403 if path_not_normal"];
    }
    return [
        ...lines,
        `    acl admin_source src ${adminAllowedSources.join(" ")}`,
        "    http-request deny deny_status 403 if admin_page !admin_source",
        "    http-request deny deny_status 403 if path_not_normal !admin_source",
    ];
}
