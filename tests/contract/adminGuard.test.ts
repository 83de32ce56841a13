/**
 * The Admin guard's rendering and its one definition of "not in normal form", without any load balancer. The real
 * HAProxy in front of a real Tomcat proves the behaviour (tests/real/adminGuard.test.ts); the ALB rules are checked
 * under mocks (tests/components/awsStack.test.ts).
 */
import { ADMIN_GUARDED_PATHS, NON_NORMAL_PATH_PATTERNS, WEB_AUTHOR_ADMIN_PATH } from "../../components";
import { renderHaproxyAdminGuard } from "../../components/contract/adminGuard";
import { SOURCE_CIDRS_PER_RULE, sourceGroups } from "../../components/platforms/aws/webAuthorEntrance";

const ACLS = [
    "    acl admin_page path_beg -i /oxygen-xml-web-author/app/admin.html",
    String.raw`    acl path_not_normal path_reg '^.*%(2[DdEeFf]|3[0-9]|[46][1-9A-Fa-f]|[57][0-9Aa]|5[CcFf]|7[Ee]|00).*$' '^.*(//|/\.\.?(/|;|$)|\\).*$' '^.*;[^/]*/.*$'`,
];

describe("renderHaproxyAdminGuard", () => {
    it("denies the Admin page and every path not in normal form to everyone when no source is allowed", () => {
        expect(renderHaproxyAdminGuard([])).toEqual([
            ...ACLS,
            "    http-request deny deny_status 403 if admin_page",
            "    http-request deny deny_status 403 if path_not_normal",
        ]);
    });

    it("lets only the allowed sources through", () => {
        expect(renderHaproxyAdminGuard(["10.0.0.0/8", "192.168.1.0/24"])).toEqual([
            ...ACLS,
            "    acl admin_source src 10.0.0.0/8 192.168.1.0/24",
            "    http-request deny deny_status 403 if admin_page !admin_source",
            "    http-request deny deny_status 403 if path_not_normal !admin_source",
        ]);
    });

    it("guards the vendor's documented Admin page URL", () => {
        expect(ADMIN_GUARDED_PATHS).toEqual([WEB_AUTHOR_ADMIN_PATH]);
        expect(WEB_AUTHOR_ADMIN_PATH).toBe("/oxygen-xml-web-author/app/admin.html");
    });
});

describe("NON_NORMAL_PATH_PATTERNS", () => {
    const matches = (path: string) => NON_NORMAL_PATH_PATTERNS.some((pattern) => new RegExp(pattern).test(path));

    it.each([
        ["an encoded letter", "/oxygen-xml-web-author/app/%61dmin.html"],
        ["an encoded upper-case letter", "/oxygen-xml-web-author/%41pp/x"],
        ["an encoded digit", "/a/%31"],
        ["encoded unreserved punctuation", "/a/%2d%2E%5f%7E"],
        ["an encoded slash", "/a%2Fb"],
        ["an encoded backslash", "/a%5cb"],
        ["an encoded NUL", "/a%00"],
        ["a doubled slash", "/oxygen-xml-web-author//app/admin.html"],
        ["a leading doubled slash", "//oxygen-xml-web-author/app/admin.html"],
        ["a dot segment", "/a/./b"],
        ["a dot-dot segment", "/a/x/../b"],
        ["a trailing dot segment", "/a/.."],
        ["a dot segment with a parameter", "/a/..;x/b"],
        ["a backslash", "/a\\b"],
        ["a parameter on an inner segment", "/oxygen-xml-web-author/app;x=1/admin.html"],
        ["an empty parameter on an inner segment", "/a;/b"],
    ])("matches %s", (_, path) => {
        expect(matches(path)).toBe(true);
    });

    it.each([
        ["the app", "/oxygen-xml-web-author/app/oxygen.html"],
        ["the status path", "/oxygen-xml-web-author/rest-public/status"],
        ["a session id on the last segment", "/oxygen-xml-web-author/app/oxygen.html;jsessionid=0A1B"],
        ["an encoded space and UTF-8", "/oxygen-xml-web-author/app/a%20b%C3%A9.js"],
        ["encoded reserved characters", "/a/%3B%3F%23%25%2B%40"],
        ["dots inside names", "/a/.well-known/b..c/.x"],
        ["the root", "/"],
    ])("does not match %s", (_, path) => {
        expect(matches(path)).toBe(false);
    });

    it("fits the ALB's regex values: three per condition, at most 128 characters each, no look-around or back-references", () => {
        expect(NON_NORMAL_PATH_PATTERNS.length).toBeLessThanOrEqual(3);
        for (const pattern of NON_NORMAL_PATH_PATTERNS) {
            expect(pattern.length).toBeLessThanOrEqual(128);
            expect(pattern).not.toMatch(/\(\?[=!<>]|\\[1-9]/);
        }
    });
});

describe("sourceGroups (ALB allow rules)", () => {
    it("puts at most three CIDRs into each rule, the most one condition holds", () => {
        expect(SOURCE_CIDRS_PER_RULE).toBe(3);
        expect(sourceGroups(["1.0.0.0/8", "2.0.0.0/8", "3.0.0.0/8", "4.0.0.0/8"])).toEqual([["1.0.0.0/8", "2.0.0.0/8", "3.0.0.0/8"], ["4.0.0.0/8"]]);
        expect(sourceGroups([])).toEqual([]);
    });
});
